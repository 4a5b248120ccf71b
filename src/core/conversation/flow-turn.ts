// How a turn meets the shop's SOPs: a running flow gets the message first (cancel, answer,
// digression, switch), otherwise a flow may start from its triggers; what no flow takes goes to
// the knowledge base. The rules here are the ones docs/sop.md promises shop owners.
import { OUT_OF_SCOPE } from '../understanding/intent-classifier.js';
import { formatPriceRange } from '../catalog/money.js';
import type { Product } from '../catalog/types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { normalizeText } from '../understanding/normalize.js';
import type { Understanding } from '../understanding/understand.js';
import { armsOf, HOLDOUT } from '../sop/experiments.js';
import { recommendProducts } from '../sop/recommend.js';
import { isCancel } from '../sop/slots.js';
import { step, type FlowEffect, type FlowInput, type FlowState, type StepContext, type StepOutput } from '../sop/stepper.js';
import type { ToolOutput } from '../sop/tools.js';
import type { Flow, FlowEvent, SlotValue } from '../sop/types.js';
import type { VarValue } from '../sop/variables.js';
import { isPreferenceName, preferenceSlotValue } from '../customer/preferences.js';
import { chooseTurnPath } from '../policy/turn-rules.js';
import type { ConversationState } from './state.js';
import type { DecidedReply, Decision } from './decision.js';

/** Who the shopper is, when the channel or the shop's system knows. */
export interface TurnContext {
  customer?: {
    id: string;
    name: string;
    segment: string;
    tags: string[];
    /** Stored preferences by name (PREFERENCE_NAMES), newest values. */
    preferences?: Readonly<Record<string, string>>;
    /** What they bought last (the first item of their latest received order), and how many orders they have. */
    lastPurchase?: string;
    orders?: number;
  };
}

/** An intent must be at least this sure (and its trigger's own min_confidence) to pull the shopper out of a running flow. */
export const SWITCH_CONFIDENCE = 0.4;

/** A question about how things work in general ("退货要运费吗"), which the knowledge base answers. */
const QUESTION = /吗|么|呢|咋|啥|谁|.还是.|多少|几|多久|怎|如何|什么|哪|是否|能不能|可不可以|会不会|是不是|要不要|有没有|[不没][了啊呀]?$|[?？]|^(how|what|when|where|why|which|who|can|could|do|does|did|is|are|will|would|should)\b/;
/** …unless it is about the shopper's own order or asks for an action ("帮我取消", "我的快递"). */
const PERSONAL = /我要|我想|我得|帮我|替我|麻烦你|我的|我买的|我刚|我昨天|我前天|我今天|我下的|我拍的|这单|订单号|\bmy\b|\bi want\b/;

/** A request to do something ("我要退货", "想换个小一码的"), as opposed to describing a problem. */
const REQUEST = /我?要|我?想|帮我|替我|麻烦|申请|\bi want\b|\bplease\b/;

/** "没有订单号", "找不到": a reply to the question asked, not a new request. */
const CANNOT_ANSWER = /^(没有|没|不知道|找不到|忘了|不记得|记不得|不清楚)/;

const CANCELLED = { 'zh-CN': '好的，已为您取消当前办理～还有其他需要随时找我哦！', en: 'OK, I have stopped that. Anything else, just ask!' };

/** Remembers the latest message's value of each entity type the shopper gave; within one message
 * the first one ("order A … the same address as order B" is about order A). */
export function remember(memory: Readonly<Record<string, SlotValue>> | undefined, u: Understanding): Record<string, SlotValue> {
  const out: Record<string, SlotValue> = { ...(memory ?? {}) };
  const seen = new Set<string>();
  for (const e of u.entities) {
    if (seen.has(e.type)) continue;
    seen.add(e.type);
    out[e.type] = e.value;
  }
  return out;
}

function stepContext(state: ConversationState, kb: KnowledgeBase, ctx: TurnContext, text = ''): StepContext {
  const bundle = kb.release.bundle;
  const focus: Product | undefined = state.focusProductId ? kb.productsById.get(state.focusProductId) : undefined;
  return {
    customer: ctx.customer ? customerVars(ctx.customer) : { known: false },
    product: focus ? { id: focus.id, name: focus.name, price: formatPriceRange(focus.variants.map((v) => v.priceMinor)), category: focus.category, material: focus.attributes.material } : {},
    shop: { name: bundle.shop.name },
    experiment: armsFor(kb, ctx),
    language: bundle.shop.language,
    turn: state.turns,
    known: state.memory ?? {},
    profile: Object.fromEntries(Object.entries(ctx.customer?.preferences ?? {}).flatMap(([k, v]) => (isPreferenceName(k) ? [[k, preferenceSlotValue(k, v)]] : []))),
    text,
    runCatalogTool: (tool, args): ToolOutput => (tool === 'recommend_products' ? recommendProducts(bundle.products, args, bundle.entities ?? [], bundle.shop.language) : { ok: false, error: 'unknown_tool' }),
  };
}

/** The customer as flows read it: who, segment, tags, purchases and preferences (customer.size…). */
function customerVars(c: NonNullable<TurnContext['customer']>): Record<string, VarValue> {
  return {
    ...(c.preferences ?? {}),
    id: c.id,
    known: true,
    name: c.name,
    segment: c.segment,
    tags: c.tags,
    returning: (c.orders ?? 0) > 0,
    orders: c.orders ?? 0,
    ...(c.lastPurchase ? { last_purchase: c.lastPurchase } : {}),
  };
}

/** The known customer's arm of each of the shop's experiments; none for a visitor (no stable id to assign by). */
function armsFor(kb: KnowledgeBase, ctx: TurnContext): Record<string, string> {
  const experiments = kb.release.bundle.shop.experiments ?? [];
  return ctx.customer && experiments.length ? armsOf(experiments, kb.release.bundle.shop.id, ctx.customer.id) : {};
}

/** The experiments a reply of `flowId` at `stepId` exposes the customer to, with their arms (for the trace). */
function exposures(kb: KnowledgeBase, ctx: TurnContext, flowId: string, stepId: string): Record<string, string> | undefined {
  const arms = armsFor(kb, ctx);
  const hit = (kb.release.bundle.shop.experiments ?? []).filter((e) => e.flow === flowId && (!e.step || e.step === stepId) && arms[e.id] !== undefined);
  return hit.length ? Object.fromEntries(hit.map((e) => [e.id, arms[e.id] ?? ''])) : undefined;
}

/** The flows this customer is held out of (a holdout experiment's holdout arm). */
function heldOutFlows(kb: KnowledgeBase, ctx: TurnContext): Map<string, string> {
  const arms = armsFor(kb, ctx);
  return new Map((kb.release.bundle.shop.experiments ?? []).filter((e) => 'holdout' in e && arms[e.id] === HOLDOUT).map((e) => [e.flow, e.id]));
}

/** Marks every reply of a turn in which a held-out flow would have started: the holdout arm's exposure. */
function heldOut(d: Decision, experimentId: string): Decision {
  return { ...d, replies: d.replies.map((r) => ({ ...r, trace: { ...r.trace, experiments: { ...(r.trace.experiments ?? {}), [experimentId]: HOLDOUT } } })) };
}

/** The decision a step produced, on top of `base`. */
function fromStep(base: ConversationState, r: StepOutput, kb: KnowledgeBase, ctx: TurnContext): Decision {
  // Object.assign, not a spread: Node 20's V8 gives a spread copy that then gets a property it did
  // not have (flow, handoff) a hidden class of its own each time (docs/benchmarks.md).
  const state: ConversationState = Object.assign({}, base, { consecutiveFallbacks: 0 });
  if (r.flow) state.flow = r.flow;
  else delete state.flow;
  const handoff = r.effects.find((e): e is Extract<FlowEffect, { kind: 'handoff' }> => e.kind === 'handoff');
  if (handoff) state.handoff = { reason: handoff.reason };
  const replies: DecidedReply[] = r.replies.map((x) => {
    const experiments = exposures(kb, ctx, x.flowId, x.stepId);
    return { text: x.text, trace: { releaseId: kb.release.id, source: 'flow', flow: { id: x.flowId, step: x.stepId, template: x.template, variant: x.variant, outcome: r.trace.outcome }, ...(experiments ? { experiments } : {}) } };
  });
  return { state, replies, effects: r.effects, calls: r.calls, ...(r.finished ? { finished: r.finished } : {}) };
}

function run(base: ConversationState, flow: ConversationState['flow'], input: FlowInput, kb: KnowledgeBase, ctx: TurnContext): Decision {
  const text = input.kind === 'start' || input.kind === 'message' ? (input.text ?? '') : '';
  return fromStep(base, step(flow, input, kb.sops, stepContext(base, kb, ctx, text)), kb, ctx);
}

interface Triggered {
  flow: Flow;
  via: 'intent' | 'keyword' | 'entity';
  score: number;
}

/** The flow the message triggers: highest priority first, then the strongest match. */
function triggered(kb: KnowledgeBase, u: Understanding, norm: string, minIntentConfidence = 0, entities = true, skip: ReadonlyMap<string, string> = new Map()): Triggered | undefined {
  let best: Triggered | undefined;
  for (const flow of kb.sops.flows.values()) {
    if (skip.has(flow.id)) continue;
    for (const t of flow.triggers) {
      let hit: Triggered | undefined;
      if (t.kind === 'keyword' && t.keywords.some((k) => norm.includes(normalizeText(k)))) hit = { flow, via: 'keyword', score: 1 };
      else if (t.kind === 'intent' && u.intent === t.intent && u.confidence >= Math.max(t.minConfidence, minIntentConfidence)) hit = { flow, via: 'intent', score: u.confidence };
      else if (entities && t.kind === 'entity' && u.entities.some((e) => e.type === t.entity)) hit = { flow, via: 'entity', score: 0.9 };
      if (hit && (!best || hit.flow.priority > best.flow.priority || (hit.flow.priority === best.flow.priority && hit.score > best.score))) best = hit;
    }
  }
  return best;
}

/** The flow waiting for the shopper (not for a tool), if it is still in this release. */
function waitingFlow(state: ConversationState, kb: KnowledgeBase): FlowState | undefined {
  return state.flow && kb.sops.flows.has(state.flow.flowId) && state.flow.waiting !== 'tool' ? state.flow : undefined;
}

/** Whether a silence may be followed up at all: a flow waits, no person took over, not followed up since the shopper last wrote. */
export function mayFollowUp(state: ConversationState): boolean {
  return state.flow !== undefined && !state.handoff && state.nudgedAt !== state.turns;
}

/** The flow the shopper started: a flow run by a `use` step belongs to its caller's request. */
function rootFlow(flow: FlowState): FlowState {
  let f = flow;
  while (f.caller) f = f.caller;
  return f;
}

/** Whether the running flow waits on a question answered in words (a choice or free text). */
function answeredInWords(kb: KnowledgeBase, flow: NonNullable<ConversationState['flow']>): boolean {
  const def = kb.sops.flows.get(flow.flowId);
  const current = kb.sops.steps.get(flow.flowId)?.get(flow.stepId);
  if (!def || !current) return false;
  if (current.kind === 'confirm') return true;
  return current.kind === 'ask' && ['choice', 'text'].includes(def.slots[current.slot]?.type ?? '');
}

function start(base: ConversationState, flow: Flow, memory: Record<string, SlotValue>, text: string, kb: KnowledgeBase, ctx: TurnContext, knowledge: () => Decision): Decision {
  // Slots start from what the conversation already knows (entities by type) and the message's
  // words, without its order numbers and the flow's trigger keywords: "订单 … 我要投诉" says nothing
  // about the complaint itself.
  let words = text;
  for (const id of Object.values(memory)) if (typeof id === 'string' && /^\d{8,}$/.test(id)) words = words.split(id).join(' ');
  for (const t of flow.triggers) if (t.kind === 'keyword') for (const k of t.keywords) words = words.split(k).join(' ');
  const d = run(base, undefined, { kind: 'start', flowId: flow.id, slots: memory, text: words.replace(/\s+/g, ' ').trim() }, kb, ctx);
  // A flow that starts and ends without a word (or a call) must not leave the shopper unanswered.
  if (d.replies.length === 0 && !d.effects.some((e) => e.kind === 'call')) return { ...knowledge(), effects: d.effects, calls: d.calls };
  return d;
}

/**
 * The turn as the SOPs see it, chosen by core/policy's turn rules: the running flow, a flow the
 * message triggers, the welcome flow, or `knowledge` (the FAQ and catalog answer, computed at most
 * once and only when a rule needs it). `base` already remembers the message's entities. Returns the
 * decision and the id of the rule that chose it.
 */
export function flowTurn(state: ConversationState, base: ConversationState, text: string, kb: KnowledgeBase, u: Understanding, ctx: TurnContext, knowledge: () => Decision): { decision: Decision; rule: string } {
  const norm = normalizeText(text);
  const memory = base.memory ?? {};
  const withoutFlow: ConversationState = { ...base };
  delete withoutFlow.flow;
  const held = kb.sops.flows.size ? heldOutFlows(kb, ctx) : new Map<string, string>();
  const running = kb.sops.flows.size ? waitingFlow(state, kb) : undefined;

  // The running flow's view: a cancel, its step's take on the message, another flow asked for.
  const cancels = running !== undefined && running.waiting !== 'confirm' && isCancel(norm);
  const answered = running && !cancels ? step(running, { kind: 'message', text, entities: u.entities }, kb.sops, stepContext(base, kb, ctx, text)) : undefined;
  const other = answered ? triggered(kb, u, norm, SWITCH_CONFIDENCE, false, held) : undefined;
  let switches = false;
  if (running && answered && other) {
    // An answer that is little more than the value asked for ("261124…") is an answer, whatever its intent.
    const leftover = u.entities.reduce((t, e) => t.replace(normalizeText(e.text), ''), norm).replace(/[\s\p{P}\p{S}]/gu, '');
    const askedWords = answered.trace.outcome !== 'unfilled' && (answeredInWords(kb, running) || [...leftover].length < 4);
    // Another flow the message clearly asks for ("算了，我要取消订单 …") replaces this one, unless the
    // message answered the question with the words it offered; a flow marked `interrupts` (a human
    // agent) starts even then: "get me a person" is not a payment method.
    const root = rootFlow(running);
    switches = other.flow.id !== running.flowId && other.flow.id !== root.flowId && (other.flow.interrupts === true || (!askedWords && !CANNOT_ANSWER.test(norm)));
  }
  // No flow running: the flow the message triggers (held-out flows aside), and the welcome flow.
  const hit = running || !kb.sops.flows.size ? undefined : triggered(kb, u, norm, 0, true, held);
  const welcome = !running && state.turns === 0 && kb.sops.flows.size ? eventFlow(kb, 'first_message', held) : undefined;
  const question = QUESTION.test(norm);

  const { rule, choice } = chooseTurnPath({
    hasFlows: kb.sops.flows.size > 0,
    running: running !== undefined,
    cancels,
    switches,
    stepFilled: answered !== undefined && answered.trace.outcome !== 'unfilled',
    // A question on the side (FAQ, product) is answered, then the flow asks again. Only a question
    // counts: a short non-answer ("杭州") that happens to resemble an FAQ is not one.
    sideQuestion: () => question && knowledge().replies.length > 0 && knowledge().replies.every((r) => r.trace.source !== 'fallback'),
    trigger: hit?.via,
    // A general question the knowledge base answers ("退货要运费吗") is not a request to start a
    // flow; a request ("我要退货") or one about the shopper's own order ("我的快递到哪了", an order number) is.
    generalQuestion: () => {
      const first = knowledge().replies[0];
      const direct = first?.trace.source === 'faq' || first?.trace.source === 'product';
      return direct && question && !PERSONAL.test(norm) && !u.entities.some((e) => e.type === 'order_id');
    },
    // The first message may start the welcome flow when nothing else fits: smalltalk, or a fallback
    // that suggests no questions ("您是不是想问" keeps them: the shopper asked something).
    welcomes: () => {
      if (!welcome) return false;
      const first = knowledge().replies[0];
      const suggests = (first?.trace.suggestions?.length ?? 0) > 0;
      return first?.trace.source === 'smalltalk' || (first?.trace.source === 'fallback' && !suggests && welcomes(welcome, u));
    },
  });
  const decision = (): Decision => {
    switch (choice) {
      case 'knowledge':
        return knowledge();
      case 'cancel_flow': {
        const s: ConversationState = { ...withoutFlow, consecutiveFallbacks: 0 };
        const flow = running ?? { flowId: '', stepId: '' };
        return {
          state: s,
          replies: [{ text: CANCELLED[kb.release.bundle.shop.language], trace: { releaseId: kb.release.id, source: 'flow', flow: { id: flow.flowId, step: flow.stepId, template: '', variant: 0, outcome: 'cancelled' } } }],
          effects: [],
          calls: [],
        };
      }
      case 'switch_flow':
        return other ? start(base, other.flow, memory, text, kb, ctx, knowledge) : knowledge();
      case 'flow_step':
        return answered ? fromStep(base, answered, kb, ctx) : knowledge();
      case 'side_question':
      case 'reprompt': {
        const k = knowledge();
        const side = choice === 'side_question';
        const again = run({ ...k.state, consecutiveFallbacks: side ? 0 : k.state.consecutiveFallbacks }, answered?.flow, { kind: 'reprompt', answeredElsewhere: side }, kb, ctx);
        if (side) return { ...again, replies: [...k.replies, ...again.replies] };
        // A flow that gives up without a word leaves the knowledge base's answer to say.
        return { ...again, state: { ...again.state, consecutiveFallbacks: again.replies.length ? 0 : k.state.consecutiveFallbacks }, replies: again.replies.length ? again.replies : k.replies };
      }
      case 'start_flow': {
        if (!hit) return knowledge();
        if (hit.via === 'entity') return start(withoutFlow, hit.flow, memory, text, kb, ctx, knowledge);
        const d = start(withoutFlow, hit.flow, memory, text, kb, ctx, knowledge);
        // The shopper describes a problem or asks about their own case, and the flow needs something
        // first (an order number…): what the knowledge base knows comes before the flow's question
        // ("物流说已签收 可我没收到" → the policy, then 订单号). A plain request ("我要退货") gets none.
        const first = knowledge().replies[0];
        const faq = first?.trace.source === 'faq' ? first : undefined;
        if (faq && (question || !REQUEST.test(norm)) && d.state.flow?.waiting === 'ask' && d.replies.length > 0) return { ...d, replies: [faq, ...d.replies] };
        return d;
      }
      case 'start_welcome':
        return welcome ? start(withoutFlow, welcome, memory, text, kb, ctx, knowledge) : knowledge();
    }
  };
  // A customer held out of a flow gets what they would get without it: the turn is the holdout's exposure.
  const wanted = !running && held.size ? triggered(kb, u, norm) : undefined;
  const holdout = wanted ? held.get(wanted.flow.id) : undefined;
  return { decision: holdout ? heldOut(decision(), holdout) : decision(), rule };
}

/**
 * A flow started because a model read the message as asking for it (core/llm): started the way its
 * triggers would have started it; undefined when the release has no such flow or the customer is
 * held out of it. `knowledge` is what the shopper gets if the flow says nothing.
 */
export function startFlowFor(base: ConversationState, flowId: string, text: string, kb: KnowledgeBase, ctx: TurnContext, knowledge: Decision): Decision | undefined {
  const flow = kb.sops.flows.get(flowId);
  if (!flow || heldOutFlows(kb, ctx).has(flowId) || !flow.triggers.some((t) => t.kind !== 'event')) return undefined;
  const s: ConversationState = { ...base };
  delete s.flow;
  return start(s, flow, s.memory ?? {}, text, kb, ctx, () => knowledge);
}

/**
 * The running flow's open question answered with `value`, as a model read it from the message:
 * the stepper checks the value as it checks any answer; undefined when it does not fill the slot.
 */
export function answerFlowWith(state: ConversationState, base: ConversationState, value: string, entities: Understanding['entities'], kb: KnowledgeBase, ctx: TurnContext): Decision | undefined {
  const running = waitingFlow(state, kb);
  if (!running || running.waiting !== 'ask') return undefined;
  const r = step(running, { kind: 'message', text: value, entities }, kb.sops, stepContext(base, kb, ctx, value));
  return r.trace.outcome === 'unfilled' ? undefined : fromStep(base, r, kb, ctx);
}

/** Feeds a tool's result back to the flow that asked for it. */
export function resumeFlow(state: ConversationState, callId: string, output: ToolOutput, kb: KnowledgeBase, ctx: TurnContext): Decision {
  return run(state, state.flow, { kind: 'tool_result', callId, output }, kb, ctx);
}

/** A flow whose question went unanswered this long is given up when an event's flow comes. */
export const ABANDONED_FLOW_MINUTES = 30;

/** Default minutes of silence before a customer_silent flow starts. */
export const DEFAULT_SILENT_MINUTES = 10;

/**
 * The follow-up when a flow has waited `idleMinutes` for the shopper's answer: the highest-priority
 * customer_silent flow whose minutes have passed, run on top of the waiting flow (which asks its
 * question again when the follow-up ends). Once per silence; never after a handoff, and never when
 * no flow waits (a shopper who got their answer and left is not chased).
 */
export function decideSilence(state: ConversationState, idleMinutes: number, kb: KnowledgeBase, ctx: TurnContext): Decision | undefined {
  const running = waitingFlow(state, kb);
  if (!running || !mayFollowUp(state)) return undefined;
  const minutes = (f: Flow) => Math.min(...f.triggers.flatMap((t) => (t.kind === 'event' && t.event === 'customer_silent' ? [t.afterMinutes ?? DEFAULT_SILENT_MINUTES] : [])));
  const held = heldOutFlows(kb, ctx);
  const flow = [...kb.sops.flows.values()].filter((f) => !held.has(f.id) && minutes(f) <= idleMinutes).sort((a, b) => b.priority - a.priority)[0];
  if (!flow) return undefined;
  const base: ConversationState = { ...state, nudgedAt: state.turns };
  const d = run(base, undefined, { kind: 'start', flowId: flow.id, slots: state.memory ?? {}, caller: running }, kb, ctx);
  // The follow-up says nothing (every variant conditional): leave the conversation as it was.
  return d.replies.length || d.effects.length ? { ...d, state: { ...d.state, consecutiveFallbacks: state.consecutiveFallbacks } } : undefined;
}

/**
 * A flow started by something that happened outside the chat (an order delivered): the
 * highest-priority flow the event triggers, given the event's slots (order_id), which the
 * conversation also remembers ("尺码不合适想换" afterwards is about that order). Never after a
 * handoff, and not while a flow runs, unless the shopper left it unanswered for
 * ABANDONED_FLOW_MINUTES: then it is dropped for the event's flow.
 */
export function decideEvent(state: ConversationState, event: Exclude<FlowEvent, 'first_message' | 'customer_silent'>, slots: Record<string, SlotValue>, idleMinutes: number, kb: KnowledgeBase, ctx: TurnContext): Decision | undefined {
  if (state.handoff || (state.flow && idleMinutes < ABANDONED_FLOW_MINUTES)) return undefined;
  const flow = eventFlow(kb, event, heldOutFlows(kb, ctx));
  if (!flow) return undefined;
  const base: ConversationState = { ...state, memory: { ...(state.memory ?? {}), ...slots } };
  delete base.flow;
  const d = run(base, undefined, { kind: 'start', flowId: flow.id, slots: base.memory ?? {} }, kb, ctx);
  return d.replies.length || d.effects.length || d.calls.length ? d : undefined;
}

/**
 * Whether a first message the knowledge base could not answer opens the welcome flow: only when
 * it was not understood as any of the shop's intents (or as one the welcome flow itself serves)
 * and the shopper is not upset. A recognised question without an answer ("开增票需要我提供啥信息"),
 * or a complaint, gets the fallback, which asks to rephrase and offers a person, not a sales pitch.
 */
function welcomes(welcome: Flow, u: Understanding): boolean {
  if (u.sentiment.sentiment !== 'neutral') return false;
  return u.intent === OUT_OF_SCOPE || welcome.triggers.some((t) => t.kind === 'intent' && t.intent === u.intent);
}

/** The highest-priority flow an event triggers (at equal priority, the first by file name). */
function eventFlow(kb: KnowledgeBase, event: FlowEvent, skip: ReadonlyMap<string, string> = new Map()): Flow | undefined {
  return [...kb.sops.flows.values()].sort((a, b) => b.priority - a.priority).find((f) => !skip.has(f.id) && f.triggers.some((t) => t.kind === 'event' && t.event === event));
}
