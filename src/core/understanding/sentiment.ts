// Rule and lexicon sentiment for shoppers' messages: is this shopper calm, unhappy, or hostile?
// Used to hand upset shoppers to a person, so it must be fast, offline, predictable and never
// throw. Chinese first (with a few traditional characters folded), English, emoji and the
// stickers of Chinese chat apps ("[怒]").
//
// How a message is scored:
//  1. Read at most MAX_CHARS characters; normalise (NFKC, lower case) and fold Latin letter
//     runs ("sooo slow" → "so slow") and a few traditional characters.
//  2. Every lexicon cue (CUE_TABLE) that matches contributes a weight in 0..1, adjusted for its
//     context: a negator just before it (不/没有/一点都不/"not") cancels it; a degree adverb
//     (太/很/so) raises it; a softener (有点/"a bit") lowers it; a question ("会起球吗",
//     "投诉电话是多少") lowers or cancels the cues that are also plain questions; a committing
//     lead-in ("我要投诉", "给你差评", "i will leave a bad review") raises threats.
//     Matches never overlap: the leftmost wins, then the cue listed first (stronger first).
//  3. base = strongest cue + CUE_SUM_SHARE × the others.
//  4. Intensity (到底, 究竟, 都…了还, 三天了, 几次了, "how many times") adds up to
//     INTENSITY_CAP; shouting (!!!, ???, ALL-CAPS English) adds SHOUT_BONUS.
//  5. Without a hostile cue (weight ≥ angry threshold) and without shouting, the score stays
//     below the angry threshold: impatience and disappointment, however intense, are negative.
//  6. Labels by fixed thresholds: score ≥ 0.7 angry, ≥ 0.3 negative, else neutral.
import { normalizeText } from './normalize.js';

export type Sentiment = 'neutral' | 'negative' | 'angry';

export interface SentimentResult {
  sentiment: Sentiment;
  /** 0..1, how strongly negative */
  score: number;
  /** the cues that fired, for the trace */
  cues: string[];
}

/** Fixed label thresholds on the score. */
export const SENTIMENT_THRESHOLDS = { negative: 0.3, angry: 0.7 } as const;

/** Only the start of a message is read: enough for any real message, and bounded in time. */
const MAX_CHARS = 2000;
/** Share of every cue but the strongest that adds to the base score. */
const CUE_SUM_SHARE = 0.15;
/** At most this many hits of one cue count. */
const MAX_HITS_PER_CUE = 3;
const DEGREE_BONUS = 0.1;
const SOFTENER_FACTOR = 0.9;
/** Damping of playful cues (😭, 呜呜) in a clearly happy message ("太可爱了😭"). */
const SOFT_IN_POSITIVE = 0.3;
const INTENSITY_CAP = 0.3;
const SHOUT_BONUS = 0.4;
/** Without any cue, intensity and shouting alone reach at most this. */
const NO_CUE_CAP = 0.45;
const NO_CUE_SHOUT = 0.2;
const MAX_CUES_IN_TRACE = 16;

// ---------------------------------------------------------------------------------------------
// Lexicon

interface CueSpec {
  /** Pattern source, matched against the normalised text (lower case, NFKC). */
  p: string;
  /** Weight 0..1: 0.3–0.69 is negative, 0.7 and above is hostile. */
  w: number;
  /** Factor when the cue sits in a question or condition: 0 drops it, 1 (default) keeps it. */
  q?: number;
  /** A degree adverb just before (太, 很, "so") adds DEGREE_BONUS. */
  deg?: boolean;
  /** Expressive and often playful (😭, 呜呜): damped when the message is clearly happy. */
  soft?: boolean;
  /** A threat or accusation: with a committing lead-in ("我要", "给你", "i will") it weighs this. */
  strong?: number;
  /** Not subject to negation (emoji, stickers). */
  noNeg?: boolean;
}

type Script = 'zh' | 'en' | 'sym';

const NUM = '(?:[一二两三四五六七八九十几\\d]+|好几|半)';
const PERIOD = '个?(?:天|周|星期|礼拜|月|小时)';

/**
 * Cue table by script. Each script's cues are scanned as one alternation, so matches never
 * overlap: the leftmost match wins, and at the same position the earlier cue (hostile and
 * longer phrases come first). English patterns are wrapped in letter boundaries. Patterns
 * must not contain capturing groups (the scan numbers cues by group).
 */
const CUE_TABLE: Readonly<Record<Script, readonly CueSpec[]>> = {
  zh: [
    // --- insults, contempt, profanity (hostile) ---
    { p: '去死|死全家|全家死|找死|该死|死吧', w: 0.95 },
    { p: '智障|弱智|脑残|白痴|傻[逼bx比叉屌]|傻子|蠢货|蠢猪|蠢(?!萌)|废物|神经病|脑子(?:有病|进水|有问题)', w: 0.9 },
    { p: '有病(?!菌|毒|原|历|史|变)', w: 0.85 },
    { p: '垃圾(?!袋|桶|篓|分类|筐|箱|处理|回收|短信|邮件|食品|车|站)|辣鸡|拉圾|垃极', w: 0.9 },
    { p: '骗子|骗人|骗钱|骗我|诈骗|欺骗|骗局|大忽悠|忽悠人', w: 0.9 },
    // 黑心棉 (shoddy recycled cotton) is also a product question: see the 假货 cue.
    { p: '黑店|黑心(?!棉)|奸商|无良商家|无良', w: 0.9 },
    { p: '破店|(?:什么|啥)破|破(?:玩意|东西|烂货|衣服|质量|烂)', w: 0.85 },
    { p: '坑人|坑爹|坑钱|坑我|(?:太|好|真)坑|坑货', w: 0.85 },
    { p: '无耻|不要脸|流氓|土匪|强盗|缺德|丧良心|没良心|恶心人', w: 0.85 },
    { p: '放(?:狗)?屁|狗屁|屁用|个屁|扯淡|扯犊子|胡扯|胡说八道', w: 0.8 },
    { p: '(?<!孩子|孩|娃)他妈(?=的|个|了|太|真|都|还|又|不|没|[\\s!?,.~]|$)|你妈(?!妈)|(?<!妈)妈的|尼玛|泥马|草泥马|tm的|特么|操你|操蛋|艹', w: 0.9 },
    { p: '(?<!\\p{Script=Han})[草槽](?!\\p{Script=Han})|[我卧][草槽操](?!莓|本|原|地|坪|稿|帽|席|绿|场)', w: 0.85 },
    { p: '(?<!\\p{Script=Han})靠(?!\\p{Script=Han})|我靠(?!谱|垫|枕|背|近|得|着|在|边|墙|窗|床|上)|靠北|靠腰', w: 0.8 },
    { p: '(?<!打|翻|滚)滚(?!筒|边|动|轮|珠|条|烫|圆|落|床|雪|滚|刷)', w: 0.85 },
    { p: '气死|气炸|火大|肺都气', w: 0.75 },
    { p: '受够|忍不了|忍无可忍|欺人太甚|太欺负人', w: 0.75 },
    { p: '什么玩意|啥玩意|什么鬼东西', w: 0.7 },
    { p: '被骗|上当受骗|上当了|被坑|被宰', w: 0.75 },
    // --- threats: complaint, bad review, authorities, exposure, law ---
    { p: '(?<!\\d)12315(?!\\d)|消协|消费者协会|工商局|工商(?!银行)|市场监管|监管部门', w: 0.85, q: 0.6 },
    { p: '曝光|举报|报警|起诉|告你|告到|法院|律师|打官司|维权', w: 0.85, q: 0.5 },
    { p: '投诉', w: 0.75, q: 0.5, strong: 0.85 },
    // "差评返现吗" asks about cash back, "看到差评" reports others' reviews: only a committed
    // bad review is a threat.
    {
      p: '(?<!看|看到|看了|看过|好多|很多|那些|这些|有|中)差评(?!返|会|能|可以|有|是|的|多|太多|好多|很多)',
      w: 0.4,
      q: 0.5,
      strong: 0.85,
    },
    { p: '(?:一|1)星(?!期)|零分|负分', w: 0.35, q: 0.5, strong: 0.75 },
    { p: '卖假货|卖黑心棉|黑心棉|假货|假冒|冒牌|以次充好|货不对版|与描述不符|描述不符|虚假宣传', w: 0.6, q: 0.5, strong: 0.8 },
    // --- strong displeasure, not yet hostile ---
    { p: '搞什么(?:鬼|飞机|名堂)?|什么鬼|有没有搞错|开什么玩笑|逗我(?:呢|玩)', w: 0.6 },
    { p: '离谱', w: 0.65, deg: true },
    { p: '过分', w: 0.6, deg: true },
    { p: '恶心', w: 0.6, deg: true },
    { p: '糟糕|差劲|(?:太|好|真|很)烂|烂透', w: 0.6, deg: true },
    { p: '崩溃', w: 0.55, deg: true },
    { p: '生气|恼火|气人', w: 0.55, deg: true },
    { p: '(?:再也|下次|以后)(?:再)?不(?:会|敢)?(?:买|来|光顾|回购)|不会再(?:买|来|光顾|回购)|最后一次(?:买|来)|拉黑|取关', w: 0.55 },
    { p: '不爽', w: 0.5, deg: true },
    { p: '不满意', w: 0.5, deg: true },
    { p: '不(?:太|是很|怎么|够|大)满意', w: 0.4 },
    { p: '不满(?![一二两三四五六七八九十\\d周岁个月足])', w: 0.45, deg: true },
    { p: '失望', w: 0.5, deg: true },
    { p: '无语', w: 0.5, deg: true },
    { p: '后悔', w: 0.5, deg: true, q: 0.5 },
    { p: '不靠谱|不负责|不专业|敷衍|推脱|踢皮球|不讲理|不讲信用|不守信用|不诚信|言而无信', w: 0.5, deg: true },
    { p: '烦死|(?<!麻)烦人|烦透|(?:好|真|太|超)烦', w: 0.5 },
    { p: '(?<!麻|不厌其)烦(?!请|您|劳)', w: 0.35, deg: true },
    { p: '急死|急疯|急坏|急得要命', w: 0.5 },
    { p: '急{3,}', w: 0.45 },
    { p: '不开心|不高兴|难过|伤心|心塞|郁闷|心累|闹心|糟心|憋屈|委屈', w: 0.45, deg: true },
    { p: '(?<!\\p{Script=Han})服了|我服了|真服了|服了你', w: 0.45 },
    { p: '醉了', w: 0.45 },
    { p: '呵呵', w: 0.4 },
    // --- quality complaints ---
    {
      p: '(?:质量|做工|服务|态度|效果|体验|面料|料子|东西|货|品质|售后)(?:也|太|很|真|好|非常|特别|超|有点|比较|挺|这么|那么|真的)?(?:差|烂)(?!不多|价|额|距|异|别|评|一点)',
      w: 0.5,
    },
    { p: '(?:也太|太|很|好|真|超|巨|特别|非常|最|极|这么|那么|贼)差(?!不多|价|额|距|异|别|评|一点|几)', w: 0.5 },
    { p: '一般般|(?:很|太|挺|比较|质量|做工|效果|感觉|面料|手感)一般(?!都|来说|情况|多久|几天|要|是|会|的话|什么|用)', w: 0.35, q: 0.5 },
    { p: '不喜欢|不好(?:用|穿|洗|看)|难用|难穿|难看|丑死|(?:好|太|真)丑', w: 0.35, q: 0 },
    { p: '不舒服|扎人|扎皮肤|刺挠|磨皮肤|勒得慌', w: 0.35, q: 0 },
    // Something that happened (过敏了) is worrying even when asked about; 会不会起红疹 is not.
    { p: '过敏了|(?:起|出|长)(?:红)?疹子?了|红疹了', w: 0.45, q: 0.7 },
    { p: '起疹子|出疹子|长疹子|起红疹|红疹|起疙瘩|痒死|发痒', w: 0.4, q: 0 },
    {
      p: '起球|掉色|褪色|缩水|开线|脱线|破洞|破了|有洞|线头(?:很|太|好)?多|异味|味道(?:很|太|好)?大|有味道|(?<!臭)臭(?!臭)|发霉|污渍|有污|变形|掉毛',
      w: 0.3,
      q: 0,
    },
    { p: '质量问题|有问题|出问题', w: 0.3, q: 0 },
    // A mistake that happened is a complaint even when asked about (你们是不是发错了).
    { p: '发错|寄错|错发|漏发|少发|搞错|弄错', w: 0.35 },
    {
      p: '色差(?:太|很|好|有点|比较|非常|特别)?(?:大|严重|明显)|(?:跟|和|与)(?:图片|描述|详情页?)(?:不一样|不符|差(?:别|距)?(?:太|很)?大)|实物不符',
      w: 0.3,
      q: 0,
    },
    { p: '退一赔三|假一赔十|退一赔十|赔偿|赔钱', w: 0.45, q: 0.5 },
    // --- worry ---
    { p: '担心|担忧|焦虑|不放心|发愁|愁死', w: 0.4, deg: true },
    {
      p: '害怕|好怕|怕(?:过敏|起疹|出疹|长疹|不合适|买错|掉色|褪色|缩水|起球|质量|是假|上当|被骗|有问题)',
      w: 0.35,
    },
    { p: '心疼', w: 0.3 },
    // --- impatience ---
    { p: '(?:怎么|为什么|为啥|咋|怎)(?:还|都|到现在还|现在还)(?:没|不)', w: 0.45 },
    // 到底发不发货 / 还退不退: a demand, not a question.
    {
      p: '(?:到底|究竟|还)[^\\s,.!?;，。！？；]{0,3}?(?:发不发|退不退|管不管|理不理|给不给|回不回|换不换|赔不赔|补不补|处理不处理)',
      w: 0.45,
    },
    { p: '还不(?:发货|发|回复|回|处理|退|给|到)', w: 0.45 },
    { p: '(?:也太|太|好|真|很|超|巨|特别|非常|这么|那么|贼)慢|慢死|慢吞吞|磨磨唧唧|磨蹭', w: 0.45 },
    { p: '没人(?:理|回|管|处理)|不理人|不理我|不回(?:复|消息|我)|爱答不理|已读不回|人呢', w: 0.45 },
    { p: '(?:催|问|说|找)(?:了|过)?(?:好几|几|多少|[二两三四五六七八九十\\d])(?:次|遍)|一直催|催了又催', w: 0.45 },
    { p: '不想等|等不了|没法等|等不起', w: 0.35 },
    {
      p: `等了(?:好|很|这么|那么|太)?(?:久|半天|老半天|${NUM}${PERIOD})|等(?:这么|那么|好|太)久|等半天|等到现在`,
      w: 0.4,
    },
    { p: '(?:发货|物流|快递|回复|回消息|处理|退款|客服)(?:也|都|还)?(?:有点|有些|比较|挺)?慢', w: 0.35, q: 0 },
    { p: '什么(?:服务)?态度|这(?:是)?什么服务', w: 0.5 },
    { p: '怎么回事|怎么搞的|啥情况|什么情况(?!下)', w: 0.35 },
    { p: `都${NUM}${PERIOD}了`, w: 0.3 },
    { p: '(?:能不能|可不可以|能否|就不能)(?:快点|快一点|快些|上点心|用点心|负责)|快点(?:吧|啊|行吗|好吗)', w: 0.3 },
    { p: '还(?:没|没有|未)(?:发货|发|到|收到|寄|寄出|退|退款|回复|处理|给|揽收|更新|动)', w: 0.25 },
    { p: '(?:好|很|太|非常|特别|真的?|超|贼)(?:着)?急(?!用|需|要|着用)', w: 0.25 },
    { p: '唉|哎{2,}', w: 0.3 },
    { p: '呜{2,}|嘤嘤', w: 0.3, soft: true },
    // --- chat-app stickers ---
    { p: '\\[(?:怒|发怒|愤怒|生气|咒骂|骂人)\\]', w: 0.8, noNeg: true },
    { p: '\\[(?:抓狂|鄙视|白眼)\\]', w: 0.55, noNeg: true },
    { p: '\\[(?:流泪|大哭|难过|撇嘴|委屈|衰|失望|叹气)\\]', w: 0.4, noNeg: true, soft: true },
  ],
  en: [
    // --- profanity and insults (hostile) ---
    {
      p: "wtf|wth|what the (?:fuck|hell|heck|f)|fu?ck(?:ing|ed|er|s)?|f\\*+c?k(?:ing)?|fk|fck|sh[i1]t(?:ty)?|bullshit|stfu|shut up|screw you|piss off|pissed(?: off)?|bitch(?:es)?|bastards?|assholes?|dickheads?",
      w: 0.95,
    },
    // Pinyin initials of Chinese swearing (他妈的, 你妈死了, 傻逼, 垃圾).
    { p: 'tmd|nmd|nmsl|cnm|mlgb|tnnd|sb|lj', w: 0.9 },
    { p: 'moron(?:s|ic)?|idiot(?:s|ic)?|stupid|retard(?:ed)?|liars?|thie(?:f|ves)|stole|stealing', w: 0.9 },
    {
      p: 'scam(?:s|med|mer|mers)?|fraud(?:ulent|s|sters?)?|rip(?:ped)?[- ]?off|con artists?|cheat(?:s|ed|ers|ing)?',
      w: 0.9,
      q: 0.6,
    },
    { p: 'worst(?! case)', w: 0.85 },
    { p: 'trash(?! (?:bags?|cans?|bins?))|garbage(?! (?:bags?|cans?|bins?|disposal))|rubbish(?! (?:bags?|bins?))|junk(?! food| mail)', w: 0.85 },
    { p: 'ridiculous|absurd|outrageous|unacceptable|not acceptable|pathetic|disgusting|disgrace(?:ful)?|(?:what a|this is a|such a|total) joke', w: 0.8 },
    { p: 'furious|livid|outraged|angry|mad', w: 0.7, deg: true },
    { p: "crap(?:py)?|damn(?:ed|it)?|dammit|goddamn|useless|incompetent|dumb|sucks?|sucked|waste of (?:money|time)", w: 0.7 },
    // --- threats ---
    {
      p: "sue(?: you)?|lawyers?|lawsuit|legal action|report (?:you|this|your)|charge ?back|better business bureau|consumer (?:protection|council|association)|expose you|(?:leave|leaving|give|giving|write|writing|post|posting)(?: you)?(?: a| an)? (?:bad|negative|1[- ]star|one[- ]star|terrible) (?:review|rating|feedback)",
      w: 0.85,
      q: 0.5,
    },
    { p: 'complain(?:t|ts|ing)?', w: 0.6, q: 0.5, strong: 0.8 },
    { p: 'dispute', w: 0.5, q: 0.5, strong: 0.75 },
    // --- unhappy ---
    { p: "terrible|awful|horrible|horrendous|appalling|dreadful|hate(?! to (?:bother|ask|trouble|say))|can't stand", w: 0.6, deg: true },
    { p: 'never (?:again|buying|ordering|shopping|coming back)|regret|are you (?:kidding|serious)|kidding me', w: 0.55 },
    { p: 'disappoint(?:ed|ing|ment)?|let down', w: 0.5, deg: true },
    { p: 'unhappy|upset|annoy(?:ed|ing)|frustrat(?:ed|ing)|dissatisfied|unsatisfied|fed up|sick of|tired of', w: 0.5, deg: true },
    {
      p: 'not (?:very |too |so |at all |really )?(?:happy|pleased|satisfied|impressed|ok|okay|good|good enough|as described|what i (?:ordered|expected))',
      w: 0.45,
    },
    {
      p: "still (?:not|no|haven't|hasn't|have not|has not|didn't|did not|don't|doesn't|waiting|nothing|no sign)",
      w: 0.45,
    },
    {
      p: '(?:too|so|very|really|extremely|super|painfully) slow|slow (?:shipping|delivery|service|response|reply)|taking (?:so long|forever|too long|ages)|takes? (?:forever|ages|so long)',
      w: 0.45,
    },
    {
      p: "no one (?:replies|replied|answers|answered|responds|responded|is answering|cares)|nobody (?:replies|replied|answers|answered|responds|responded|cares)|ignor(?:ed|ing) me|hurry up",
      w: 0.45,
    },
    { p: 'worr(?:ied|y|ying)|concerned|anxious|nervous|scared', w: 0.4, deg: true },
    { p: '(?<!my )bad|poor(?:ly)?|mediocre|cheaply made|cheap quality|low quality|meh', w: 0.35, deg: true },
    { p: 'sad|sadly|sigh|ugh|argh', w: 0.35 },
    {
      p: 'broken|damaged|defective|faulty|torn|ripped|stained|smelly|smells|faded|shrunk|shrank|pilling|itchy|rash(?:es)?|allergic reaction|wrong (?:item|size|color|colour|order|product)',
      w: 0.3,
      q: 0,
    },
    { p: "(?:want|give me) (?:my )?money back|not (?:shipped|arrived|here|delivered|received|sent) yet", w: 0.3 },
    { p: 'unfortunately', w: 0.2 },
    { p: "where(?:'s| is) my (?:order|package|parcel|stuff|refund)", w: 0.2 },
  ],
  sym: [
    { p: '🤬|🖕', w: 0.95, noNeg: true },
    { p: '😡|💢', w: 0.9, noNeg: true },
    { p: '😠|👿', w: 0.8, noNeg: true },
    { p: '😤', w: 0.6, noNeg: true },
    { p: '👎|💔|😩|😫', w: 0.45, noNeg: true },
    { p: '😢|😭', w: 0.45, noNeg: true, soft: true },
    { p: '😞|😔|😟|🙁|☹|😒|🙄|😣|😖|😥|😰|😓', w: 0.4, noNeg: true },
    { p: ":-?\\(|:'\\(", w: 0.35, noNeg: true },
  ],
};

/** Intensity: words that make a complaint stronger (never a complaint on their own). */
const INTENSITY_TABLE: readonly { p: string; w: number; script: 'zh' | 'en' }[] = [
  { p: '到底|究竟', w: 0.15, script: 'zh' },
  { p: '(?:几|好几|多少|[二两三四五六七八九十\\d]+)(?:次|遍)了|好几(?:次|遍)|每次都', w: 0.15, script: 'zh' },
  { p: '都[^,.!?;，。！？；\\s]{0,8}了[^,.!?;，。！？；\\s]{0,4}还', w: 0.1, script: 'zh' },
  { p: `${NUM}${PERIOD}了`, w: 0.1, script: 'zh' },
  { p: '一直|再不|还要等多久|要等到什么时候|多少天了', w: 0.1, script: 'zh' },
  { p: '(?<![a-z])(?:how many times|so many times|every (?:single )?time)(?![a-z])', w: 0.15, script: 'en' },
  {
    p: '(?<![a-z])for (?:\\d+|a|one|two|three|four|five|several|many|a few) (?:days|day|weeks|week|months|month)(?![a-z])',
    w: 0.1,
    script: 'en',
  },
  { p: '(?<![a-z])(?:seriously|ever|at all|already|again|still)(?![a-z])', w: 0.05, script: 'en' },
];

// ---------------------------------------------------------------------------------------------
// Compiled tables and context patterns

/** One script's cues compiled into a single global alternation, one capturing group per cue. */
interface CueScan {
  re: RegExp;
  cues: readonly CueSpec[];
}

function compileScan(script: Script, specs: readonly CueSpec[]): CueScan {
  const parts = specs.map((c) => {
    const src = script === 'en' ? `(?<![a-z])(?:${c.p})(?![a-z])` : c.p;
    // A capturing group inside a pattern would shift the numbering: refuse it at load time.
    const groups = (new RegExp(`${src}|`, 'u').exec('') ?? []).length - 1;
    if (groups !== 0) throw new Error(`sentiment cue has a capturing group: ${c.p}`);
    return `(${src})`;
  });
  return { re: new RegExp(parts.join('|'), 'gu'), cues: specs };
}

const SCANS: Readonly<Record<Script, CueScan>> = {
  zh: compileScan('zh', CUE_TABLE.zh),
  en: compileScan('en', CUE_TABLE.en),
  sym: compileScan('sym', CUE_TABLE.sym),
};

const INTENSITY: readonly { re: RegExp; w: number; script: 'zh' | 'en' }[] = INTENSITY_TABLE.map((i) => ({
  re: new RegExp(i.p, 'gu'),
  w: i.w,
  script: i.script,
}));

const HAS_HAN = /\p{Script=Han}/u;
const HAS_LATIN = /[a-z]/;
// High surrogates of the emoji planes, dingbats and misc symbols, or an emoticon's colon.
const HAS_SYMBOL = /[\ud83c-\ud83e\u2600-\u27bf:]/;

/** Chinese negators, then at most a few filler words, right before a cue. */
const ZH_NEGATION =
  /(一点都不|一点也不|并没有|并没|并不|从来不|从不|从没|绝不|决不|毫不|没有|不|没|(?<!特|分|区|差|告|识|级|类|性|个|派)别|无|未)(?:是|会|太|很|算|怎么|那么|这么|觉得|感到|感觉|让|叫|令|你|您|我|人|要|用|必|再|给|至于|有|大|咋)*$/u;
const EN_NEGATION =
  /(?:^|[^a-z'])(?:not|no|never|hardly|without|cannot|nothing|isn't|wasn't|aren't|weren't|don't|didn't|doesn't|won't|wouldn't|can't|couldn't|ain't|nor)(?:\s+[a-z']+){0,2}\s+$/;

const ZH_DEGREE = /(?:太|真|好|超|非常|特别|巨|简直|实在|十分|极其|很|超级|贼|老|真的|好好)(?:的|地)?$/u;
const EN_DEGREE = /(?:^|[^a-z])(?:so|very|really|extremely|super|totally|absolutely|completely|incredibly|too|quite|truly)\s+$/;
const ZH_SOFTENER = /(?:有点儿?|有一点|有些|稍微|稍稍|略微?|一点点)$/u;
const EN_SOFTENER = /(?:^|[^a-z])(?:a bit|a little|a little bit|kind of|kinda|slightly|somewhat|a tad)\s+$/;

/** A question or a condition around a cue, within its clause. */
const ZH_QUESTION_BEFORE =
  /(?:会不会|是不是|是否|有没有|怎么|如何|怎样|哪里|在哪|能不能|可以|可不可以|能否|(?<![我就])会|如果|万一|要是|假如|防止|避免|怕不怕|(?<![不别])怕|害怕|担心|生怕)[^,.!?;，。！？；\s]{0,3}$/u;
const ZH_QUESTION_AFTER = /^[^,.!;，。！；\s]{0,8}?(?:吗|嘛|么|\?|多少|哪|怎么|如何|几)/u;
const ZH_QUESTION_FOLLOW = /^(?:电话|方式|渠道|入口|流程|热线|部门)/u;
const EN_QUESTION_BEFORE =
  /(?:^|[^a-z])(?:if|in case|whether|how (?:do|can|to|would)|where (?:do|can|to|would)|to avoid|prevent)(?:[^.!?;]){0,30}$/;
const EN_QUESTION_AFTER = /^[^.!;。！；]{0,40}\?/;

/** A committing lead-in or ending that makes a threat real ("我要投诉", "给你差评!"). */
const ZH_STRONG_BEFORE =
  /(?:我要|我就|就|去|必须|一定|肯定|绝对|直接|马上|立刻|准备|等着|要|会|给|打|写|留)(?:个|一个|你|你们|你家|你们家|们)?$/u;
const ZH_STRONG_AFTER = /^(?:你|你们|你家|到|警告|!|$)/u;
const EN_STRONG_BEFORE =
  /(?:^|[^a-z])(?:will|i'll|going to|gonna|want to|wanna|make a|file a|lodge a|filing a|submit a|open a|like to|i'm|i am)\s+(?:[a-z']+\s+){0,1}$/;

/** A clearly happy message: playful cues and bare capitals do not count there. */
const POSITIVE =
  /(?<!不|没|不太|不是很|不怎么|不够|not |n't |never )(?:喜欢|可爱|好看|漂亮|满意|谢谢|感谢|太棒|很棒|真棒|点赞|爱了|舒服|开心|好评|完美|给力|感动|惊喜|(?<![a-z])(?:love|great|cute|thank|thanks|awesome|perfect|amazing|happy|beautiful|lovely|nice|excellent|adorable|wonderful)(?![a-z]))/u;

const SHOUT = /[!?]{3,}/;
const DOUBLE_MARK = /[!?]{2}/;

/** Upper-case tokens that are not shouting. */
const ACRONYMS = new Set([
  'XS', 'XL', 'XXL', 'XXXL', 'SKU', 'OK', 'ID', 'VIP', 'DHL', 'UPS', 'EMS', 'SF', 'USPS', 'COD', 'PDF', 'FAQ',
  'USA', 'UK', 'EU', 'CN', 'AM', 'PM', 'QQ', 'APP', 'PS', 'TV', 'CM', 'KG', 'MM', 'HK', 'TW', 'GMT', 'ASAP',
]);

const TRAD_TO_SIMP: Readonly<Record<string, string>> = {
  騙: '骗', 評: '评', 訴: '诉', 煩: '烦', 氣: '气', 惡: '恶', 腦: '脑', 殘: '残', 發: '发', 貨: '货',
  還: '还', 沒: '没', 滿: '满', 滾: '滚', 媽: '妈', 麼: '么', 壞: '坏', 這: '这', 們: '们', 為: '为',
  處: '处', 報: '报', 詐: '诈', 問: '问', 題: '题', 時: '时', 間: '间', 擔: '担', 憂: '忧', 慮: '虑',
  難: '难', 過: '过', 傷: '伤', 鬱: '郁', 悶: '闷', 語: '语', 錢: '钱', 賠: '赔', 償: '偿', 質: '质',
  來: '来', 說: '说', 爛: '烂', 讓: '让', 個: '个', 幾: '几', 從: '从', 嗎: '吗', 極: '极', 後: '后',
  謝: '谢', 騷: '骚', 價: '价', 實: '实', 話: '话', 無: '无', 對: '对',
};
const TRAD_CHARS = new RegExp(`[${Object.keys(TRAD_TO_SIMP).join('')}]`, 'gu');

// ---------------------------------------------------------------------------------------------
// Detection

interface Hit {
  weight: number;
  hostile: boolean;
}

const NEUTRAL_EMPTY: SentimentResult = { sentiment: 'neutral', score: 0, cues: [] };

/** Sentiment of one shopper message. Never throws; reads at most the first 2,000 characters. */
export function detectSentiment(text: string): SentimentResult {
  try {
    if (typeof text !== 'string' || text.length === 0) return { ...NEUTRAL_EMPTY, cues: [] };
    return detect(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);
  } catch {
    // Defensive only: nothing above is expected to throw.
    return { ...NEUTRAL_EMPTY, cues: [] };
  }
}

function prepare(raw: string): string {
  let t = normalizeText(raw);
  // "sooooo slow" → "so slow"; Chinese repetition (急急急) is meaningful and kept.
  t = t.replace(/([a-z])\1{2,}/g, '$1');
  return t.replace(TRAD_CHARS, (c) => TRAD_TO_SIMP[c] ?? c);
}

function detect(raw: string): SentimentResult {
  const t = prepare(raw);
  if (t.length === 0) return { ...NEUTRAL_EMPTY, cues: [] };

  const cues: string[] = [];
  const hits: Hit[] = [];

  const scripts: Script[] = [];
  if (HAS_HAN.test(t)) scripts.push('zh');
  if (HAS_LATIN.test(t)) scripts.push('en');
  if (HAS_SYMBOL.test(t)) scripts.push('sym');

  let positiveMemo: boolean | undefined;
  const positive = (): boolean => (positiveMemo ??= POSITIVE.test(t));

  for (const script of scripts) {
    const scan = SCANS[script];
    const perCue = new Map<number, number>();
    scan.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = scan.re.exec(t)) !== null) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start) {
        scan.re.lastIndex++;
        continue;
      }
      const idx = groupIndex(m);
      const cue = scan.cues[idx];
      if (cue === undefined) continue;
      const n = perCue.get(idx) ?? 0;
      if (n >= MAX_HITS_PER_CUE) continue;
      perCue.set(idx, n + 1);
      const label = m[0].trim();
      if (!cue.noNeg && isNegated(t, start)) {
        cues.push(`not:${label}`);
        continue;
      }
      const weight = weigh(cue, t, start, end, positive);
      if (weight <= 0) {
        cues.push(`q:${label}`);
        continue;
      }
      hits.push({ weight, hostile: weight >= SENTIMENT_THRESHOLDS.angry });
      cues.push(label);
    }
  }

  // Intensity, counted once per pattern.
  let intensity = 0;
  for (const i of INTENSITY) {
    if (i.script === 'zh' ? !scripts.includes('zh') : !scripts.includes('en')) continue;
    i.re.lastIndex = 0;
    const m = i.re.exec(t);
    if (m) {
      intensity += i.w;
      cues.push(`+${m[0].trim()}`);
    }
  }
  if (DOUBLE_MARK.test(t) && !SHOUT.test(t)) {
    intensity += 0.1;
    cues.push('+!!');
  }

  let shout = SHOUT.test(t);
  if (shout) cues.push('!!!');
  // ALL-CAPS is checked on the raw text (normalisation lower-cases). Like "!!!", it only
  // strengthens what the words say: "HELLO THERE" is not a complaint.
  if (isAllCapsShouting(raw) && !positive()) {
    shout = true;
    cues.push('CAPS');
  }

  const score = combine(hits, intensity, shout);
  const sentiment: Sentiment =
    score >= SENTIMENT_THRESHOLDS.angry ? 'angry' : score >= SENTIMENT_THRESHOLDS.negative ? 'negative' : 'neutral';
  return { sentiment, score, cues: cues.slice(0, MAX_CUES_IN_TRACE) };
}

function combine(hits: readonly Hit[], intensity: number, shout: boolean): number {
  let score: number;
  if (hits.length === 0) {
    score = Math.min(NO_CUE_CAP, intensity + (shout ? NO_CUE_SHOUT : 0));
  } else {
    let max = 0;
    let sum = 0;
    let hostile = false;
    for (const h of hits) {
      sum += h.weight;
      if (h.weight > max) max = h.weight;
      if (h.hostile) hostile = true;
    }
    score = max + CUE_SUM_SHARE * (sum - max) + Math.min(INTENSITY_CAP, intensity) + (shout ? SHOUT_BONUS : 0);
    if (!hostile && !shout) score = Math.min(score, SENTIMENT_THRESHOLDS.angry - 0.01);
  }
  score = Math.max(0, Math.min(1, score));
  return Math.round(score * 1000) / 1000;
}

/** The weight of one match in its context (question, lead-in, degree, softener, mood). */
function weigh(cue: CueSpec, t: string, start: number, end: number, positive: () => boolean): number {
  const before = t.slice(Math.max(0, start - 40), start);
  const after = t.slice(end, end + 40);
  let w = cue.w;

  if (cue.q !== undefined && cue.q !== 1) {
    const qBefore = ZH_QUESTION_BEFORE.test(before.slice(-8)) || EN_QUESTION_BEFORE.test(before);
    const strong =
      cue.strong !== undefined &&
      !qBefore &&
      (ZH_STRONG_BEFORE.test(before.slice(-6)) || ZH_STRONG_AFTER.test(after) || EN_STRONG_BEFORE.test(before));
    if (strong && cue.strong !== undefined) {
      w = Math.max(w, cue.strong);
    } else if (
      qBefore ||
      ZH_QUESTION_AFTER.test(after) ||
      ZH_QUESTION_FOLLOW.test(after) ||
      EN_QUESTION_AFTER.test(after)
    ) {
      w *= cue.q;
    }
  }
  if (w <= 0) return 0;

  if (cue.deg && (ZH_DEGREE.test(before.slice(-4)) || EN_DEGREE.test(before.slice(-16)))) w += DEGREE_BONUS;
  if (ZH_SOFTENER.test(before.slice(-4)) || EN_SOFTENER.test(before.slice(-16))) w *= SOFTENER_FACTOR;
  if (cue.soft && positive()) w *= SOFT_IN_POSITIVE;
  return Math.min(1, w);
}

/** 不/没有/一点都不 (with a few filler words) or "not"/"don't" right before the cue. */
function isNegated(t: string, start: number): boolean {
  const pre = t.slice(Math.max(0, start - 10), start);
  const m = ZH_NEGATION.exec(pre);
  if (m && m[1] !== undefined) {
    // 是不是 / 会不会 / 有没有 (A-not-A) ask a question; they do not negate.
    const negator = m[1];
    const charBefore = pre[m.index - 1];
    const charAfter = pre[m.index + negator.length];
    const aNotA = negator.length === 1 && charBefore !== undefined && charBefore === charAfter;
    // "没有" read as 没 + 有: 有没有 is A-not-A too.
    const youMeiYou = negator === '没有' && charBefore === '有';
    if (!aNotA && !youMeiYou) return true;
  }
  return EN_NEGATION.test(t.slice(Math.max(0, start - 30), start));
}

/** Which cue (capturing group) matched. */
function groupIndex(m: RegExpExecArray): number {
  for (let i = 1; i < m.length; i++) if (m[i] !== undefined) return i - 1;
  return -1;
}

/** Two or more upper-case English words (not sizes or carriers) make up most of the letters. */
function isAllCapsShouting(raw: string): boolean {
  const words = raw.match(/[A-Za-z]{2,}/g);
  if (!words) return false;
  let capsWords = 0;
  let capsLetters = 0;
  let letters = 0;
  for (const w of words) {
    if (ACRONYMS.has(w)) continue;
    letters += w.length;
    if (w === w.toUpperCase()) {
      capsWords++;
      capsLetters += w.length;
    }
  }
  return capsWords >= 2 && capsLetters >= 8 && capsLetters >= 0.7 * letters;
}
