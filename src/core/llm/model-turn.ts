// A model's proposal for a turn, carried out: its command run by the SOP engine and the knowledge
// layer exactly as if the offline pipeline had chosen it, or its written answer checked by the
// guardrails against the sources it cites; then core/policy chooses between that and the offline
// decision. Nothing a model writes reaches the shopper without passing here.
import type { Product } from '../catalog/types.js';
import type { Decision, DecidedReply } from '../conversation/decision.js';
import { answerFlowWith, startFlowFor, type TurnContext } from '../conversation/flow-turn.js';
import { requestedHandoff } from '../conversation/handoff.js';
import type { ConversationState } from '../conversation/state.js';
import type { ReplyTrace, TraceModel } from '../conversation/trace.js';
import { checkGenerated } from '../guardrails/check-generated.js';
import type { Aspect } from '../knowledge/aspects.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { answerProductQuestion } from '../knowledge/product-answer.js';
import { chooseTurn, type ModelCandidate } from '../policy/turn-policy.js';
import { normalizeText } from '../understanding/normalize.js';
import type { CalendarDay } from '../understanding/understand.js';
import { readModelCommand, SETTABLE, type ModelCommand } from './commands.js';
import type { ModelContext } from './context.js';

/** What came back from the provider (or why nothing did), as the app reports it. */
export type ModelReply =
  | { ok: true; text: string; model: string; tokens: number; ms: number }
  | { ok: false; reason: string; model?: string; ms?: number };

/** Everything a model's turn is decided from. */
export interface ModelTurnInput {
  /** The conversation before the turn. */
  state: ConversationState;
  text: string;
  today: CalendarDay;
  kb: KnowledgeBase;
  ctx: TurnContext;
  /** What the offline pipeline decided for this message. */
  offline: Decision;
  /** What the model was shown. */
  context: ModelContext;
  reply: ModelReply;
  /** The shop's allowlist of commitments (shop.yaml llm.allowed_commitments). */
  allowedCommitments: readonly string[];
  /** Instruction-like text found in the shopper's message or the documents shown. */
  instructions: readonly string[];
  /** The policy rule that asked the model. */
  askRule: string;
  now: string;
}

/** The built-in aspects by the words a model (or a shop) names them with. */
const ASPECT_WORDS: Record<string, Aspect> = {
  价格: 'price', 价钱: 'price', 多少钱: 'price', price: 'price',
  库存: 'stock', 有货: 'stock', 现货: 'stock', 规格: 'stock', stock: 'stock',
  材质: 'material', 面料: 'material', 成分: 'material', material: 'material',
  尺码: 'size', 尺寸: 'size', 大小: 'size', size: 'size',
  洗护: 'care', 保养: 'care', care: 'care',
  颜色: 'color', color: 'color',
  产地: 'origin', origin: 'origin',
  执行标准: 'standard', 标准: 'standard', standard: 'standard',
  适合: 'suitability', 适用: 'suitability', 适合人群: 'suitability', suitability: 'suitability',
};

/** The decision for the turn once the model's proposal is weighed; every reply's trace says what happened. */
export function decideWithModel(t: ModelTurnInput): Decision {
  const candidate = candidateOf(t);
  const chosen = chooseTurn(t.offline, candidate);
  const r = t.reply;
  const command = candidate.kind === 'command' || candidate.kind === 'keeps_offline' ? candidate.command : undefined;
  const cited = candidate.kind === 'answer' ? (candidate.decision.replies[0]?.trace.llm?.sources ?? []) : undefined;
  const outcome = candidate.kind === 'failed' || candidate.kind === 'invalid' ? candidate.reason : candidate.kind === 'blocked' ? 'blocked' : 'ok';
  const model: TraceModel = {
    use: candidate.kind === 'answer' || candidate.kind === 'blocked' ? 'answer' : 'understand',
    outcome,
    ...(command ? { command } : {}),
    ...(cited ? { sources: cited } : {}),
    ...(r.model ? { model: r.model } : {}),
    ...(r.ok ? { tokens: r.tokens } : {}),
    ...(r.ms !== undefined ? { ms: Math.round(r.ms) } : {}),
  };
  const blocked = candidate.kind === 'blocked' ? { blocked: candidate.violations.map((v) => ({ kind: v.kind, text: v.text, ...(v.detail ? { detail: v.detail } : {}) })) } : undefined;
  const mark = (trace: ReplyTrace): ReplyTrace => ({ ...trace, policy: { ...trace.policy, ask: t.askRule, choose: chosen.rule }, llm: model, ...(blocked ? { guardrails: blocked } : {}) });
  return { ...chosen.decision, replies: chosen.decision.replies.map((x) => ({ ...x, trace: mark(x.trace) })) };
}

function candidateOf(t: ModelTurnInput): ModelCandidate {
  if (!t.reply.ok) return { kind: 'failed', reason: t.reply.reason };
  const read = readModelCommand(t.reply.text);
  if (!read.ok) return { kind: 'invalid', reason: read.reason };
  return runCommand(t, read.command);
}

/** The state a model's command starts the turn from: the offline one, without what only its own answer set. */
function baseOf(t: ModelTurnInput): ConversationState {
  const s: ConversationState = { ...t.offline.state, consecutiveFallbacks: 0 };
  delete s.suggested;
  delete s.pending;
  return s;
}

function runCommand(t: ModelTurnInput, c: ModelCommand): ModelCandidate {
  const { kb } = t;
  const shop = kb.release.bundle.shop;
  const releaseId = kb.release.id;
  const base = baseOf(t);
  const said = (reply: DecidedReply, state: ConversationState = base): Decision => ({ state, replies: [reply], effects: [], calls: [], ...(t.offline.understanding ? { understanding: t.offline.understanding } : {}) });
  const withUnderstanding = (d: Decision): Decision => ({ ...d, ...(t.offline.understanding ? { understanding: t.offline.understanding } : {}) });
  switch (c.command) {
    case 'none':
      return { kind: 'keeps_offline', command: c.command };
    case 'smalltalk': {
      if (c.kind === 'chitchat') return { kind: 'keeps_offline', command: 'smalltalk' };
      const text = c.kind === 'greeting' ? shop.greeting : shop.language === 'en' ? "You're welcome! Anything else, just ask." : '不客气～还有其他问题随时找我哦！';
      return { kind: 'command', command: c.command, decision: said({ text, trace: { releaseId, source: 'smalltalk', rule: c.kind } }) };
    }
    case 'answer_faq': {
      const id = shownId(t.context.faq.map((e) => e.id), c.faq);
      const entry = id ? kb.faqById.get(id) : undefined;
      if (!entry) return { kind: 'invalid', reason: 'unknown_id' };
      return { kind: 'command', command: c.command, decision: said({ text: entry.answer, trace: { releaseId, source: 'faq', faqId: entry.id, rule: 'model' } }) };
    }
    case 'answer_product': {
      const id = shownId(t.context.products.map((p) => p.id), c.product);
      const p = id ? kb.productsById.get(id) : undefined;
      const aspect = p ? aspectOf(p, c.attribute) : undefined;
      if (!p || !aspect) return { kind: 'invalid', reason: 'unknown_id' };
      const a = answerProductQuestion(p, [aspect], normalizeText(t.text), shop.language, kb.attributes);
      return {
        kind: 'command',
        command: c.command,
        decision: said({ text: a.text, trace: { releaseId, source: 'product', productId: p.id, fields: a.fields, skus: a.skus, aspects: [aspect], rule: 'model' } }, { ...base, focusProductId: p.id, lastAspects: [aspect] }),
      };
    }
    case 'start_flow': {
      const d = startFlowFor(base, c.flow, t.text, kb, t.ctx, t.offline);
      return d ? { kind: 'command', command: c.command, decision: withUnderstanding(d) } : { kind: 'invalid', reason: 'unknown_id' };
    }
    case 'set_slot': {
      if (!t.context.waiting || t.context.waiting.slot !== c.slot) return { kind: 'invalid', reason: 'unknown_id' };
      // Only a slot whose value the flow checks (a choice, an entity): a free-text slot would take the
      // model's words as the shopper's and show them back (原因：{{slots.reason}}) or pass them to tools.
      if (!SETTABLE(t.context.waiting.type)) return { kind: 'invalid', reason: 'slot_not_settable' };
      const value = String(c.value);
      const entities = kb.understander.understand(value, t.today).entities;
      const d = answerFlowWith(t.state, base, value, entities, kb, t.ctx);
      return d ? { kind: 'command', command: c.command, decision: withUnderstanding(d) } : { kind: 'invalid', reason: 'unfilled' };
    }
    case 'handoff':
      return { kind: 'command', command: c.command, decision: withUnderstanding(requestedHandoff(base, shop, releaseId, 'model', t.now)) };
    case 'answer': {
      const shown = new Map(t.context.sources.map((s) => [s.id.toLowerCase(), s]));
      const cited = c.sources.map((s) => shown.get(s.trim().toLowerCase()));
      if (cited.length === 0 || cited.some((s) => s === undefined)) return { kind: 'invalid', reason: 'unknown_source' };
      const sources = cited.filter((s) => s !== undefined);
      const verdict = checkGenerated(c.text, { sources, allowedCommitments: t.allowedCommitments, language: shop.language, instructions: t.instructions });
      if (!verdict.ok) return { kind: 'blocked', violations: verdict.violations };
      const ids = sources.map((s) => s.id);
      return {
        kind: 'answer',
        decision: said({ text: c.text.trim(), trace: { releaseId, source: 'llm', rule: 'grounded_answer', llm: { use: 'answer', outcome: 'ok', sources: ids } } }),
      };
    }
  }
}

/** The id as shown to the model (compared without case), or undefined when it was not shown. */
function shownId(shown: readonly string[], id: string): string | undefined {
  const want = id.trim().toLowerCase();
  return shown.find((s) => s.toLowerCase() === want);
}

/** The aspect a model's attribute name stands for on this product: a built-in one, or one the product states. */
function aspectOf(p: Product, attribute: string): Aspect | undefined {
  const name = attribute.trim();
  const builtIn = ASPECT_WORDS[name.toLowerCase()];
  if (builtIn) return builtIn;
  const fact = Object.keys(p.facts ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return fact ? `fact:${fact}` : undefined;
}
