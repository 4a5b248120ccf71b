// What a product question asks about: price, stock, material… detected with phrase lists in
// Chinese and English. Each aspect maps to the catalog fields that answer it.

/** A facet of a product a shopper can ask about; `fact:<name>` is one of the shop's own attributes. */
export type Aspect = 'price' | 'stock' | 'material' | 'suitability' | 'size' | 'care' | 'color' | 'origin' | 'standard' | `fact:${string}`;

/** Aspects of a message given the shop's own attributes it names: those win over the built-in ones they overlap (功率多大 is not a size question), price and stock stay. */
export function withFacts(aspects: readonly Aspect[], facts: readonly string[]): Aspect[] {
  if (facts.length === 0) return [...aspects];
  return [...aspects.filter((a) => a === 'price' || a === 'stock'), ...facts.map((f): Aspect => `fact:${f}`)];
}

type BuiltInAspect = Exclude<Aspect, 'suitability' | `fact:${string}`>;

const PATTERNS: Record<BuiltInAspect, RegExp> = {
  price: /多少钱|多钱|多少💰|多少米|(?<![有剩量率度重长宽高寸数径积])多少[?？呀啊呢哈]*$|价格|价钱|几块|什么价|啥价|售价|贵不贵|贵吗|便宜|优惠价|到手价|how much|price|cost/,
  stock: /有货|没货|现货|库存|还有多少|剩多少|还剩|缺货|断码|售罄|卖完|还有吗|还有没有|还有么|还有几|还剩几|有没有.{0,4}[码号色]|有[a-z0-9.]{1,5}(码|号|cm)?的?(吗|嘛|么|不|没)|[a-z0-9]{1,5}(码|号)?的?(有吗|有没有|还有|有货)|有.{1,4}色的?(吗|嘛|么|不)|in stock|available|sold out/,
  material: /面料|材质|材料|成分|什么料|啥料|什么布|纯棉吗|是棉的|含棉|棉的吗|布料|什么做的|啥做的|做的吗|fabric|material|cotton/,
  size: /尺码|尺寸|码数|多大|大小|size|尺码表|偏大|偏小|选什么码|穿什么码|拍什么码|选多大|多高|多重|几斤|多少斤|身高|体重|\d{2,3}\s*(cm|斤|kg|公斤)/,
  care: /怎么洗|洗涤|清洗|机洗|手洗|能洗|能水洗|烘干|保养|wash|care/,
  color: /颜色|什么色|几个色|哪些色|色号|colou?r/,
  origin: /产地|哪里产|哪里生产|哪里做|国产|made in|origin/,
  standard: /a类|b类|标准|安全等级|甲醛|荧光剂|认证|oeko|certif/,
};

/** Aspects mentioned in normalised text, in a fixed order. */
export function detectAspects(normalized: string): Aspect[] {
  const found: Aspect[] = (Object.keys(PATTERNS) as BuiltInAspect[]).filter((a) => PATTERNS[a].test(normalized));
  // Suitability needs both a who (孕妇, 宝宝…) and a can/suit word; "宝宝" alone is not a question.
  if (audiencesIn(normalized).length > 0 && SUITS.test(normalized)) found.push('suitability');
  return found;
}

const SUITS = /能|可以|适合|合适|适用|行吗|行不|ok吗|好吗|suitable|can|ok for|safe/;

/** Service topics: with one of these and no product named, a price or size word is about policy. */
export const SERVICE_WORDS = /运费|邮费|快递|顺丰|顺风|加急|发货|寄|物流|退|换|发票|开票|积分|会员|优惠券|券|满减|包邮|售后|客服|人工|付款|支付|付钱|分期|花呗|定金|尾款|价保|保价|差价|降价|便宜了|赠品|送的|礼盒|包装|贺卡|检测报告|质检|报告|防伪|正品|线头|瑕疵|破损|拆开|拆了|吊牌|下单|订单|地址|取消|签收|驿站|补货|工厂|实体店|专卖店|批发|团购|采购|批量|公司.{0,3}(订|买)|企业|投诉|起球|缩水|掉色|色差|甲醛|荧光|再有货|再上|到货|熨|消毒/;

/** Labels of every audience the text mentions. */
export function audiencesIn(normalized: string): { words: RegExp; labels: readonly string[] }[] {
  return AUDIENCES.filter((a) => a.words.test(normalized));
}

/** The audience words as written plus their catalog labels ("乳胶过敏" → 过敏, 敏感肌, 过敏体质). */
export function audienceLabels(normalized: string): string[] {
  return AUDIENCES.flatMap((a) => {
    const m = normalized.match(a.words);
    return m ? [m[0], ...a.labels] : [];
  });
}

/** Who a suitability question is about, mapped to the catalog's suitable_for vocabulary. */
export const AUDIENCES: readonly { words: RegExp; labels: readonly string[] }[] = [
  { words: /孕妇|孕期|怀孕|准妈妈|孕妈|pregnan/, labels: ['孕妇', '孕期'] },
  { words: /产后|月子|哺乳|喂奶/, labels: ['产后', '哺乳期'] },
  { words: /新生儿|刚出生|newborn/, labels: ['新生儿'] },
  { words: /宝宝|婴儿|婴幼儿|bb|baby|小月龄/, labels: ['婴儿', '婴幼儿', '新生儿', '宝宝'] },
  { words: /小孩|孩子|儿童|小朋友|童装|kid|child/, labels: ['儿童', '幼儿', '宝宝'] },
  { words: /敏感肌|皮肤敏感|过敏|湿疹|特应性|sensitive/, labels: ['敏感肌', '过敏体质'] },
  { words: /老人|老年|长辈|爸妈|父母/, labels: ['老人', '中老年'] },
  { words: /男士|男生|男的|老公|男朋友/, labels: ['男士', '男性'] },
  { words: /女士|女生|女的|老婆|女朋友/, labels: ['女士', '女性'] },
];
