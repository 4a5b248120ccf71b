// One shopper turn, decided: a pure function of the conversation state, the message and the
// release's knowledge. No I/O, no clock; the same inputs always give the same replies.
import { formatPriceRange } from '../catalog/money.js';
import type { Product } from '../catalog/types.js';
import { detectAspects, SERVICE_WORDS, withFacts, type Aspect } from '../knowledge/aspects.js';
import { audienceFact, detectFacts, factEvidence, sharesName } from '../knowledge/facts.js';
import { comparedProducts, compareFacts } from '../knowledge/fact-answer.js';
import { entryTopics, oneQuestionPerEntry, searchFaq, type FaqMatch } from '../knowledge/faq-search.js';
import { topicsOf } from '../knowledge/features.js';
import { phrasesIn, type KnowledgeBase } from '../knowledge/knowledge-base.js';
import { answerProductQuestion, mentionedOptionCount, mentionedOptions, withoutOptions } from '../knowledge/product-answer.js';
import { ellipticalMention, findProductMentions, withoutNamesOf, nameCoverage, ordinalReply, pickCandidate, productsCovered, withoutProductNames, toNameVocabulary, type ProductMention } from '../knowledge/product-resolver.js';
import { normalizeText } from '../understanding/normalize.js';
import { OUT_OF_SCOPE } from '../understanding/intent-classifier.js';
import type { CalendarDay, Understanding } from '../understanding/understand.js';
import type { FlowState } from '../sop/stepper.js';
import type { SlotValue } from '../sop/types.js';
import { flowTurn, remember, type TurnContext } from './flow-turn.js';
import type { DecidedReply, Decision } from './decision.js';
import type { ConversationState } from './state.js';
import type { TraceUnderstanding } from './trace.js';

/** One inbound shopper message as the core sees it. */
export interface TurnInput {
  text: string;
  /** The product page the shopper is on, if the channel knows it. */
  pageProductId?: string;
  /** The day the message arrived, in the shop's time zone: relative dates (明天) resolve against it. */
  today: CalendarDay;
}

/** A knowledge-only outcome (no flow involved). */
type Answer = Omit<Decision, 'effects' | 'calls'>;

const MAX_CLARIFY_OPTIONS = 4;
/** Evidence from a product's attribute values (shared pairs, a unit counting two) that beats a FAQ answer below `SURE_FAQ`. */
const VALUE_OVER_FAQ = 2;
/** Evidence a value needs to take over from an attribute read from an everyday word alone (里面有 → 净含量). */
const VALUE_OVER_CONCEPT = 3;
/** A FAQ answer this confident is not overruled by words shared with an attribute value. */
const SURE_FAQ = 0.3;
/**
 * The same in a knowledge base of one question per entry, whose classifier is overconfident on a
 * common word ("自热火锅加完水要等多久能吃" → 0.41 for "孕妇能吃吗"): chosen on the six tuned CSV shops.
 */
const SPARSE_SURE_FAQ = 0.45;
/**
 * An out-of-scope reading this sure is overruled only by a FAQ answer of at least `SURE_FAQ`. Asked of
 * every out-of-scope reading (trusted from 0.75), that cost the demo's faq-dev 6 cases.
 */
const SURE_OUT_OF_SCOPE = 0.99;
const MIN_LISTED_COVERAGE = 0.3;
const GREETING = /^(你好|您好|hi|hello|hey|哈喽|哈啰|嗨|在吗|在不在|在么|有人吗|亲|亲在吗|客服在吗|小二在吗)[呀啊哈吗呢~～!！?？。.\s]*$/;
const THANKS = /^(谢谢|多谢|感谢|谢啦|谢了|好的谢谢|好的|好嘞|ok|okay|thanks|thank you|thx|知道了|明白了|收到)[了啦呀哈~～!！。.\s]*$/;
const DEMONSTRATIVE = /这款|这个|这件|这条|这套|这种|它|this|it\b/;
const ASKS_HAVE = /有|没|还剩|available|have/;
/** Built-in aspects that describe the goods (not price, stock or who may use them). */
const DESCRIPTIVE: ReadonlySet<string> = new Set(['material', 'size', 'care', 'color', 'origin', 'standard']);
const ELLIPSIS = /呢|的话|怎么样|how about|what about/;
/** A variant's spec as a shopper names it: a number with its unit ("一万毫安的", "2米的", "500ml"). */
const SPEC_PHRASE = /([\d.]+|[一二两三四五六七八九十百千万]+)\s*(毫安|mah|米|m|厘米|cm|升|l|毫升|ml|寸|英寸|瓦|w|克|g|斤|公斤|kg|码|号|人|座|片|包|支|瓶|罐|条|只)(的)?/gu;
/** "那牛肉干呢", "牛肉干呢": a name and nothing but 那…呢. */
const ELLIPTICAL_NAME = /^(那|那个|那款)?[^，,。？?！!\s]{1,20}(呢|的呢)[?？。.!！~～]*$/;
const SHOPPING = /有没有|有什么|推荐|想买|想要|找一?款|哪款|哪个好|求推荐|recommend|looking for|do you have/;

type Lang = 'zh-CN' | 'en';

const COMPARING = /和|跟|与|还是|对比|比较|区别|哪个|\bvs\b|\bor\b/;
const MAX_COMPARED = 3;

/** What the knowledge path found out while deciding (products named), kept for the trace by knowledgeTurn. */
interface TurnNotes {
  products: string[];
  /** Whether the products were looked for (the knowledge path ran far enough). */
  noted: boolean;
}

/** The products a message is about: named ones, 这款 on a product page, or the ones compared. */
function productsNamed(kb: KnowledgeBase, norm: string, focusId: string | undefined, u: Understanding) {
  // Attribute names in titles ("…敏感肌可用…") say what is asked, not which product: "清洁泥膜敏感肌能用吗"
  // names the clay mask, not every title with 敏感肌. Without them, unless nothing is left to go on.
  const plain = withoutFactNames(kb, norm);
  const narrowed = plain !== norm ? findProductMentions(kb, plain) : [];
  // But an attribute name can be part of a variant's name ("58圈口" of the bangle whose 圈口 is stated):
  // when the whole message names one product and the narrowed one several, the one it names.
  const whole = plain !== norm && narrowed.length > 1 ? findProductMentions(kb, norm) : [];
  const found = whole.length === 1 ? whole : narrowed.length > 0 ? narrowed : findProductMentions(kb, norm);
  const elliptical = found.length === 0 ? ellipticalMention(kb, norm) : undefined;
  const mentions: ProductMention[] = elliptical ? [{ productId: elliptical, score: 1, via: 'phrase' }] : found;
  const demonstrative = DEMONSTRATIVE.test(norm);
  const named = resolveMentions(mentions, focusId, demonstrative);
  const products: string[] = [];
  if (named.kind === 'one') products.push(named.productId);
  else if (named.kind === 'none' && focusId && demonstrative) products.push(focusId);
  else if (named.kind === 'many' && (COMPARING.test(norm) || u.intent === 'compare_products')) {
    // "A和B哪个好" names both; a vague noun alone ("睡衣") matching many products names none.
    products.push(...[...new Set(mentions.map((m) => m.productId))].slice(0, MAX_COMPARED));
  }
  return { mentions, named, demonstrative, products };
}

/** The text with the catalog's attribute names (not their everyday concept words) blanked out. */
function withoutFactNames(kb: KnowledgeBase, norm: string): string {
  let out = norm;
  for (const w of kb.factWords) if (!w.concept && !w.measure && out.includes(w.word)) out = out.split(w.word).join(' ');
  return out;
}

function phrase(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}

/** Decides the replies to one message; every reply's trace carries what the message was understood as and the turn rule that chose it. */
export function decide(state: ConversationState, input: TurnInput, kb: KnowledgeBase, ctx: TurnContext = {}): Decision {
  const u = kb.understander.understand(input.text, input.today);
  const focusId = input.pageProductId && kb.productsById.has(input.pageProductId) ? input.pageProductId : state.focusProductId;
  // Copies that add keys are made with Object.assign, not a spread: on Node 20 a spread copy that
  // gets a key its source lacks has a hidden class of its own each time, which kept every such
  // object (and all it holds) alive through the scavenges (docs/benchmarks.md).
  const base: ConversationState = Object.assign({}, state, { turns: state.turns + 1, memory: remember(state.memory, u) }, focusId ? { focusProductId: focusId } : {});
  delete base.pending;
  delete base.suggested;
  // The knowledge base's answer, computed once, when a turn rule needs it.
  let known: KnowledgeTurn | undefined;
  const knowledge = (): Decision => {
    known ??= knowledgeTurn(state, base, input, kb, u);
    return known.decision;
  };
  const { decision, rule } = flowTurn(state, base, input.text, kb, u, ctx, knowledge);
  // The products the message names, for the trace: as the knowledge path found them, or looked for now.
  const products = known?.looked ? known.products : [...(known?.products ?? []), ...productsNamed(kb, normalizeText(input.text), base.focusProductId, u).products];
  const understanding = traceUnderstanding(u, products, kb);
  return Object.assign({}, decision, { understanding, replies: decision.replies.map((r) => Object.assign({}, r, { trace: Object.assign({}, r.trace, { understanding, policy: Object.assign({}, r.trace.policy, { turn: rule }) }) })) });
}

/** The knowledge path's decision, and the products it found the message to name (`looked`: it got as far as looking). */
interface KnowledgeTurn {
  decision: Decision;
  products: string[];
  looked: boolean;
}

/** The FAQ and catalog answer to a message, from `base` (the state the turn starts from, without a flow). */
function knowledgeTurn(state: ConversationState, base: ConversationState, input: TurnInput, kb: KnowledgeBase, u: Understanding): KnowledgeTurn {
  const next: ConversationState = { ...base };
  delete next.flow;
  const notes: TurnNotes = { products: [], noted: false };
  const answer = decideTurn(state, next, input, kb, u, notes);
  return { decision: Object.assign({}, answer, { effects: [], calls: [] }), products: notes.products, looked: notes.noted };
}

/**
 * A message the AI only listens to (a person owns the conversation): understood for tags,
 * preferences and the agent's suggestions, remembered, and answered by no one but the agent.
 */
export function listenOnly(state: ConversationState, input: TurnInput, kb: KnowledgeBase): Decision {
  const u = kb.understander.understand(input.text, input.today);
  return { state: { ...state, turns: state.turns + 1, memory: remember(state.memory, u) }, replies: [], effects: [], calls: [], understanding: traceUnderstanding(u, [], kb) };
}

/** What a message was understood as, for traces, tags and the CDP; `products` are the ones it names. */
export function traceUnderstanding(u: Understanding, products: readonly string[], kb: KnowledgeBase): TraceUnderstanding {
  return {
    intent: u.intent,
    confidence: u.confidence,
    alternatives: u.ranked.slice(1).map((r) => ({ id: r.intent, score: r.confidence })),
    entities: [
      ...u.entities.map((e) => ({ type: e.type, value: e.value, text: e.text })),
      ...products.map((id) => ({ type: 'product', value: id, text: kb.productsById.get(id)?.name ?? id })),
    ],
    sentiment: u.sentiment.sentiment,
    sentimentScore: Math.round(u.sentiment.score * 1000) / 1000,
    sentimentCues: u.sentiment.cues,
  };
}

/** The knowledge path: `state` is the conversation before the turn, `base` the state it starts the new one from. */
function decideTurn(state: ConversationState, base: ConversationState, input: TurnInput, kb: KnowledgeBase, u: Understanding, notes: TurnNotes): Answer {
  const shop = kb.release.bundle.shop;
  const lang = shop.language;
  const releaseId = kb.release.id;
  const norm = normalizeText(input.text);
  const focusId = base.focusProductId;

  const answered = (reply: DecidedReply, next: Partial<ConversationState> = {}): Answer => ({
    state: Object.assign({}, base, { consecutiveFallbacks: 0 }, next),
    replies: [reply],
  });
  // Sizes and colours as the extractors normalised them ("一米五的床" → 1.5m床) pick variants too.
  const optionWords = u.entities.filter((e) => e.type === 'size' || e.type === 'color').map((e) => String(e.value));
  const productReply = (p: Product, aspects: Aspect[], score?: number): Answer => {
    const a = answerProductQuestion(p, aspects, [toNameVocabulary(norm), ...optionWords].join(' '), lang, kb.attributes);
    return answered(
      {
        text: a.text,
        trace: { releaseId, source: 'product', productId: p.id, fields: a.fields, skus: a.skus, aspects, ...(score !== undefined ? { score: round(score) } : {}) },
      },
      { focusProductId: p.id, ...(aspects.length ? { lastAspects: aspects } : {}) },
    );
  };

  // 1. An open clarifying question: the shopper may be picking one of the offered products.
  if (state.pending) {
    const pick = pickCandidate(kb, norm, state.pending.candidates);
    const p = pick ? kb.productsById.get(pick) : undefined;
    if (p) {
      notes.products.push(p.id);
      return productReply(p, state.pending.aspects.length ? state.pending.aspects : detectAspects(norm));
    }
  }

  // The shopper picks one of the questions the last fallback suggested ("2", "第一个").
  if (state.suggested) {
    const n = ordinalReply(norm);
    const entry = n !== undefined ? kb.faqById.get(state.suggested[n - 1] ?? '') : undefined;
    if (entry) return answered({ text: entry.answer, trace: { releaseId, source: 'faq', faqId: entry.id, rule: 'suggestion' } });
  }

  // 2. Greetings and thanks.
  if (GREETING.test(norm)) return answered({ text: shop.greeting, trace: { releaseId, source: 'smalltalk', rule: 'greeting' } });
  if (THANKS.test(norm)) {
    return answered({
      text: phrase(lang, '不客气～还有其他问题随时找我哦！', "You're welcome! Anything else, just ask."),
      trace: { releaseId, source: 'smalltalk', rule: 'thanks' },
    });
  }

  // 3. Which product, if any, the message is about, and what it asks of it. Aspects are read
  // with product names blanked: 水洗棉四件套 is not a washing question.
  const { mentions, named, demonstrative, products } = productsNamed(kb, norm, focusId, u);
  const rest = withoutProductNames(kb, norm);
  const subjectId = named.kind === 'one' ? named.productId : named.kind === 'none' ? focusId : undefined;
  const subject = subjectId ? kb.productsById.get(subjectId) : undefined;
  // The message without the subject's names and options: what it asks of the product's values.
  let subjectAsked: string | undefined;
  const askedOfSubject = (): string => (subjectAsked ??= subject ? withoutNamesOf(kb, subject.id, withoutOptions(subject, norm)) : norm);
  // The shop's own attributes win over the built-in aspects they overlap, unless the product asked
  // about states none of its own and the built-in ones answer (a T-shirt's material in a catalog
  // where other products state 材质 as a fact).
  // "那充电宝呢 一万毫安的" after a price question: a spec that picks the variant ("一万毫安的", "2米的")
  // asks nothing of its own; with the specs left out, the elliptical question asks what was asked last.
  const specsOnly = state.lastAspects?.length && /^(那|那个|那款)/.test(norm) && ELLIPSIS.test(norm) ? rest.replace(SPEC_PHRASE, ' ') : rest;
  const builtIn = detectAspects(specsOnly);
  const namedFacts = detectFacts(specsOnly, kb.factWords, subject?.facts);
  const aspects = withFacts(builtIn, subject && !subject.facts && builtIn.length > 0 ? [] : namedFacts);
  // "孕妇能用这个吗" of a product that says in its own attribute who it is for (适用人群: …孕妇…禁止使用):
  // that attribute answers, not the apparel suitability fields.
  const audience = subject && aspects.includes('suitability') ? audienceFact(subject, rest) : undefined;
  if (audience) aspects.splice(aspects.indexOf('suitability'), 1, `fact:${audience}`);
  // A built-in descriptive aspect (material, size, care, colour, origin, standard: read from words
  // such as 标准 → 执行标准) gives way to the product's own value the question quotes more of
  // ("标准口的玻璃瓶" → 适用奶瓶: 标准口径…).
  // So does an attribute read from an everyday word alone, its name not in the question, to a value
  // with more evidence ("车充货车24v的能用吗": 能用吗 → 适用机型, but the 24V is in 输入电压).
  const conceptOnly = (a: string) => a.startsWith('fact:') && subject?.facts?.[a.slice(5)] !== undefined && !sharesName(a.slice(5), rest);
  if (subject?.facts && aspects.length > 0 && aspects.every((a) => DESCRIPTIVE.has(a) || conceptOnly(a))) {
    const concept = aspects.some((a) => a.startsWith('fact:'));
    let asked = askedOfSubject();
    // A model token of the product's own name (18k of 18K金耳线) says which product, not which value.
    if (concept) asked = asked.replace(/[a-z0-9]{3,}/g, (t) => (normalizeText(subject.name).includes(t) ? ' ' : t));
    const byValue = factEvidence(subject, asked, concept ? VALUE_OVER_CONCEPT : VALUE_OVER_FAQ);
    if (byValue && !aspects.some((a) => a === `fact:${byValue.name}`)) aspects.splice(0, aspects.length, `fact:${byValue.name}`);
  }
  notes.products.push(...products);
  notes.noted = true;
  // A stock question about a product asks for stock even without the word 库存 ("M码还有吗").
  if (aspects.length === 0 && subject && u.intent === 'stock_availability') aspects.push('stock');
  // "有66码的燕麦色吗", "那白色100呢": naming a variant asks again what was asked last (stock by default).
  const candidates = subject ? [subject] : named.kind === 'many' ? named.productIds.map((id) => kb.productsById.get(id)).filter((p): p is Product => p !== undefined) : [];
  // But what is left once the names and options are blanked may ask for one of the product's own
  // values with two pairs or a unit ("正山小种是无烟的吗 有没有烟熏味" → 口感: …无烟版…): that value answers.
  if (aspects.length === 0 && candidates.some((p) => mentionedOptionCount(p, norm) > 0) && (ASKS_HAVE.test(rest) || ELLIPSIS.test(rest))) {
    const byValue = subject && !ELLIPSIS.test(rest) ? factEvidence(subject, askedOfSubject(), VALUE_OVER_FAQ) : undefined;
    if (byValue) aspects.push(`fact:${byValue.name}`);
    else aspects.push(...(state.lastAspects?.length ? state.lastAspects : (['stock'] as const)));
  }
  // "那电饭煲呢" after a price question: another product named the same elliptical way asks the same again.
  if (aspects.length === 0 && named.kind === 'one' && subject && subject.id !== state.focusProductId && state.lastAspects?.length && ELLIPSIS.test(rest)) {
    aspects.push(...state.lastAspects);
  }

  // Product nouns pull retrieval towards entries about those products ("拍一条毛巾 还得出邮费啊"
  // is about shipping, not towel care): the text with names blanked is scored too, and the more
  // confident reading wins.
  const faq = preferEntryOf(kb, subject ? [subject.id] : named.kind === 'many' ? named.productIds : [], bestReading(searchFaq(kb, input.text), rest.trim() !== '' && rest !== toNameVocabulary(norm) ? searchFaq(kb, rest) : []));
  const topFaq = faq[0];
  const faqConfident = topFaq !== undefined && (topFaq.confidence >= shop.answerThreshold || clearLead(kb, faq, u));
  // The message and the best entry's question say the same service topic ("白毫银针卖完了 啥时候还有"
  // and "缺货的商品什么时候补货"): a service question, as when it uses a service word.
  // Who may use a product (孕妇, 过敏) is that product's question when one is named.
  // Read with product names blanked: 储存袋 or 防水隔尿垫 names goods, not a topic.
  const topicShared = topFaq !== undefined && sharesTopic(rest, entryTopics(kb, topFaq.faqId), subject ? AUDIENCE_TOPICS : []);
  const serviceAsked = SERVICE_WORDS.test(rest) || topicShared;
  // No attribute named, but the question shares words with one of the product's own attribute
  // values (恒温能调几档 → 功能: 6档恒温…) or asks for the unit one is given in (压力多少bar →
  // 20Bar泵压): that value is the answer, unless the knowledge base is surer. One shared pair
  // answers only a question that would otherwise get the fallback (粗细能调几档 → 31档研磨粗细).
  if (aspects.length === 0 && subject) {
    // Other products' names count here ("旅行装里有防晒吗": 防晒 is what the kit may contain).
    const asked = withoutNamesOf(kb, subject.id, norm);
    const byValue = factEvidence(subject, asked, faqConfident ? VALUE_OVER_FAQ : 1);
    // A service word (荧光, 赠品…) leaves the question to the knowledge base, unless the evidence is
    // in the attribute's own name ("加没加荧光增白剂" → 是否含荧光剂).
    // A shared topic alone leaves it to the value only when the value says more than a pair or two
    // of the product's own words (主机坏了保几年 → 保修期: 主机1年, by its unit).
    const service = (SERVICE_WORDS.test(rest) || (topicShared && (byValue?.score ?? 0) <= VALUE_OVER_FAQ)) && !(byValue && sharesName(byValue.name, asked));
    const sure = oneQuestionPerEntry(kb) ? SPARSE_SURE_FAQ : SURE_FAQ;
    // An entry asked of other goods ("婴儿推车保修多久？" on the bottle warmer's page) is no surer
    // than the product's own value.
    const entryOfOthers = () => topFaq !== undefined && asksOfOthers(kb, kb.faqById.get(topFaq.faqId)?.question ?? '', subject.id);
    if (byValue && !service && (!faqConfident || (topFaq?.confidence ?? 0) < sure || entryOfOthers())) aspects.push(`fact:${byValue.name}`);
  }
  // "这个饼有多大 直径多少" of a product that states no 尺寸 but 净含量: 357g（直径约20cm）: an
  // attribute the product does not state gives way to the one whose value the question points at.
  if (subject && !ELLIPSIS.test(rest) && aspects.some((a) => a.startsWith('fact:')) && aspects.every((a) => !a.startsWith('fact:') || subject.facts?.[a.slice(5)] === undefined)) {
    // The unstated attribute's own name is no evidence for another ("电池容量多少" is not 容量: 5L).
    let asked = askedOfSubject();
    for (const a of aspects) if (a.startsWith('fact:')) asked = asked.split(normalizeText(a.slice(5))).join(' ');
    const byValue = factEvidence(subject, asked, VALUE_OVER_FAQ);
    if (byValue) aspects.splice(0, aspects.length, ...aspects.filter((a) => !a.startsWith('fact:')), `fact:${byValue.name}`);
  }
  // "隔尿垫大号的尺寸多大": an attribute this product does not state, asked with a variant named, is
  // answered with the variants (their specs often say it) rather than "not stated".
  if (subject && aspects.length > 0 && aspects.every((a) => a.startsWith('fact:') && subject.facts?.[a.slice(5)] === undefined) && mentionedOptions(subject, norm).size > 0) {
    aspects.splice(0, aspects.length, 'stock');
  }
  // "煮蛋器双层的一次能煮几个蛋": a variant named with nothing else to go on is answered with its
  // variants (spec, price, stock) rather than the fallback.
  if (aspects.length === 0 && subject && !faqConfident && mentionedOptions(subject, norm).size > 0) {
    aspects.push(...(state.lastAspects?.length ? state.lastAspects : (['stock'] as const)));
  }
  /** The answer of the best FAQ entry (when confident, unless a rule says why it answers anyway). */
  const faqReply = (rule?: string): Answer | undefined => {
    const entry = topFaq && (faqConfident || rule) ? kb.faqById.get(topFaq.faqId) : undefined;
    if (!entry || !topFaq) return undefined;
    return answered({
      text: entry.answer,
      trace: { releaseId, source: 'faq', faqId: entry.id, score: round(topFaq.score), confidence: round(topFaq.confidence), candidates: candidatesOf(faq), ...(rule ? { rule } : {}) },
    });
  };

  // "你们卖手机吗", "有没有投影仪卖": asking whether the shop sells something that neither names a
  // product nor finds one in the catalog is answered "not found", never by a FAQ entry sharing a
  // word (卖手机 → "U盘能插手机用吗").
  // The catalog is searched at most once a turn (here, and for "有没有…" below).
  let searchedCatalog: ReturnType<typeof catalogSearch> | undefined;
  const searchCatalog = () => (searchedCatalog ??= catalogSearch(kb, norm));
  if (SELLS.test(norm) && notes.products.length === 0 && !demonstrative && searchCatalog().length === 0) {
    return fallback(base, kb, u, faq, norm, 'not_sold');
  }
  // A message that belongs to none of the shop's intents gets the fallback, unless it names a
  // product (or says 这款 on a product page) or the knowledge base has a confident answer: an
  // intent set rarely covers every FAQ topic, and gating FAQ answers on the intent too cost 3
  // points of FAQ accuracy.
  // When the message is all but certainly out of scope ("好无聊 给我讲个笑话呗" at 0.998), only a sure
  // FAQ answer overrules that (讲 shared with some entry gave 0.20).
  const faqOverScope = faqConfident && !(u.confidence >= SURE_OUT_OF_SCOPE && (topFaq?.confidence ?? 0) < SURE_FAQ);
  if (u.intent === OUT_OF_SCOPE && notes.products.length === 0 && !faqOverScope && !(subject && aspects.length > 0)) {
    return fallback(base, kb, u, faq, norm, 'out_of_scope');
  }
  // Service topics (shipping, returns, invoices…) go to the knowledge base when it knows the
  // answer, even when a product is named: "连体衣买小了想换大一号" is an exchange question.
  // But an attribute the product itself states is its own answer ("卸妆油送啥赠品" → its 赠品).
  const statesAsked = subject !== undefined && aspects.some((a) => a.startsWith('fact:') && subject.facts?.[a.slice(5)] !== undefined);
  if (serviceAsked && !statesAsked) {
    const r = faqReply();
    if (r) return r;
  }
  // Naming products without asking anything of them is a product question only when the message
  // is little more than the name ("连体衣"); "睡衣的纽扣少了一颗" is about something else.
  const onlyNames = kb.tokenizer.terms(rest).filter((t) => !/^[a-z0-9]$/.test(t)).length <= 1;
  // "A和B哪个功率大": one of the shop's own attributes, compared across the products named.
  const comparing = COMPARING.test(norm) ? comparedProducts(kb, norm, named.kind === 'many' ? products : []) : [];
  const compared = comparing.length > 1 ? compareFacts(comparing, aspects, rest, lang, kb.attributes) : undefined;
  if (compared) return answered({ text: compared.text, trace: { releaseId, source: 'product', productIds: comparing.map((p) => p.id), fields: compared.fields, aspects } });
  // "那牛肉干呢" after a FAQ answer: a product named the elliptical way and nothing else is about
  // that product, however well some FAQ entry shares its name.
  const onlyElliptical = onlyNames && ELLIPTICAL_NAME.test(norm);
  if (named.kind === 'one' && subject && (aspects.length > 0 || ((!faqConfident || onlyElliptical) && onlyNames))) return productReply(subject, aspects, named.score);
  if (named.kind === 'many' && (aspects.length > 0 || (!faqConfident && onlyNames))) return clarify(kb, named.productIds, aspects, input.text, base, lang);
  if (named.kind === 'none' && aspects.length > 0) {
    if (subject) return productReply(subject, aspects);
    // "急用 能走顺风吗 要加多少": with no product anywhere, a service question's price is the
    // service's; the knowledge base's clearly best entry answers it rather than "which product?".
    const second = faq[1];
    if (!faqConfident && SERVICE_WORDS.test(rest) && topFaq && topFaq.confidence >= SUGGEST_MIN_CONFIDENCE && topFaq.confidence >= SERVICE_LEAD * (second?.confidence ?? 0)) {
      const r = faqReply('service_without_product');
      if (r) return r;
    }
    if (!faqConfident) {
      return answered({
        text: phrase(lang, '请问您想了解哪一款商品呢？发一下商品名称或链接，我马上帮您查～', 'Which product would you like to know about? Send me its name and I will check.'),
        trace: { releaseId, source: 'ask_product', aspects },
      });
    }
  }

  // 4. Looking for something ("有没有竹纤维的毛巾"): products whose name, alias or category the
  // question names come before a FAQ entry that merely shares a word.
  if (SHOPPING.test(norm)) {
    // A short alias ("内裤" for 女士纯棉中腰内裤3条装) covers too little of the name for search to list
    // the product, but the resolver already found the products the message names: "有没有内裤" was
    // answered with the underwear sizing FAQ.
    const searched = searchCatalog();
    const found = searched.length > 0 ? searched : namedForListing(kb, mentions);
    if (found.length > 0) {
      const lines = found.map((f, i) => `${i + 1}. ${f.product.name} ${formatPriceRange(f.product.variants.map((v) => v.priceMinor))}`);
      return answered(
        {
          text: [phrase(lang, '为您找到这几款：', 'Here is what I found:'), ...lines, phrase(lang, '想了解哪一款，回复序号就可以～', 'Reply with a number to hear more.')].join('\n'),
          trace: { releaseId, source: 'catalog', productIds: found.map((f) => f.product.id), candidates: found.map((f) => ({ id: f.product.id, score: round(f.score) })) },
        },
        { pending: { candidates: found.map((f) => f.product.id), aspects: [], text: input.text } },
      );
    }
  }

  // 5. The knowledge base.
  const fromFaq = faqReply();
  if (fromFaq) return fromFaq;

  // 6. Nothing fits well enough.
  return fallback(base, kb, u, faq, norm);
}

/**
 * Below this confidence a FAQ entry is not worth suggesting. On the demo shop's development set,
 * when no answer was confident enough, the right entry was among the three best at or above this
 * in 31 of 40 questions (docs/architecture.md).
 */
const SUGGEST_MIN_CONFIDENCE = 0.05;
/** Asking whether the shop sells something ("有卖跑步鞋吗", "你们卖手机吗", "有没有投影仪卖"; not 卖家, 卖的是正品吗). */
const SELLS = /有卖|有没有卖|卖不卖|有没有[^，,。？?！!\s]{1,8}卖|(?<![的专])卖(?!家|的|店|场)[^，,。？?！!的\s]{0,8}吗/;
/** How far a service question's best entry must lead the next to answer it below the confidence bars. */
const SERVICE_LEAD = 1.2;
const MAX_SUGGESTIONS = 3;

/**
 * The shop's fallback text, followed by the questions of the closest FAQ entries as "您是不是想问"
 * when some come close: one more message (a number) then gets the answer. Not when the message
 * reads as something no shop covers (its best intent is the built-in out-of-scope class) or asks
 * whether the shop sells something ("有卖跑步鞋吗": the catalog search found nothing).
 */
function fallback(base: ConversationState, kb: KnowledgeBase, u: Understanding, faq: FaqMatch[], norm: string, rule?: string): Answer {
  const shop = kb.release.bundle.shop;
  const top = faq[0];
  // "有卖跑步鞋吗" asks for goods the catalog lacks; FAQ questions are no answer to that.
  const offtopic = u.ranked[0]?.intent === OUT_OF_SCOPE || SELLS.test(norm);
  const suggested = offtopic ? [] : faq.filter((f) => f.confidence >= SUGGEST_MIN_CONFIDENCE).slice(0, MAX_SUGGESTIONS).flatMap((f) => kb.faqById.get(f.faqId) ?? []);
  const text = suggested.length
    ? [
        shop.fallback,
        phrase(shop.language, '您是不是想问：', 'Did you mean:'),
        ...suggested.map((e, i) => `${i + 1}. ${e.question}`),
        phrase(shop.language, '回复序号就可以～', 'Reply with the number.'),
      ].join('\n')
    : shop.fallback;
  const state: ConversationState = Object.assign({}, base, { consecutiveFallbacks: base.consecutiveFallbacks + 1 });
  if (suggested.length) state.suggested = suggested.map((e) => e.id);
  return {
    state,
    replies: [
      {
        text,
        trace: {
          releaseId: kb.release.id,
          source: 'fallback',
          ...(rule ? { rule } : {}),
          ...(top ? { confidence: round(top.confidence) } : {}),
          candidates: candidatesOf(faq),
          ...(suggested.length ? { suggestions: suggested.map((e) => e.id) } : {}),
        },
      },
    ],
  };
}

/** Products for a "do you have…" question: a hit must match the product's name, alias or category. */
function catalogSearch(kb: KnowledgeBase, norm: string): { product: Product; score: number }[] {
  // Only products the question covers enough can be listed: the others are left out of the search
  // (a boost of 0 skips a document), so it neither builds nor sorts results for them (thousands of
  // products share a word like 儿童 in a big catalog). The rest score and rank as before.
  // (They are found once, from the question's terms, not asked per posting the search reads.)
  const covered = productsCovered(kb, norm, MIN_LISTED_COVERAGE);
  const listable = (id: unknown) => (covered.has(String(id)) ? 1 : 0);
  const hits = kb.productIndex.search(norm, { combineWith: 'OR', boost: { name: 3, aliases: 2, category: 1.5 }, boostDocument: listable });
  const out: { product: Product; score: number }[] = [];
  for (const h of hits) {
    const product = kb.productsById.get(String(h.id));
    // A hit must name a real part of the product ("竹纤维…毛巾"), not a fragment ("一次" of 第一次).
    if (product && nameCoverage(kb, product.id, norm) >= MIN_LISTED_COVERAGE) out.push({ product, score: h.score });
    if (out.length === 3) break;
  }
  return out;
}

/** The products a message names (mentions come one per product, best first), as a "do you have…" list. */
function namedForListing(kb: KnowledgeBase, mentions: readonly ProductMention[]): { product: Product; score: number }[] {
  return mentions.slice(0, 3).flatMap((m) => {
    const product = kb.productsById.get(m.productId);
    return product ? [{ product, score: m.score }] : [];
  });
}

type Resolution =
  | { kind: 'none' }
  | { kind: 'one'; productId: string; score: number; via: ProductMention['via'] }
  | { kind: 'many'; productIds: string[] };

function resolveMentions(mentions: ProductMention[], focusId: string | undefined, demonstrative: boolean): Resolution {
  if (mentions.length === 0) return { kind: 'none' };
  // The product on screen wins a tie it takes part in ("这款睡衣" on a pyjama's page).
  const focus = focusId ? mentions.find((m) => m.productId === focusId) : undefined;
  if (focus && (mentions.length > 1 || demonstrative)) return { kind: 'one', productId: focus.productId, score: focus.score, via: focus.via };
  // "这个是几层纱布的" on a swaddle's page: a few characters of other titles (层纱布) do not take the
  // shopper off the product they point at.
  if (focusId && demonstrative && mentions.every((m) => m.via === 'fragment')) return { kind: 'none' };
  // A product found only because its title explains the message's words best does not take the
  // shopper off the product on screen ("最高能到多少度 烤披萨要高温" on the oven's page).
  if (focusId && mentions.every((m) => m.via === 'words')) return { kind: 'none' };
  const [first] = mentions;
  if (mentions.length === 1 && first) return { kind: 'one', productId: first.productId, score: first.score, via: first.via };
  return { kind: 'many', productIds: mentions.map((m) => m.productId) };
}

function clarify(kb: KnowledgeBase, productIds: string[], aspects: Aspect[], text: string, base: ConversationState, lang: Lang): Answer {
  const shown = productIds.slice(0, MAX_CLARIFY_OPTIONS);
  const products = shown.map((id) => kb.productsById.get(id)).filter((p): p is Product => p !== undefined);
  const lines = products.map((p, i) => `${i + 1}. ${p.name}（${formatPriceRange(p.variants.map((v) => v.priceMinor))}）`);
  const head =
    productIds.length > shown.length
      ? phrase(lang, `我们有 ${productIds.length} 款相关商品，您问的是哪一款呢？比如：`, `We have ${productIds.length} matching products. Which one do you mean? For example:`)
      : phrase(lang, '您问的是哪一款呢？', 'Which one do you mean?');
  return {
    state: Object.assign({}, base, { consecutiveFallbacks: 0, pending: { candidates: products.map((p) => p.id), aspects, text } }),
    replies: [
      {
        text: [head, ...lines, phrase(lang, '回复序号或名称就可以～', 'Reply with the number or the name.')].join('\n'),
        trace: { releaseId: kb.release.id, source: 'clarify', productIds: products.map((p) => p.id), aspects },
      },
    ],
  };
}

/**
 * In a knowledge base of one question per entry (as shops keep them) confidences run low: the
 * right entry often scores 0.10–0.15 with nothing close behind. There, a best entry above
 * `SPARSE_MIN_CONFIDENCE` that leads the next by `SPARSE_LEAD` is answered too, unless the message
 * reads as out of scope.
 */
const SPARSE_MIN_CONFIDENCE = 0.1;
const SPARSE_LEAD = 1.1;

function clearLead(kb: KnowledgeBase, faq: readonly FaqMatch[], u: Understanding): boolean {
  const [first, second] = faq;
  if (!oneQuestionPerEntry(kb) || !first || u.intent === OUT_OF_SCOPE) return false;
  return first.confidence >= SPARSE_MIN_CONFIDENCE && first.confidence >= SPARSE_LEAD * (second?.confidence ?? 0);
}

function bestReading(a: FaqMatch[], b: FaqMatch[]): FaqMatch[] {
  return (b[0]?.confidence ?? 0) > (a[0]?.confidence ?? 0) ? b : a;
}

function candidatesOf(faq: FaqMatch[]): { id: string; score: number }[] {
  return faq.map((f) => ({ id: f.faqId, score: round(f.score * f.confidence) }));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Topics of who may use a product rather than of service. */
const AUDIENCE_TOPICS = ['孕期哺乳', '过敏'];

/** Whether a message says one of an FAQ question's service topics (other than those `skip`ped). */
function sharesTopic(normalized: string, theirs: readonly string[], skip: readonly string[]): boolean {
  if (theirs.length === 0) return false;
  return topicsOf(normalized).some((t) => !skip.includes(t) && theirs.includes(t));
}

/** An entry nearly as likely as the best is read first when it asks of the product talked about (or one of the products named) and the best asks of other goods. */
const NEAR_BEST = 0.7;

/**
 * "洗的时候能丢洗衣机吗" about the GORE-TEX jacket: of "羽绒服怎么洗？" and "GORE-TEX冲锋衣怎么清洗？",
 * nearly as likely, the entry asking of the product talked about takes the first place (and its
 * confidence; the other takes its own).
 */
function preferEntryOf(kb: KnowledgeBase, productIds: readonly string[], faq: FaqMatch[]): FaqMatch[] {
  const top = faq[0];
  if (productIds.length === 0 || !top) return faq;
  // Which of an entry's question's product phrases name one of these products: read once per entry
  // (a word naming thousands of products must not cost a phrase search per product).
  const ids = new Set(productIds);
  const naming = (m: FaqMatch): { any: boolean; ours: boolean } => {
    const phrases = phrasesIn(kb, toNameVocabulary(normalizeText(kb.faqById.get(m.faqId)?.question ?? '')));
    return { any: phrases.length > 0, ours: phrases.some((i) => kb.productPhrases[i]?.productIds.some((id) => ids.has(id)) ?? false) };
  };
  const best = naming(top);
  if (!best.any || best.ours) return faq;
  const i = faq.findIndex((m, k) => k > 0 && m.confidence >= top.confidence * NEAR_BEST && naming(m).ours);
  const chosen = faq[i];
  if (i < 0 || !chosen) return faq;
  return [{ ...chosen, confidence: top.confidence }, { ...top, confidence: chosen.confidence }, ...faq.filter((_, k) => k !== 0 && k !== i)];
}

/** Whether an FAQ question names products, none of them `productId` (by the catalog's product phrases). */
function asksOfOthers(kb: KnowledgeBase, question: string, productId: string): boolean {
  const phrases = phrasesIn(kb, toNameVocabulary(normalizeText(question)));
  return phrases.length > 0 && !phrases.some((i) => kb.productPhrases[i]?.productIds.includes(productId));
}
