// The shop's own product attributes (保质期, 额定功率, 是否含锂电池…) as shoppers ask about them.
// Each attribute is found by its name, by the words the name reduces to (是否含锂电池 → 含锂电池 →
// 锂电池; 额定功率 → 功率), and by the everyday words for a few common attribute concepts
// (功率 ← 多少瓦; 容量 ← 几升). Answers quote the shop's name and value as written.
import type { Product } from '../catalog/types.js';
import type { AttributeDeclarations } from './attribute-kinds.js';
import { normalizeText } from '../understanding/normalize.js';
import { audienceLabels } from './aspects.js';

/** A word that names one of the shop's attributes. */
export interface FactWord {
  word: string;
  fact: string;
  /** An everyday word for the attribute's concept (多大 → 尺寸), not a form of its name. */
  concept?: boolean;
  /** The name without its measure (电池 of 电池容量): it names the attribute only when asked how much (电池多大, not 有电池吗). */
  measure?: boolean;
  /** Other attributes the word is an everyday word for (多重: 重量, 适用体重), for a product that states `fact` not. */
  others?: readonly string[];
}

/** How-much words that make a measured attribute's bare name ask for its measure. */
const HOW_MUCH = /^.{0,2}(多大|多少|几|多久|多长|多重|多高|多宽)/u;

/** Leading words of a yes/no attribute name: 是否含谷物 asks about 含谷物. */
const YES_NO_PREFIX = /^(是否|是不是|有无|有没有|可否|能否)/;
/** Leading words that qualify rather than name: 额定功率, 主要成分, 适用年龄, 产品尺寸. */
const QUALIFIER_PREFIX = /^(额定|主要|适用|适合|产品|商品|标准|最大|净)/;
/** Verbs before the thing itself: 含锂电池 → 锂电池, 可拆洗 → 拆洗, 支持预约 → 预约. */
const VERB_PREFIX = /^(含有|含|带有|带|有|可以|可|能|支持)/;
/** Trailing words that make a name formal: 预约功能 → 预约, 孕期可用 → 孕期, 内胆材质 → 内胆. */
const FORMAL_SUFFIX = /(功能|可用|适用|可以|材质|情况|说明)$/;
/** Trailing measures: 电池容量 is asked about as 电池 (电池多大), 刀片长度 as 刀片. */
const MEASURE_SUFFIX = /(容量|大小|长度|重量)$/;
/** Trailing words that rate a quality: 遮光率, 防水指数, 透气性 are asked about as 遮光, 防水, 透气. */
const RATING_SUFFIX = /(率|性|指数|等级|效果|程度)$/;
/** Reductions too vague to stand for an attribute on their own. */
const TOO_VAGUE = new Set(['对象', '使用', '方法', '时间', '含量', '人数', '说明', '情况', '信息', '类型', '规格', '参数', '功能', '材质']);

/** How shoppers ask how to clean a thing: the words of every washing attribute (洗涤方式, 清洗方法, 清洁方式). */
const WASHING_WORDS = ['怎么洗', '咋洗', '清洗', '清理', '清洁', '脏了', '打理'];

/**
 * Everyday words for common attribute concepts, keyed by a word the shop's attribute name contains.
 * Written from general e-commerce usage, not from any one shop's test cases.
 */
const CONCEPT_WORDS: readonly [string, readonly string[]][] = [
  ['功率', ['多少瓦', '几瓦', '瓦数', '耗电', '费电', '费不费电', '多少w']],
  ['容量', ['几升', '多少升', '多大容量', '装多少', '能装', '几l', '多少毫升', '多少ml']],
  ['电压', ['伏', '出国', '国外', '110v', '220v']],
  ['材质', ['什么材料', '啥材料', '什么做的', '啥做的', '什么材质', '真皮', '什么皮', '皮的', '塑料的', '金属的', '硅胶的']],
  ['保修', ['质保', '保修', '保固', '坏了包修']],
  ['保质期', ['有效期', '过期', '放多久', '能放多长', '放几天', '能放几天', '放多长时间', '保质']],
  ['人数', ['几个人', '几口人', '口人', '口之家', '几人', '人吃', '够用吗', '够用不', '够吃']],
  ['尺寸', ['多大', '多长', '多宽', '多高', '体积', '占地', '尺寸', '长宽高', '长宽']],
  ...(['洗涤', '清洗', '清洁'] as const).map((key): [string, readonly string[]] => [key, WASHING_WORDS]),
  ['重量', ['多重', '几斤', '多少斤', '多少公斤', '沉不沉', '重不重']],
  ['克重', ['多重', '几克', '多少克', '重不重', '多少g']],
  ['机洗', ['洗衣机', '机器洗', '机洗']],
  ['体重', ['多重', '几斤', '多少斤', '斤了', '斤的', '公斤的', '多少公斤']],
  ['噪音', ['声音', '吵', '分贝', 'db', '静音', '响不响']],
  ['产地', ['哪里产', '哪里生产', '哪产的', '国产吗', '哪生产']],
  ['认证', ['3c', 'ccc', '认证', '检测报告']],
  ['赠品', ['送什么', '赠送', '有送', '送不送', '附赠']],
  ['定时', ['定时', '计时', '定多久']],
  ['预约', ['预约']],
  ['锂电池', ['上飞机', '登机', '带上飞机', '航空', '锂电']],
  ['电池容量', ['毫安', 'mah', '续航']],
  ['成分', ['成分', '配料', '配方', '原料', '含量多少', '的含量', '含量是']],
  ['配料', ['成分', '配方', '原料', '里头有啥', '里头都有', '都有些啥', '加了什么', '加了啥', '放了什么', '放了啥']],
  ['年龄', ['几个月', '多大的', '多少岁', '年龄']],
  ['用法', ['怎么用', '用法', '如何使用', '怎么使用']],
  ['方法', ['怎么用', '如何使用', '怎么使用']],
  ['孕', ['孕妇', '孕期', '怀孕', '孕妈']],
  ['酒精', ['酒精', '乙醇']],
  ['香精', ['香精', '香味', '香料']],
  ['质地', ['质地', '油不油', '黏不黏', '粘不粘']],
  ['品牌', ['牌子', '品牌', '什么牌']],
  ['拆洗', ['拆洗', '可拆', '好洗', '好清洗', '拆下来洗']],
  ['开封', ['开盖', '开了盖', '打开后', '拆开后', '开封后', '开瓶']],
  ['敏感', ['敏肌', '敏感皮', '皮肤敏感', '容易过敏', '易过敏']],
  ['净含量', ['里面有', '里面都有', '都有啥', '都有什么', '包含哪些', '有几样', '多少克', '多少g', '多少ml']],
  ['内含', ['里面有', '里面都有', '都有啥', '都有什么', '包含哪些', '有几样']],
  ['人群', ['宝宝', '孩子', '小孩', '儿童', '小朋友', '婴儿', '老人', '几岁', '岁的', '个月的', '学生', '谁能']],
  ['过敏原', ['过敏', '鸡蛋', '花生', '牛奶', '乳制品', '麸质', '海鲜', '大豆']],
  ['含糖', ['加糖', '加了糖', '无糖', '代糖', '甜味剂', '代替糖', '糖分', '甜不甜', '含糖']],
  ['辣度', ['辣吗', '辣不辣', '多辣', '辣的', '辣度', '辣嘛']],
  ['口味', ['味道', '口味', '什么味', '啥味', '哪几种味', '几个味']],
  ['储存', ['冷藏', '放冰箱', '怎么存', '怎么放', '保存']],
  ['防水', ['游泳', '洗澡', '进水', '淋雨', '下水', '泡水', '防水吗', '下雨', '雨天', '暴雨', '湿透', '淋湿', '渗水', '漏雨', '踩水', '涉水', '蹚水', '过河']],
  ['温度', ['几度', '多少度', '零下', '冷不冷', '抗冻', '扛冻']],
  ['承重', ['承重', '承受', '会不会塌', '会塌', '压坏', '压塌', '坐得住', '能坐', '多重的人', '斤的人', '斤坐', '胖']],
  ['续航', ['能用多久', '用多久', '充一次', '充满', '待机', '亮多久', '能亮', '撑多久']],
  ['尺码', ['选码', '什么码', '啥码', '哪个码', '几码', '多大码', '码数', '穿多大', '拍多大', '拍大', '拍小', '偏大', '偏小']],
  ['链长', ['绳子多长', '链子多长', '绳多长', '链多长', '绳子长', '链子长', '绳长']],
  ['冲泡', ['怎么泡', '咋泡', '如何泡', '怎么冲', '水温', '几度的水', '先放', '倒水', '投茶', '泡多久', '闷多久']],
  ['采摘', ['春茶', '秋茶', '明前', '雨前', '头采', '什么时候采', '几月采', '啥时候采']],
  ['包装', ['单独装', '独立装', '独立包装', '分装', '小袋', '怎么包装', '啥包装', '什么包装']],
  ['香气', ['香味', '啥香', '什么香', '香不香', '香型']],
  ['类', ['属于', '算不算', '哪一类', '哪类', '什么类型', '啥类型']],
  ['展开', ['撑开', '展开', '打开后', '搭起来', '支起来', '铺开', '拉多长', '拉开', '拉长', '伸开', '最长']],
  ['收纳', ['收起来', '折起来', '收好', '收纳', '叠起来', '占地方', '最短']],
  ['机型', ['能用吗', '能用不', '适配', '兼容', '适用于', '能不能用']],
  ['接口', ['几个口', '什么口', '插口', '接口']],
  ['速度', ['多快', '读速', '写速', '网速', '传输速度']],
];

/** Everyday phrasings no fixed word catches ("送贴膜工具不" asks for the gifts), by attribute concept. */
const CONCEPT_PATTERNS: readonly [string, RegExp][] = [
  ['赠品', /送.{0,6}(吗|不|么|嘛|没)|赠|附送/],
];

/** The words that name an attribute: its name and what it reduces to, normalised. */
export function wordsOfFact(name: string): string[] {
  const out = new Set<string>();
  for (const w of [...nameForms(name), ...conceptWordsOf(name)]) if ([...w].length >= 2 && !TOO_VAGUE.has(w)) out.add(w);
  return [...out];
}

/** A name without its leading words: 是否含锂电池 → 含锂电池 (plain) → 锂电池 (bare); 额定功率 → 功率 (unqualified). */
function reductions(name: string): { plain: string; unqualified: string; bare: string } {
  const plain = name.replace(YES_NO_PREFIX, '');
  const unqualified = plain.replace(QUALIFIER_PREFIX, '');
  return { plain, unqualified, bare: unqualified.replace(VERB_PREFIX, '') };
}

/** The name's own forms: 是否含锂电池 → 含锂电池 → 锂电池; 电池容量 → 电池. */
function nameForms(name: string): Set<string> {
  const { plain, unqualified, bare } = reductions(name);
  const forms = [name, plain, unqualified, bare, bare.replace(FORMAL_SUFFIX, ''), unqualified.replace(FORMAL_SUFFIX, ''), bare.replace(MEASURE_SUFFIX, ''), bare.replace(RATING_SUFFIX, '')];
  return new Set(forms.map((w) => normalizeText(w)));
}

/** The everyday words for the attribute's concepts (多少瓦 for 额定功率). */
function conceptWordsOf(name: string): Set<string> {
  const out = new Set<string>();
  for (const [key, words] of CONCEPT_WORDS) if (name.includes(key)) for (const w of words) out.add(normalizeText(w));
  for (const w of degreeWords(name)) out.add(w);
  return out;
}

/**
 * A measure named "<adjective>度" is asked with its adjective: 厚度 as 多厚 / 厚不厚, 软硬度 as
 * 多软 / 硬不硬, 亮度 as 多亮. This is how Chinese forms such names, in any category.
 */
function degreeWords(name: string): string[] {
  const adjectives = /^(\p{Script=Han}{1,2})度$/u.exec(reductions(name).unqualified)?.[1];
  if (!adjectives) return [];
  return [...adjectives].flatMap((a) => [`多${a}`, `${a}不${a}`, `够不够${a}`, `${a}吗`]);
}

/**
 * Every attribute name the catalog's products state, with its words, longest word first. A declared
 * attribute (shop.yaml or its template) is named by its aliases and question words too, and those
 * win over words inferred for another attribute.
 */
export function factVocabulary(products: readonly Product[], declarations?: AttributeDeclarations): FactWord[] {
  const names = new Set(products.flatMap((p) => Object.keys(p.facts ?? {})));
  const list: FactWord[] = [];
  const taken = new Map<string, string>();
  const claims = new Map<string, string[]>();
  for (const fact of names) {
    for (const word of wordsOfFact(fact)) {
      claims.set(word, [...(claims.get(word) ?? []), fact]);
      // A word two attributes reduce to goes to the one whose name it is, else the shorter name.
      const other = taken.get(word);
      if (other !== undefined && (normalizeText(other) === word || (normalizeText(fact) !== word && other.length <= fact.length))) continue;
      taken.set(word, fact);
    }
  }
  const declared = new Map<string, string>();
  for (const fact of [...names].sort()) {
    const d = declarations?.get(fact);
    if (!d) continue;
    // The name's own words were placed above; what a declaration adds is its aliases and questions.
    const words = [...d.aliases.flatMap(wordsOfFact), ...d.questions.map(normalizeText)].filter((w) => w.trim() !== '');
    for (const word of words) {
      // An attribute's own name stays its own: a template alias that is another stated name does not take it.
      const owner = taken.get(word);
      const ownName = owner !== undefined && owner !== fact && normalizeText(owner) === word;
      if (!declared.has(word) && !ownName) declared.set(word, fact);
    }
  }
  for (const [word, fact] of declared) taken.set(word, fact);
  for (const [word, fact] of taken) {
    const forms = nameForms(fact);
    const { bare } = reductions(fact);
    const measure = MEASURE_SUFFIX.test(bare) && word === normalizeText(bare.replace(MEASURE_SUFFIX, ''));
    // The shop's own aliases and question words name the attribute as firmly as its name.
    const ownWord = forms.has(word) || (declared.get(word) === fact && !conceptWordsOf(fact).has(word));
    const others = (claims.get(word) ?? []).filter((f) => f !== fact).sort();
    list.push({ word, fact, ...(!ownWord ? { concept: true } : measure ? { measure: true } : {}), ...(others.length ? { others } : {}) });
  }
  return list.sort((a, b) => b.word.length - a.word.length || a.word.localeCompare(b.word));
}

/**
 * "枕头多高" of a pillow whose 尺寸 is 60×40cm and whose 厚度 is 高12cm: a how-high (wide, long,
 * thick, deep) question is answered by the product's own attribute that states that dimension with
 * a number ("高12cm", "宽2m"), when one does; undefined when none or more than one does.
 */
function dimensionFact(word: string, stated: Readonly<Record<string, string>> | undefined): string | undefined {
  const dimension = /^多([高宽长厚深])$/.exec(word)?.[1];
  if (!dimension || !stated) return undefined;
  const states = new RegExp(`${dimension}\\s*(约|约为|为)?\\s*\\d`);
  const stating = Object.entries(stated).filter(([, value]) => states.test(normalizeText(value)));
  return stating.length === 1 ? stating[0]?.[0] : undefined;
}

/** The attributes a normalised message asks about, each once, in order of first mention. */
export function detectFacts(normalized: string, vocabulary: readonly FactWord[], stated?: Readonly<Record<string, string>>): string[] {
  let rest = normalized;
  const found: { fact: string; at: number; end: number; concept: boolean }[] = [];
  for (const { word, fact: owner, concept, measure, others } of vocabulary) {
    const at = rest.indexOf(word);
    if (at < 0) continue;
    // "纸尿裤适合多重的宝宝": 多重 is the catalog's 重量 but this product states 适用体重.
    const fact = dimensionFact(word, stated) ?? (stated && stated[owner] === undefined ? (others?.find((f) => stated[f] !== undefined) ?? owner) : owner);
    if (measure && !HOW_MUCH.test(normalized.slice(at + word.length))) continue;
    // "250g袋装多少钱" asks a price: a word ending in 多少 (装多少 → 容量) is not asked when 钱, 米
    // (slang for 钱) or 💰 follows.
    if (/多少$/.test(word) && /^(钱|米|💰)/.test(normalized.slice(at + word.length))) continue;
    rest = rest.slice(0, at) + ' '.repeat(word.length) + rest.slice(at + word.length);
    if (!found.some((f) => f.fact === fact)) found.push({ fact, at, end: at + word.length, concept: concept === true });
  }
  for (const [key, re] of CONCEPT_PATTERNS) {
    const m = re.exec(normalized);
    if (!m) continue;
    const fact = vocabulary.find((w) => w.fact.includes(key))?.fact;
    if (fact !== undefined && !found.some((f) => f.fact === fact)) found.push({ fact, at: m.index, end: m.index + m[0].length, concept: true });
  }
  // "电池多大" asks how big the battery is: a concept word right after an attribute's own name
  // (多大 → 尺寸) measures that attribute, it is not a second one.
  const named = found.filter((f) => !f.concept);
  const kept = found.filter((f) => !f.concept || !named.some((n) => f.at >= n.end && f.at - n.end <= 1));
  return kept.sort((a, b) => a.at - b.at).map((f) => f.fact);
}

/** Characters that carry no subject in a question (这个能不能…); a pair made only of them is dropped. */
const FILLER = new Set([...'这那个的了吗呢啊呀吧么嘛是不有没多少什么啥能可以要会还就都也很么哪怎样下一']);

/** Character pairs of the CJK and alphanumeric runs of a text, filler-only pairs left out. */
function pairs(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text.match(/[\p{Script=Han}]+|[a-z0-9.]+/gu) ?? []) {
    if (/^[a-z0-9.]+$/.test(run)) {
      if (run.length >= 2 && /[a-z]/.test(run)) out.add(run);
      // "20bar" is asked about as "bar", "type-c" as "type": the letters without the number.
      const letters = run.replace(/^[0-9.]+/, '');
      if (letters !== run && letters.length >= 2) out.add(letters);
      continue;
    }
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) {
      const a = chars[i] ?? '';
      const b = chars[i + 1] ?? '';
      if (!(FILLER.has(a) && FILLER.has(b))) out.add(a + b);
    }
  }
  return out;
}

/** Whether the question shares a character pair with an attribute's name (加没加荧光增白剂 ~ 是否含荧光剂). */
export function sharesName(name: string, normalized: string): boolean {
  const have = pairs(normalizeText(name));
  for (const p of pairs(normalized)) if (have.has(p)) return true;
  return false;
}

/**
 * Units a question asks for and how a value writes them: 最高多少度 is answered by a value in ℃,
 * 多少毫安 by one in mAh. Units are the same in every category, so these are not any shop's words.
 */
const UNITS: readonly [RegExp, RegExp][] = [
  [/多少度|几度|温度|高温|低温|控温/, /\d\s*(℃|°c|度)/],
  [/多少瓦|几瓦|瓦数|功率/, /\d\s*(k?w|瓦)(?![a-z])/],
  [/毫安|mah/, /\d\s*mah/],
  [/分贝|db|噪音|声音/, /\d\s*(db|分贝)/],
  [/bar|压力|气压|泵压/, /\d\s*bar/],
  [/几升|多少升|毫升|ml|容量|多大的|装多少/, /\d\s*(m?l|升|毫升)(?![a-z])/],
  [/多重|几斤|(?<![\d.])(公斤|kg)|多少克|几克|重量/, /\d\s*(kg|g|克|斤|公斤)(?![a-z])/],
  [/几颗|多少颗|几粒|多少粒|几个|多少个|几包|多少包|几袋|多少袋|几片|多少片|几支|几瓶|几块/, /\d\s*(颗|粒|个|包|袋|片|支|瓶|只|块)/],
  [/多快|速度|读速|写速|网速|传输/, /\d\s*(mb\/s|gb\/s|m\/s|km\/h|mbps|gbps)/],
  [/几档|多少档|档位|几个档/, /\d\s*档/],
  [/几寸|多少寸|英寸/, /\d\s*(寸|英寸)/],
  [/多少厘米|几厘米|多少cm|多宽|多高|多长|尺寸|直径/, /\d\s*(cm|mm|厘米|毫米)/],
  [/几次|多少次|能用几回/, /\d\s*次/],
  [/泡几泡|能泡几|泡几次|几泡/, /泡\s*\d+(\s*[-~到]\s*\d+)?\s*次/],
  [/几个月|多少个月|几年|保质期|有效期|能用多久|放多久/, /\d\s*(个月|年|天)/],
  [/几小时|多少小时|多少分钟|几分钟|续航|多长时间|多久|定时/, /\d\s*(小时|分钟|min|h)(?![a-z])/],
  // Not a unit but as plain: sun protection is stated as a UPF or SPF rating.
  [/防晒|晒黑|晒伤|晒不晒|紫外线/, /upf|spf|uv\d|防紫外|防晒/],
];

/**
 * The product's attribute the question points at by its value: the unit it asks for (多少度 →
 * a value in ℃) counts as two shared character pairs. Undefined below `min`.
 */
export function factEvidence(product: Product, normalized: string, min = 2): { name: string; score: number } | undefined {
  const asked = pairs(normalized);
  const units = UNITS.filter(([q]) => q.test(normalized)).map(([, v]) => v);
  // A model or grade number of three digits or more counts too (304不锈钢, 316L).
  const tokens = (normalized.match(/[a-z0-9]{3,}/g) ?? []).filter((t) => (/[a-z]/.test(t) && /[a-z]{2}|\d/.test(t)) || /^\d{3,}$/.test(t));
  let best: { name: string; score: number } | undefined;
  for (const { name, text, have } of evidenceTexts(product)) {
    let score = 0;
    for (const p of asked) if (have.has(p)) score++;
    if (units.some((u) => u.test(text))) score += 2;
    // A model or spec token of the question inside a value (4k60 of 4K60Hz, magsafe) is as strong as a unit.
    // A bare number counts as a whole number only (120 is not in 1200).
    if (tokens.some((t) => (/^\d+$/.test(t) ? new RegExp(`(?<!\\d)${t}(?!\\d)`).test(text) : text.includes(t)))) score += 2;
    if (score >= min && (!best || score > best.score)) best = { name, score };
  }
  return best;
}

/**
 * Each of a product's attributes as the evidence text its value is searched in, with that text's
 * character pairs (once per product: a turn may ask several times). A value stated per spec
 * ("250g/原味：250g；250g/香辣：250g") is evidence by its values, not by the spec names in front of
 * them (孜然的辣吗 is not about 净含量); a spec label has no clause in it ("75-80℃水，用上投法：先注水…"
 * is a value, not a label).
 */
function evidenceTexts(product: Product): readonly { name: string; text: string; have: Set<string> }[] {
  let texts = evidenceTextsOf.get(product);
  if (!texts) {
    texts = Object.entries(product.facts ?? {}).map(([name, value]) => {
      const text = normalizeText(`${name} ${value.replace(/(^|；)[^：；，。,]{1,40}：/g, '$1')}`);
      return { name, text, have: pairs(text) };
    });
    evidenceTextsOf.set(product, texts);
  }
  return texts;
}
const evidenceTextsOf = new WeakMap<Product, readonly { name: string; text: string; have: Set<string> }[]>();

/** Attribute names that say who a product is for (适用人群, 适用对象, 适用年龄, 禁忌人群). */
const AUDIENCE_NAME = /人群|对象|适用|适合|年龄|禁忌/;

/**
 * The product's own attribute that answers "can <someone> use it" (孕妇能用吗): one that names the
 * asked-about people in its value (适用人群: 成人（孕妇…禁止使用）), preferring one named for an
 * audience, else one named for an audience. Undefined when the product states none.
 */
export function audienceFact(product: Product, normalized: string): string | undefined {
  const facts = Object.entries(product.facts ?? {});
  const who = audienceLabels(normalized);
  const naming = facts.filter(([, value]) => who.some((w) => value.includes(w)));
  return (naming.find(([name]) => AUDIENCE_NAME.test(name)) ?? naming[0] ?? facts.find(([name]) => AUDIENCE_NAME.test(name)))?.[0];
}
