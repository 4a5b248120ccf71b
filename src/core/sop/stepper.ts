// The SOP executor: a pure function from (flow state, input, compiled SOPs, context) to the next
// flow state, the replies to send, the effects to run and a trace naming every step taken. It
// never loops unbounded: at most MAX_STEPS_PER_TURN steps run per call.
import { evaluateCondition } from './condition.js';
import type { CompiledSops } from './compile.js';
import { fillSlots, readConfirmation } from './slots.js';
import { chooseVariant, fill } from './template.js';
import { toolArgs, type ToolArgs, type ToolCall, type ToolOutput } from './tools.js';
import type { Flow, SlotValue, Step } from './types.js';
import type { FlowVars, VarValue } from './variables.js';

/** Steps one call may execute before the flow is stopped and handed to a person. */
export const MAX_STEPS_PER_TURN = 64;
/** Side questions in a row at one step after which the flow lets the shopper go. */
export const MAX_DETOURS = 3;

/** Where a running flow stands; plain data, stored with the conversation. */
export interface FlowState {
  flowId: string;
  stepId: string;
  slots: Record<string, SlotValue>;
  results: Record<string, ToolOutput>;
  /** Re-prompts used at the current ask/confirm step. */
  attempts: number;
  /** Questions on the side answered in a row at the current step (they use no attempt). */
  detours?: number;
  waiting: 'ask' | 'confirm' | 'tool';
  /** The call whose result the flow waits for. */
  callId?: string;
  /** The flow that used this one (`use` step), to go on with at its next step when this one ends. */
  caller?: FlowState;
}

/** What the stepper is given. */
export type FlowInput =
  /**
   * Start a flow; `slots` are values already known (entities by type), `text` the message that
   * started it. With `caller`, the flow runs on top of that one, which goes on when it ends.
   */
  | { kind: 'start'; flowId: string; slots: Record<string, SlotValue>; text?: string; caller?: FlowState }
  /** A shopper message while the flow waits at an ask or confirm step. */
  | { kind: 'message'; text: string; entities: readonly { type: string; value: SlotValue }[] }
  /**
   * The message answered nothing the flow asked: ask again, using up an attempt. A message answered
   * elsewhere (a question on the side) uses none, but MAX_DETOURS of them in a row end the flow
   * quietly: the shopper has moved on.
   */
  | { kind: 'reprompt'; answeredElsewhere: boolean }
  | { kind: 'tool_result'; callId: string; output: ToolOutput };

/** The read-only world a flow sees besides its own state. */
export interface StepContext {
  customer: Readonly<Record<string, VarValue>>;
  product: Readonly<Record<string, VarValue>>;
  shop: Readonly<Record<string, VarValue>>;
  /** The customer's experiment arms by experiment id (experiment.<id> in conditions). */
  experiment?: Readonly<Record<string, VarValue>>;
  language: 'zh-CN' | 'en';
  /** Makes call ids unique per conversation. */
  turn: number;
  /** Values the conversation already knows (entities by type) and the turn's message ('' when
   * resuming after a tool): what a flow started by a `use` step fills its slots from. */
  known?: Readonly<Record<string, SlotValue>>;
  /** The customer's stored preferences (size, skin_type…), for slots with `fromProfile`. */
  profile?: Readonly<Record<string, SlotValue>>;
  text?: string;
  /** Runs a catalog tool (recommend_products) from the release's data. */
  runCatalogTool(tool: string, args: Record<string, string>): ToolOutput;
}

/** A reply produced by a step, naming where it came from. */
export interface FlowReply {
  text: string;
  flowId: string;
  stepId: string;
  template: string;
  /** Which variant of the template was said (0-based). */
  variant: number;
}

/** Things the app must do for the flow. */
export type FlowEffect = { kind: 'call'; call: ToolCall } | { kind: 'tag'; tags: string[]; step: string } | { kind: 'handoff'; reason: string };

/** How the call left the flow. */
export type FlowOutcome = 'waiting' | 'ended' | 'handoff' | 'step_limit' | 'unfilled' | 'abandoned';

export interface StepOutput {
  flow: FlowState | undefined;
  replies: FlowReply[];
  effects: FlowEffect[];
  /** Every tool called (catalog tools included), in order, with the arguments as sent. */
  calls: { tool: string; args: ToolArgs }[];
  trace: { flowId: string; steps: string[]; outcome: FlowOutcome };
  /** Flows that ended in this call, with their slots as they ended (what the shopper answered). */
  finished?: { flowId: string; slots: Record<string, SlotValue> }[];
}

const GAVE_UP = { 'zh-CN': '抱歉，这个问题我帮您转给人工客服处理，请稍等～', en: 'Sorry, let me pass this to a colleague who can help. One moment please.' };

/** Runs the flow from its current point as far as it can go without the shopper. */
export function step(flow: FlowState | undefined, input: FlowInput, sops: CompiledSops, ctx: StepContext): StepOutput {
  const out: StepOutput = { flow: undefined, replies: [], effects: [], calls: [], trace: { flowId: flow?.flowId ?? (input.kind === 'start' ? input.flowId : ''), steps: [], outcome: 'ended' } };
  if (input.kind === 'start') {
    const def = sops.flows.get(input.flowId);
    const first = def?.steps[0];
    if (!def || !first) return out;
    const state: FlowState = { flowId: def.id, stepId: first.id, slots: {}, results: {}, attempts: 0, waiting: 'ask', ...(input.caller ? { caller: input.caller } : {}) };
    state.slots = withProfile(def, fillSlots(def, state.slots, [], input.text ?? '', undefined, input.slots, true), ctx.profile);
    return run(def, state, sops, ctx, out);
  }
  const def = flow ? sops.flows.get(flow.flowId) : undefined;
  const current = def && flow ? sops.steps.get(def.id)?.get(flow.stepId) : undefined;
  if (!def || !flow || !current) return out; // the flow is gone from this release: end it
  out.flow = flow;

  if (input.kind === 'tool_result') {
    if (flow.waiting !== 'tool' || input.callId !== flow.callId || current.kind !== 'call') return { ...out, trace: { ...out.trace, outcome: 'waiting' } };
    const state: FlowState = { ...flow, results: { ...flow.results, [current.saveAs]: input.output }, waiting: 'ask' };
    delete state.callId;
    return goTo(def, state, input.output['ok'] === false && current.onError ? current.onError : sops.next.get(def.id)?.get(current.id), sops, ctx, out);
  }

  if (input.kind === 'message') {
    const asked = current.kind === 'ask' ? current.slot : undefined;
    const slots = fillSlots(def, flow.slots, input.entities, input.text, asked);
    const state: FlowState = { ...flow, slots };
    if (current.kind === 'ask' && slots[current.slot] !== undefined) return goTo(def, { ...state, attempts: 0, detours: 0 }, sops.next.get(def.id)?.get(current.id), sops, ctx, out);
    if (current.kind === 'confirm') {
      const answer = readConfirmation(input.text);
      if (answer) return goTo(def, { ...state, attempts: 0, detours: 0 }, answer === 'yes' ? current.yes : current.no, sops, ctx, out);
    }
    return { ...out, flow: state, trace: { ...out.trace, outcome: 'unfilled' } };
  }

  // A re-prompt: ask again, or give up after the step's attempts.
  if (current.kind !== 'ask' && current.kind !== 'confirm') return { ...out, trace: { ...out.trace, outcome: 'waiting' } };
  const askAgain = (state: FlowState): StepOutput => {
    say(def, current, current.reprompt ?? current.template, state, ctx, out);
    return { ...out, flow: state, trace: { ...out.trace, steps: [current.id], outcome: 'waiting' } };
  };
  if (input.answeredElsewhere) {
    const detours = (flow.detours ?? 0) + 1;
    if (detours >= MAX_DETOURS) return { ...out, flow: undefined, trace: { ...out.trace, steps: [current.id], outcome: 'abandoned' } };
    return askAgain({ ...flow, detours });
  }
  const attempts = flow.attempts + 1;
  if (attempts >= current.maxAttempts) {
    const onFail = current.kind === 'ask' ? current.onFail : current.no;
    if (onFail) return goTo(def, { ...flow, attempts: 0 }, onFail, sops, ctx, out);
    out.replies.push({ text: GAVE_UP[ctx.language], flowId: def.id, stepId: current.id, template: '', variant: 0 });
    out.effects.push({ kind: 'handoff', reason: 'sop_max_attempts' });
    return { ...out, flow: undefined, trace: { ...out.trace, steps: [current.id], outcome: 'handoff' } };
  }
  return askAgain({ ...flow, attempts, detours: 0 });
}

function goTo(def: Flow, state: FlowState, stepId: string | undefined, sops: CompiledSops, ctx: StepContext, out: StepOutput): StepOutput {
  if (stepId === undefined) return ended(state, sops, ctx, out);
  return run(def, { ...state, stepId }, sops, ctx, out);
}

/** The flow ended: go on with the flow that used it, if any, at the step after its `use`. */
function ended(state: FlowState, sops: CompiledSops, ctx: StepContext, out: StepOutput): StepOutput {
  out.finished = [...(out.finished ?? []), { flowId: state.flowId, slots: state.slots }];
  const caller = state.caller;
  const def = caller ? sops.flows.get(caller.flowId) : undefined;
  if (!caller || !def) return { ...out, flow: undefined, trace: { ...out.trace, outcome: 'ended' } };
  return caller.stepId === '' ? ended(caller, sops, ctx, out) : run(def, caller, sops, ctx, out);
}

function varsOf(state: FlowState, ctx: StepContext): FlowVars {
  return { slots: state.slots, results: state.results, customer: ctx.customer, product: ctx.product, shop: ctx.shop, experiment: ctx.experiment ?? {} };
}

function say(def: Flow, s: Step, templateId: string, state: FlowState, ctx: StepContext, out: StepOutput): void {
  const vars = varsOf(state, ctx);
  const chosen = chooseVariant(def.templates[templateId] ?? [], vars);
  if (!chosen) return; // every variant is conditional and none holds: nothing to say
  out.replies.push({ text: fill(chosen.variant.text, vars, ctx.language === 'en' ? ', ' : '、'), flowId: def.id, stepId: s.id, template: templateId, variant: chosen.index });
}

function run(def: Flow, start: FlowState, sops: CompiledSops, ctx: StepContext, out: StepOutput): StepOutput {
  let state = start;
  const byId = sops.steps.get(def.id);
  const after = sops.next.get(def.id);
  // The budget is shared by every flow run in this call (a used flow, the caller it returns to).
  while (out.trace.steps.length < MAX_STEPS_PER_TURN) {
    const n = out.trace.steps.length;
    const s = byId?.get(state.stepId);
    if (!s) return ended(state, sops, ctx, out);
    out.trace.steps.push(s.id);
    const following = after?.get(s.id);
    let next: string | undefined;
    switch (s.kind) {
      case 'say':
        say(def, s, s.template, state, ctx, out);
        next = following;
        break;
      case 'ask':
        if (s.force && state.slots[s.slot] !== undefined) {
          const slots = { ...state.slots };
          delete slots[s.slot];
          state = { ...state, slots };
        }
        if (state.slots[s.slot] !== undefined) {
          next = following;
          break;
        }
        say(def, s, s.template, state, ctx, out);
        return { ...out, flow: { ...state, waiting: 'ask', attempts: 0 }, trace: { ...out.trace, outcome: 'waiting' } };
      case 'confirm':
        say(def, s, s.template, state, ctx, out);
        return { ...out, flow: { ...state, waiting: 'confirm', attempts: 0 }, trace: { ...out.trace, outcome: 'waiting' } };
      case 'branch': {
        const vars = varsOf(state, ctx);
        next = s.cases.find((c) => evaluateCondition(c.if, vars))?.goto ?? s.else;
        break;
      }
      case 'call': {
        const vars = varsOf(state, ctx);
        // Optional arguments whose variables are empty are left out, as if not given.
        const spec = sops.tools[s.tool];
        const args: Record<string, string> = {};
        for (const [k, v] of Object.entries(s.args)) {
          const value = fill(v, vars, ',').trim();
          if (value !== '' || spec?.required.includes(k)) args[k] = value;
        }
        const sent = toolArgs(spec, args);
        out.calls.push({ tool: s.tool, args: sent });
        if (spec?.catalog) {
          const output = ctx.runCatalogTool(s.tool, args);
          state = { ...state, results: { ...state.results, [s.saveAs]: output } };
          next = output['ok'] === false && s.onError ? s.onError : following;
          break;
        }
        const callId = `${def.id}/${s.id}/${ctx.turn}/${n}`;
        out.effects.push({ kind: 'call', call: { callId, tool: s.tool, args: sent } });
        return { ...out, flow: { ...state, waiting: 'tool', callId }, trace: { ...out.trace, outcome: 'waiting' } };
      }
      case 'tag': {
        const vars = varsOf(state, ctx);
        const tags = s.tags.map((t) => fill(t, vars).trim()).filter((t) => t !== '');
        if (tags.length) out.effects.push({ kind: 'tag', tags, step: `${def.id}/${s.id}` });
        next = following;
        break;
      }
      case 'handoff':
        if (s.template) say(def, s, s.template, state, ctx, out);
        out.effects.push({ kind: 'handoff', reason: s.reason });
        return { ...out, flow: undefined, trace: { ...out.trace, outcome: 'handoff' } };
      case 'end':
        if (s.template) say(def, s, s.template, state, ctx, out);
        return ended(state, sops, ctx, out);
      case 'forget': {
        const slots = { ...state.slots };
        for (const x of s.slots) delete slots[x];
        state = { ...state, slots };
        next = following;
        break;
      }
      case 'use': {
        const used = sops.flows.get(s.flow);
        const first = used?.steps[0];
        if (!used || !first) {
          next = following;
          break;
        }
        const caller: FlowState = { ...state, stepId: following ?? '', attempts: 0, waiting: 'ask' };
        const slots = fillSlots(used, {}, [], ctx.text ?? '', undefined, ctx.known ?? {}, true);
        return run(used, { flowId: used.id, stepId: first.id, slots, results: {}, attempts: 0, waiting: 'ask', caller }, sops, ctx, out);
      }
    }
    if (next === undefined) return ended(state, sops, ctx, out);
    state = { ...state, stepId: next };
  }
  // A loop that never waits for the shopper: stop it and let a person take over.
  out.effects.push({ kind: 'handoff', reason: 'sop_step_limit' });
  out.replies.push({ text: GAVE_UP[ctx.language], flowId: def.id, stepId: state.stepId, template: '', variant: 0 });
  return { ...out, flow: undefined, trace: { ...out.trace, outcome: 'step_limit' } };
}

/** Empty slots that start from the customer's profile take its value (a choice only one of its own values). */
function withProfile(def: Flow, slots: Record<string, SlotValue>, profile: Readonly<Record<string, SlotValue>> | undefined): Record<string, SlotValue> {
  if (!profile) return slots;
  const out = { ...slots };
  for (const [name, slot] of Object.entries(def.slots)) {
    if (!slot.fromProfile || out[name] !== undefined || !Object.prototype.hasOwnProperty.call(profile, slot.fromProfile)) continue;
    const v = profile[slot.fromProfile];
    if (v === undefined) continue;
    if (slot.type === 'choice' && !slot.choices?.some((c) => c.value === v)) continue;
    out[name] = v;
  }
  return out;
}
