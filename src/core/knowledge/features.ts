// Text → retrieval features: canonical words (jieba + synonyms, stop words dropped) and
// character bigrams. Bigrams catch what segmentation and typos split apart (发出去 ~ 发出);
// words carry meaning the bigrams blur.
import type { Tokenizer } from '../understanding/tokenizer.js';
import { parseChineseNumber } from '../understanding/entities.js';
import { normalizeText } from '../understanding/normalize.js';
import { STOP_WORDS } from '../understanding/stopwords.js';

/** A sparse feature vector: feature → weight. */
export type SparseVector = Map<string, number>;

/** Characters that carry no topic on their own; bigrams made with them are dropped. */
const FILLER_CHARS = new Set([...'的了吗呢啊吧呀哈哦嘛么啦喔嗯是我你您他她它这那个们就都也还又和与在有没不能会要想请问下一亲吖呗滴咯']);

// Order states decide which answer applies ("还没发货能改地址吗" vs "已经发货了还能改地址吗"), and
// bags of words lose the negation. Each rule adds one canonical state token.
const STATE_PHRASES: readonly [RegExp, string][] = [
  [/(还没|没有|未|尚未|还未|没)(有)?(发货|发出|寄出|发走|发)/, '未发货'],
  [/(已经|已)(发货|发出|寄出|发走|发了)|发货了|发出来了|寄出来了|发走了/, '已发货'],
  [/(还没|没有|未|没)(付款|付钱|支付|付)/, '未付款'],
  [/(已经|已)(付款|付钱|支付|付了)|付完款|付了款|付款了|拍了也付了/, '已付款'],
  [/(已经|已)签收|签收了|收到货了|已经收到|收到了/, '已签收'],
  [/(没|未|还没)(收到|到货)|没到/, '未收到'],
];

// In a return question the goods' condition decides the answer ("吊牌还在" vs "吊牌剪了"), and
// again the negation is what a bag of words loses: 没穿过 contains 穿过. (Outside returns, 下过水
// is about shrinking or fading, not about the right to return.)
const RETURNING = /退|换|售后|无理由/;
const CONDITION_PHRASES: readonly [RegExp, string][] = [
  [/(吊牌|标签)(都|还|也)?(在|没剪|没拆|没动|完好|齐全)|(没|未)(剪|拆)(吊牌|标签)|(没|未)(洗|穿)过|没洗没穿|(没|未)下过?水|没拆(封|开|过)?|(还)?没(用|开封|通电|插电|开过|动过)|未(使用|拆封|开封|通电)|全新/, '吊牌完好'],
  [/(剪|拆|撕|扔|扯)(了|掉)?(吊牌|标签)|(吊牌|标签).{0,3}(剪|拆|撕|扔|扯)(了|掉)|(?<![没未不])(洗|穿)(过|了一|了半)|(?<![没未不])下过水|铺过|(?<![没未不还])(用了|用过|拆封了|开封了|拆开了|通电了|插电|吃了|喝了)|(?<![没未不还])(拆封|开封|拆开|拆包|打开)(后|之后|以后|了|过|或者)/, '已使用'],
];

/** The goods' condition a return question states ('吊牌完好': unused, '已使用'), both when it says both. */
export function returnConditions(normalized: string): string[] {
  if (!RETURNING.test(normalized)) return [];
  return CONDITION_PHRASES.filter(([re]) => re.test(normalized)).map(([, token]) => token);
}

// How long the shopper has had the goods decides between return answers ("签收都十二天了" is past
// a 7-day window, "前天刚收到" inside it), and day counts (九, 十二, 十来) share no words. A message
// about goods received, or about a window passed (过了七天), gets a token for its side of 7 days.
const HELD = /收到|签收|到货|拿到|收货|买了|到手|拆/;
const DURATION = /(超过|过了|超了)?第?(\d{1,3}|[零一二两三四五六七八九十]{1,3}|半)\s*(来|多)?\s*个?(天|日|星期|周|礼拜|月)(内|以内|之内)?/g;
const JUST_RECEIVED = /(今天|昨天|前天|刚刚?|上午|下午)(刚)?(收到|签收|到货|拿到|到的)/;
const UNIT_DAYS: Readonly<Record<string, number>> = { 天: 1, 日: 1, 星期: 7, 周: 7, 礼拜: 7, 月: 30 };

function heldDays(norm: string): string | undefined {
  if (JUST_RECEIVED.test(norm)) return '签收7天内';
  for (const m of norm.matchAll(DURATION)) {
    const [, past, count = '', , unit = '', within] = m;
    if (!past && !HELD.test(norm)) continue;
    const n = count === '半' ? 0.5 : /^\d+$/.test(count) ? Number(count) : parseChineseNumber(count);
    if (n === undefined) continue;
    const days = n * (UNIT_DAYS[unit] ?? 1);
    if (within) return days <= 7 ? '签收7天内' : undefined;
    return days > 7 || (past && days === 7) ? '签收超过7天' : '签收7天内';
  }
  return undefined;
}

/**
 * Service topics every shop answers, each with the many everyday ways shoppers say them ("瓶子裂了
 * 漏了一箱子", "外壳压扁了" and "收到摔坏了" are one topic: damaged in transit). A text saying one
 * gets the topic's token, so a one-line FAQ question meets questions worded nothing like it.
 * Category-neutral: these are about orders, delivery and after-sales, not about any goods.
 */
const TOPICS: readonly [string, RegExp][] = [
  ['运输破损', /破损|破了|裂了|裂开|碎了|碎成|碎掉|摔碎|打碎|碎裂|压扁|压坏|摔坏|摔了|漏了|漏液|洒了|撒了|变形了|磕坏|磕破|外壳破|箱子破/],
  ['质量问题', /质量问题|开线|脱线|开胶|脱胶|跳线|钻毛|跑毛|断线|坏了|故障|不工作|不加热|没反应|开不了机|不能用了|用不了|不启动|启动不了|不开机|不转了?|不亮了?|充不进|充不上|分层|变质|发霉|怪味|臭了|是不是坏|胀袋|鼓包|鼓鼓|漏气|充了?气|(?<!冰)裂纹|裂缝|漏水/],
  ['异物', /异物|头发|虫子|杂质|石子|沙子|吃出/],
  ['份量不足', /缺斤少两|分量不足|份量不足|不够秤|称了|少了\d|重量不对|少装|(克重|重量|分量).{0,8}(不一样|不对|不符|少了|偏少|不足)|比(?!较).{0,6}轻/],
  ['节假日', /过年|春节|除夕|腊月|年前|年后|国庆|五一|放假|节假日|停发/],
  ['试用装', /试用|试吃|小样|小份|尝尝|尝一下|体验装|先试|试试|小包装|小包的/],
  ['过敏', /过敏|红肿|泛红|发红|刺痛|起疹|疹子|发痒|好痒|又痒|烂脸|不耐受|红了一片|起了?红点|长痘|爆痘|闷痘/],
  ['退款到账', /到账|退到|钱.{0,4}(回来|退回|到卡)|退钱|回款|钱.{0,3}退|钱.{0,5}(到|回)(?!付)/],
  ['补货', /补货|没货|缺货|断货|上架|再有货|还会有|(啥|什么)时候还?有|卖完|卖光|售罄|到货通知|到货提醒/],
  ['日期新鲜', /过期|保质期|生产日期|有效期|新鲜|临期|批号|批次|几月份?(生产|产)的|什么时候生产|哪.{0,2}生产的/],
  ['客服时间', /上班|下班|在线时间|(几点|什么时候|啥时候).{0,3}(在|有人)|几点.{0,4}(有|能)?(真人|人工|客服)|真人.{0,4}(几点|时间)|(真人|人工|客服)在(吗|不|嘛|没)|还有(真人|人工|人)在|营业时间|值班|工作时间/],
  ['优惠券', /券|满减|满.{0,5}减|红包|折扣|打折/],
  ['包邮运费', /包邮|免邮|运费|邮费|快递费|满.{0,5}包/],
  // 差价 alone is any price difference (明前跟雨前差价咋那么大); refunded or made up, price protection.
  ['价保差价', /(退|补|返|赔).{0,3}差价|差价.{0,4}(退|补|返|赔)|降价|便宜了|价保|保价|退差|补差/],
  ['取消订单', /取消|撤单|撤销|撤回|不要了|拍错|下错|拍重|重复(下单|拍)|多拍|拍多/],
  ['修改地址', /改地址|地址.{0,3}(错|改|换)|换地址|修改地址|改收货/],
  ['发货时效', /几点前|当天发|(今天|明天|今晚)(还|就)?(能|可以)?(发|寄)|(多久|什么时候|啥时候|几天)(能|可以|才)?(发|寄出)|发出去|发走|寄出来/],
  ['到货时效', /(几天|多久|什么时候|啥时候)(能|可以|才)?(到|收到)|到.{0,3}要?几天|(寄|发|送)到.{0,8}(几天|多久)/],
  ['使用方法', /怎么用|用法|使用方法|怎么使用|步骤|顺序|先.{0,6}后/],
  ['没有效果', /没效果|没啥效果|没什么效果|(?<!还)没用(?!过)|效果不好|不明显|不管用/],
  ['真假', /正品|真假|假货|仿品|高仿|验真|防伪|真的吗/],
  ['温度运输', /化了|化成|融化|冻坏|冻住|结冰|高温|太热|天热|热的天|冰袋/],
  ['退换货', /退|换货|无理由/],
  // An exchange is said many ways ("能换L不", "换小一码", "拍成15pro了…能换不"); 换地址 and 换新 are other topics.
  ['换货', /换货|调换|(?:(?:能|可以|可不可以|要|想|帮我|给我|给换|还能)换|换(?=码|号|尺码|尺寸|大|小|成|型号|款|颜色|一个|个|不|吗))(?!个?地址|个?收货|绑|新|电池|个?说法)/],
  ['改尺寸', /改(大|小|圈|尺寸)|(弄|调|改|收)(大|小)(一)?点|加大圈|改一下圈|改短|改长/],
  ['偏远地区', /新疆|西藏|青海|甘肃|宁夏|内蒙|乌鲁木齐|喀什|伊犁|和田|阿克苏|库尔勒|哈密|克拉玛依|拉萨|日喀则|林芝|西宁|格尔木|银川|呼和浩特|包头|鄂尔多斯|兰州|偏远/],
  ['加急快递', /顺丰|顺风|加急|急用|急着用|指定快递|加钱.{0,3}(发|走|寄)/],
  ['保修', /保修|质保|保固|包修|保几年|保多久|保多长|管不管|还在保|过保|保内|维修|返修|管保|保不保|还保吗/],
  ['发票', /发票|开票|专票|普票|抬头|税号|报销/],
  ['会员积分', /会员|积分|vip|等级|入会/],
  ['分期付款', /分期|花呗|信用卡|白条/],
  ['团购批发', /团购|批发|企业|采购|批量|年会|印logo|定制logo|公司.{0,3}(订|买)/],
  ['掉色', /掉色|褪色|褪了|掉漆|镀色|镀金.{0,4}掉|串色|染色|浮色|掉颜色|洗.{0,4}(蓝|红|黑|紫|绿|黄)(?!色)|水都是.{0,2}色/],
  ['以旧换新', /以旧换新|旧的?.{0,6}(抵钱|抵扣|抵多少|折价|回收|换新)|回收旧/],
  ['异味', /异味|味儿|气味|臭味|刺鼻|甲醛|一股味/],
  ['上新', /上新|上市|新品|新款|(啥时候|什么时候|几月份?).{0,4}能买/],
  ['礼品袋', /手提袋|礼品袋|礼袋|拎袋|纸袋/],
  ['保存方法', /保存|储存|存放|咋存|怎么存|怎么放|放冰箱|冷藏|受潮|防潮|串味/],
  ['首次使用', /第一次用|首次使用|新买的.{0,8}(用|洗|煮)|开壶|开锅|开封前/],
  ['刻字定制', /刻字|刻个?名字?|刻名|印字|印名字|刻上/],
  ['尺码测量', /怎么量|咋量|怎么测|咋测|如何测量|尺码表|码数|选多大|穿多大|戴多大|几号(?!发|到|能|前|之前|下单|拍|上班|放假|开始|有货|上新)/],
  ['沾水', /沾水|碰水|洗澡|游泳|下海|泡温泉|淋雨/],
  ['色差', /色差|颜色.{0,6}(不[太大]?一样|不同|不对|有差|差别)|(跟|和|与).{0,4}图.{0,6}(不[太大]?一样|不同|有差)|实物.{0,4}(不[太大]?一样|不符)/],
  ['贺卡', /贺卡|卡片|写.{0,3}卡|祝福语|留言卡/],
  ['发黑氧化', /发黑|变黑|黑了|氧化|变色/],
  ['孕期哺乳', /孕妇|怀孕|孕期|孕妈|准妈妈|哺乳|喂奶|备孕/],
];

/** The service topics a normalised text says, by name ("碎成两半了" → 运输破损). */
export function topicsOf(normalized: string): string[] {
  const out: string[] = [];
  for (const [topic, re] of TOPICS) if (re.test(normalized)) out.push(topic);
  return out;
}

/** Extracts feature tokens from text; the same function builds the index and reads queries. */
export function createFeatureExtractor(tokenizer: Tokenizer, synonyms: ReadonlyMap<string, string>): (text: string) => string[] {
  return (text) => {
    const norm = normalizeText(text);
    const out: string[] = [];
    for (const w of tokenizer.words(norm)) {
      const canon = synonyms.get(w) ?? w;
      if (STOP_WORDS.has(canon) || /^[a-z0-9]$/.test(canon)) continue;
      out.push('w:' + canon);
    }
    for (const [re, token] of STATE_PHRASES) if (re.test(norm)) out.push('w:' + token);
    if (RETURNING.test(norm)) for (const [re, token] of CONDITION_PHRASES) if (re.test(norm)) out.push('w:' + token);
    const held = heldDays(norm);
    if (held) out.push('w:' + held);
    for (const [topic, re] of TOPICS) if (re.test(norm)) out.push('t:' + topic);
    // Bigrams within runs of CJK letters and digits, skipping filler characters.
    for (const run of norm.match(/[\p{Script=Han}a-z0-9]+/gu) ?? []) {
      const chars = [...run].filter((c) => !FILLER_CHARS.has(c));
      for (let i = 0; i + 1 < chars.length; i++) {
        const bigram = (chars[i] ?? '') + (chars[i + 1] ?? '');
        // A stop word is no evidence as a bigram either (客服 of "人工客服几点上班" is whom one asks).
        if (!STOP_WORDS.has(bigram)) out.push('b:' + bigram);
      }
    }
    return out;
  };
}

/** Term frequencies of a token list. */
export function termFrequencies(tokens: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

/** How much a kind of feature counts relative to a word: character bigrams, and service topics (1 when absent). */
export interface FeatureScales {
  bigram: number;
  topic?: number;
}

/** TF-IDF weights (sublinear tf), bigrams and topics scaled by `scales`, L2-normalised. */
export function tfidfVector(tf: ReadonlyMap<string, number>, idf: (t: string) => number, scales: FeatureScales): SparseVector {
  const v: SparseVector = new Map();
  let norm = 0;
  const topic = scales.topic ?? 1;
  for (const [t, n] of tf) {
    const w = (1 + Math.log(n)) * idf(t) * (t.startsWith('b:') ? scales.bigram : t.startsWith('t:') ? topic : 1);
    if (w <= 0) continue;
    v.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

/** Sum of vectors, L2-normalised (an entry's centroid over its phrasings). */
export function centroid(vectors: readonly SparseVector[]): SparseVector {
  const c: SparseVector = new Map();
  for (const v of vectors) for (const [t, w] of v) c.set(t, (c.get(t) ?? 0) + w);
  const norm = Math.sqrt([...c.values()].reduce((s, w) => s + w * w, 0));
  if (norm > 0) for (const [t, w] of c) c.set(t, w / norm);
  return c;
}
