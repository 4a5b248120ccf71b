// What a model is shown of the shop for one turn: the closest FAQ entries, the products the
// message is about, the flows it may start and the question a running flow waits on. The same
// values are the grounding sources its answer is checked against, so it can only cite what it saw.
import { formatMoney, formatPriceRange } from '../catalog/money.js';
import type { Product } from '../catalog/types.js';
import type { ConversationState } from '../conversation/state.js';
import type { Decision } from '../conversation/decision.js';
import type { GroundingSource } from '../guardrails/types.js';
import { searchFaq } from '../knowledge/faq-search.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';

/** FAQ entries and products shown at most. */
const MAX_FAQ = 5;
const MAX_PRODUCTS = 3;
const MAX_VARIANTS = 12;
/** A FAQ entry this far below the best one is not worth the tokens. */
const MIN_FAQ_CONFIDENCE = 0.02;

/** What the model sees of the shop this turn. */
export interface ModelContext {
  faq: { id: string; question: string; answer: string }[];
  products: { id: string; name: string; text: string }[];
  flows: { id: string; about: string }[];
  /** The running flow's open question, when it waits for the shopper. */
  waiting?: { flow: string; slot: string; type: string; choices?: string[] };
  /** Everything above that states facts, as the guardrails cite it. */
  sources: GroundingSource[];
}

/** The turn's context for a model: `offline` is what the offline pipeline decided (its products and FAQ candidates). */
export function modelContext(kb: KnowledgeBase, state: ConversationState, text: string, offline: Decision): ModelContext {
  const faqIds = new Set<string>();
  for (const m of searchFaq(kb, text, MAX_FAQ)) if (m.confidence >= MIN_FAQ_CONFIDENCE) faqIds.add(m.faqId);
  // The entries the offline answer weighed (its candidates and suggestions) too.
  for (const r of offline.replies) for (const c of [...(r.trace.candidates ?? []).map((x) => x.id), ...(r.trace.suggestions ?? []), ...(r.trace.faqId ? [r.trace.faqId] : [])]) if (kb.faqById.has(c)) faqIds.add(c);
  const faq = [...faqIds].slice(0, MAX_FAQ).flatMap((id) => {
    const e = kb.faqById.get(id);
    return e ? [{ id: e.id, question: e.question, answer: e.answer }] : [];
  });
  const productIds = new Set<string>();
  for (const e of offline.understanding?.entities ?? []) if (e.type === 'product' && typeof e.value === 'string') productIds.add(e.value);
  for (const r of offline.replies) for (const p of [...(r.trace.productIds ?? []), ...(r.trace.productId ? [r.trace.productId] : [])]) productIds.add(p);
  const focus = offline.state.focusProductId ?? state.focusProductId;
  if (focus) productIds.add(focus);
  const products = [...productIds].slice(0, MAX_PRODUCTS).flatMap((id) => {
    const p = kb.productsById.get(id);
    return p ? [{ id: p.id, name: p.name, text: productText(p) }] : [];
  });
  const flows = [...kb.sops.flows.values()]
    .filter((f) => f.triggers.some((t) => t.kind !== 'event'))
    .map((f) => ({ id: f.id, about: (f.description ?? f.name.zh ?? f.name.en ?? f.id).slice(0, 120) }));
  const sources: GroundingSource[] = [
    ...faq.map((e) => ({ id: `faq:${e.id}`, kind: 'faq' as const, text: `${e.question}\n${e.answer}` })),
    ...products.map((p) => ({ id: `product:${p.id}`, kind: 'product' as const, text: p.text })),
  ];
  const waiting = waitingQuestion(kb, state);
  return { faq, products, flows, ...(waiting ? { waiting } : {}), sources };
}

/** A product's facts as one text: name, category, prices, variants with stock, attributes. */
export function productText(p: Product): string {
  const lines = [`名称: ${p.name}`, `类目: ${p.category}`, `价格: ${formatPriceRange(p.variants.map((v) => v.priceMinor))}`];
  const variants = p.variants.slice(0, MAX_VARIANTS).map((v) => {
    const spec = Object.values(v.options).join('/') || v.sku;
    const stock = v.countless ? (v.stock > 0 ? '有货' : '缺货') : `库存${v.stock}`;
    return `${spec} ¥${formatMoney(v.priceMinor)} ${stock}`;
  });
  if (variants.length) lines.push(`规格: ${variants.join('；')}`);
  const a = p.attributes;
  const attrs: [string, string | undefined][] = [
    ['材质', a.material],
    ['执行标准', a.standard],
    ['厚度', a.thickness],
    ['季节', a.season?.join('、')],
    ['适合', a.suitable_for?.join('、')],
    ['不适合', a.not_suitable_for?.join('、')],
    ['洗护', a.care],
    ['产地', a.origin],
    ['特点', a.features?.join('、')],
  ];
  for (const [k, v] of attrs) if (v) lines.push(`${k}: ${v}`);
  for (const [k, v] of Object.entries(p.facts ?? {})) lines.push(`${k}: ${v}`);
  if (p.description) lines.push(`介绍: ${p.description.slice(0, 300)}`);
  return lines.join('\n');
}

function waitingQuestion(kb: KnowledgeBase, state: ConversationState): ModelContext['waiting'] {
  const f = state.flow;
  if (!f || f.waiting !== 'ask') return undefined;
  const step = kb.sops.steps.get(f.flowId)?.get(f.stepId);
  const def = kb.sops.flows.get(f.flowId);
  if (!step || step.kind !== 'ask' || !def) return undefined;
  const slot = def.slots[step.slot];
  if (!slot) return undefined;
  return { flow: f.flowId, slot: step.slot, type: slot.type, ...(slot.choices ? { choices: slot.choices.map((c) => c.value) } : {}) };
}
