import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSops } from './compile.js';
import { MAX_DETOURS, MAX_STEPS_PER_TURN, step, type FlowInput, type FlowState, type StepContext, type StepOutput } from './stepper.js';
import type { Flow } from './types.js';
import { validateFlows } from './validate.js';

// Flows are written inline in their validated form (what the bundle reader's schema makes of the
// YAML of sops/*.yaml), so these tests need nothing outside core.

const ctx: StepContext = {
  customer: { known: true, id: 'c1', name: '林小姐', segment: 'vip', tags: ['宝妈'] },
  product: {},
  shop: { name: '小店' },
  language: 'zh-CN',
  turn: 3,
  runCatalogTool: (tool, args) => ({ ok: true, count: 1, list_text: `1. ${args['query'] ?? ''}` }),
};

const CANCEL: Flow = {
  id: 'cancel', name: { zh: '取消订单' }, priority: 0, triggers: [],
  slots: { order_id: { type: 'order_id' } },
  steps: [
    { id: 'ask_order', kind: 'ask', slot: 'order_id', template: 'ask', maxAttempts: 2, reprompt: 'ask_again' },
    { id: 'lookup', kind: 'call', tool: 'lookup_order', args: { order_id: '{{slots.order_id}}' }, saveAs: 'order' },
    { id: 'route', kind: 'branch', cases: [{ if: { var: 'results.order.can_cancel', op: 'equals', value: true }, goto: 'confirm' }], else: 'cannot' },
    { id: 'confirm', kind: 'confirm', template: 'sure', maxAttempts: 2, yes: 'do_cancel', no: 'kept' },
    { id: 'do_cancel', kind: 'call', tool: 'cancel_order', args: { order_id: '{{slots.order_id}}' }, saveAs: 'done' },
    { id: 'done', kind: 'end', template: 'cancelled' },
    { id: 'cannot', kind: 'end', template: 'cannot' },
    { id: 'kept', kind: 'end', template: 'kept' },
  ],
  templates: {
    ask: [{ text: '请发一下订单号' }],
    ask_again: [{ text: '没看到订单号哦' }],
    sure: [{ when: { var: 'customer.segment', op: 'equals', value: 'vip' }, text: '{{customer.name}}，确认取消 {{results.order.order_id}} 吗？' }, { text: '确认取消 {{results.order.order_id}} 吗？' }],
    cancelled: [{ text: '已取消 {{slots.order_id}}' }],
    cannot: [{ text: '这单是「{{results.order.status_text}}」，不能取消了' }],
    kept: [{ text: '好的，不取消' }],
  },
};
const sops = compileSops([CANCEL]);

function go(state: FlowState | undefined, input: FlowInput): StepOutput {
  return step(state, input, sops, ctx);
}
const message = (text: string, entities: { type: string; value: string }[] = []): FlowInput => ({ kind: 'message', text, entities });

describe('step', () => {
  it('asks for a missing slot and waits, naming flow, step and template', () => {
    const r = go(undefined, { kind: 'start', flowId: 'cancel', slots: {} });
    expect(r.replies).toEqual([{ text: '请发一下订单号', flowId: 'cancel', stepId: 'ask_order', template: 'ask', variant: 0 }]);
    expect(r.flow).toMatchObject({ stepId: 'ask_order', waiting: 'ask' });
    expect(r.trace).toEqual({ flowId: 'cancel', steps: ['ask_order'], outcome: 'waiting' });
  });

  it('does not ask again for what the conversation already gave, and calls the tool with it', () => {
    const r = go(undefined, { kind: 'start', flowId: 'cancel', slots: { order_id: '261124204133702518' } });
    expect(r.replies).toEqual([]);
    expect(r.effects).toEqual([{ kind: 'call', call: { callId: 'cancel/lookup/3/1', tool: 'lookup_order', args: { order_id: '261124204133702518' } } }]);
    expect(r.flow).toMatchObject({ stepId: 'lookup', waiting: 'tool', callId: 'cancel/lookup/3/1' });
  });

  it('branches on the tool result and asks for a yes before the write', () => {
    const asked = go(undefined, { kind: 'start', flowId: 'cancel', slots: { order_id: '1' } });
    const r = go(asked.flow, { kind: 'tool_result', callId: 'cancel/lookup/3/1', output: { ok: true, order_id: '1', can_cancel: true } });
    expect(r.replies.map((x) => x.text)).toEqual(['林小姐，确认取消 1 吗？']);
    expect(r.effects).toEqual([]);
    const yes = go(r.flow, message('是的'));
    expect(yes.effects).toEqual([{ kind: 'call', call: expect.objectContaining({ tool: 'cancel_order', args: { order_id: '1' } }) }]);
    const done = go(yes.flow, { kind: 'tool_result', callId: yes.flow?.callId ?? '', output: { ok: true } });
    expect(done.replies.map((x) => x.text)).toEqual(['已取消 1']);
    expect(done.flow).toBeUndefined();
    expect(done.trace.outcome).toBe('ended');
  });

  it('takes "不" at a confirm as no, and nothing is written', () => {
    const asked = go(undefined, { kind: 'start', flowId: 'cancel', slots: { order_id: '1' } });
    const r = go(asked.flow, { kind: 'tool_result', callId: 'cancel/lookup/3/1', output: { ok: true, can_cancel: true } });
    const no = go(r.flow, message('不用了'));
    expect(no.replies.map((x) => x.text)).toEqual(['好的，不取消']);
    expect(no.effects).toEqual([]);
  });

  it('ignores a tool result that is not the one it waits for', () => {
    const asked = go(undefined, { kind: 'start', flowId: 'cancel', slots: { order_id: '1' } });
    const r = go(asked.flow, { kind: 'tool_result', callId: 'other', output: { ok: true, can_cancel: true } });
    expect(r.replies).toEqual([]);
    expect(r.flow).toEqual(asked.flow);
  });

  it('reports a message that answers nothing without changing the step', () => {
    const asked = go(undefined, { kind: 'start', flowId: 'cancel', slots: {} });
    const r = go(asked.flow, message('今天天气不错'));
    expect(r.trace.outcome).toBe('unfilled');
    expect(r.flow).toMatchObject({ stepId: 'ask_order', attempts: 0 });
  });

  it('re-asks with the reprompt, then hands off when the attempts run out', () => {
    const asked = go(undefined, { kind: 'start', flowId: 'cancel', slots: {} });
    const again = go(asked.flow, { kind: 'reprompt', answeredElsewhere: false });
    expect(again.replies.map((x) => x.template)).toEqual(['ask_again']);
    const out = go(again.flow, { kind: 'reprompt', answeredElsewhere: false });
    expect(out.effects).toEqual([{ kind: 'handoff', reason: 'sop_max_attempts' }]);
    expect(out.flow).toBeUndefined();
  });

  it('answers side questions without using attempts, and ends quietly when the shopper moved on', () => {
    const asked = go(undefined, { kind: 'start', flowId: 'cancel', slots: {} });
    let flowState = asked.flow;
    for (let i = 1; i < MAX_DETOURS; i++) {
      const r = go(flowState, { kind: 'reprompt', answeredElsewhere: true });
      expect(r.replies.map((x) => x.template)).toEqual(['ask_again']);
      expect(r.flow?.attempts).toBe(0);
      flowState = r.flow;
    }
    const last = go(flowState, { kind: 'reprompt', answeredElsewhere: true });
    expect(last.trace.outcome).toBe('abandoned');
    expect(last.replies).toEqual([]);
    expect(last.effects).toEqual([]);
  });

  it('fills the asked slot from an entity of the message', () => {
    const asked = go(undefined, { kind: 'start', flowId: 'cancel', slots: {} });
    const r = go(asked.flow, message('单号是这个', [{ type: 'order_id', value: '261124204133702518' }]));
    expect(r.flow).toMatchObject({ slots: { order_id: '261124204133702518' }, waiting: 'tool' });
  });

  it('stops a loop that never waits after MAX_STEPS_PER_TURN steps and hands off', () => {
    // Validation refuses this flow; the stepper must still stay bounded if one slipped through.
    const spin: Flow = { id: 'spin', name: { zh: '转' }, priority: 0, triggers: [], slots: {}, templates: { t: [{ text: '一' }] }, steps: [
      { id: 'a', kind: 'say', template: 't', next: 'b' },
      { id: 'b', kind: 'branch', cases: [], else: 'a' },
    ] };
    const r = step(undefined, { kind: 'start', flowId: 'spin', slots: {} }, compileSops([spin]), ctx);
    expect(r.trace.outcome).toBe('step_limit');
    expect(r.trace.steps).toHaveLength(MAX_STEPS_PER_TURN);
    expect(r.effects).toContainEqual({ kind: 'handoff', reason: 'sop_step_limit' });
    expect(r.flow).toBeUndefined();
  });

  it('gives the same outputs for the same inputs, whatever the inputs', () => {
    const input = fc.oneof(
      fc.record({ kind: fc.constant('message' as const), text: fc.oneof(fc.string(), fc.constantFrom('是', '不', '算了', '261124204133702518')), entities: fc.array(fc.record({ type: fc.constantFrom('order_id', 'size'), value: fc.string() }), { maxLength: 2 }) }),
      fc.record({ kind: fc.constant('reprompt' as const), answeredElsewhere: fc.boolean() }),
      fc.record({ kind: fc.constant('tool_result' as const), callId: fc.constantFrom('cancel/lookup/3/1', 'x'), output: fc.record({ ok: fc.boolean(), can_cancel: fc.boolean() }) }),
    );
    fc.assert(
      fc.property(fc.array(input, { maxLength: 12 }), (inputs) => {
        const runAll = () => {
          let state: FlowState | undefined = go(undefined, { kind: 'start', flowId: 'cancel', slots: {} }).flow;
          const outs: StepOutput[] = [];
          for (const i of inputs) {
            const r = go(state, i);
            outs.push(r);
            state = r.flow ?? state;
          }
          return outs;
        };
        expect(runAll()).toEqual(runAll());
      }),
      { numRuns: 200 },
    );
  });
});

describe('sub-flows, forgetting and listening slots', () => {
  const VERIFY: Flow = {
    id: 'verify', name: { en: 'Verify' }, priority: 0, triggers: [],
    slots: { identity: { type: 'text', pattern: '\\d{5}' }, zip: { type: 'text', pattern: '\\b(?<value>\\d{5})\\b', listen: true } },
    steps: [
      { id: 'ask', kind: 'ask', slot: 'identity', template: 'ask', maxAttempts: 3, force: true },
      { id: 'check', kind: 'branch', cases: [{ if: { var: 'slots.zip', op: 'equals', value: '12345' }, goto: 'ok' }], else: 'wrong' },
      { id: 'wrong', kind: 'forget', slots: ['zip'], next: 'ask' },
      { id: 'ok', kind: 'say', template: 'ok' },
    ],
    templates: {
      ask: [{ text: 'Your zip code?' }],
      ok: [{ text: 'Verified {{slots.zip}}.' }],
    },
  };
  const ORDER: Flow = {
    id: 'order', name: { en: 'Order' }, priority: 0, triggers: [],
    slots: { items: { type: 'text', fromTrigger: true } },
    steps: [
      { id: 'auth', kind: 'use', flow: 'verify' },
      { id: 'pick', kind: 'call', tool: 'lookup_order', args: { order_id: '{{slots.items}}' }, saveAs: 'order' },
      { id: 'done', kind: 'end', template: 'done' },
    ],
    templates: {
      done: [{ text: 'Done.' }],
    },
  };
  const both = compileSops([VERIFY, ORDER]);
  const withText = (text: string): StepContext => ({ ...ctx, language: 'en', text });

  it('runs the used flow, then goes on with the caller at the step after `use`', () => {
    const start = step(undefined, { kind: 'start', flowId: 'order', slots: {}, text: 'return the mug' }, both, withText('return the mug'));
    expect(start.flow).toMatchObject({ flowId: 'verify', stepId: 'ask', caller: { flowId: 'order', stepId: 'pick', slots: { items: 'return the mug' } } });
    expect(start.replies.map((r) => r.text)).toEqual(['Your zip code?']);
    const wrong = step(start.flow, { kind: 'message', text: 'it is 54321', entities: [] }, both, withText('it is 54321'));
    expect(wrong.flow).toMatchObject({ flowId: 'verify', stepId: 'ask', slots: {} });
    const right = step(wrong.flow, { kind: 'message', text: 'sorry, 12345', entities: [] }, both, withText('sorry, 12345'));
    expect(right.replies.map((r) => `${r.flowId}/${r.stepId}: ${r.text}`)).toEqual(['verify/ok: Verified 12345.']);
    expect(right.flow).toMatchObject({ flowId: 'order', stepId: 'pick', waiting: 'tool' });
    expect(right.flow?.caller).toBeUndefined();
    expect(right.effects).toEqual([{ kind: 'call', call: { callId: 'order/pick/3/2', tool: 'lookup_order', args: { order_id: 'return the mug' } } }]);
  });

  it('fills a listening slot from the message that starts the used flow', () => {
    const out = step(undefined, { kind: 'start', flowId: 'order', slots: {}, text: 'zip 12345, return the mug' }, both, withText('zip 12345, return the mug'));
    expect(out.replies.map((r) => r.text)).toEqual(['Your zip code?']);
    expect(out.flow?.slots).toEqual({ zip: '12345' });
  });

  it('sends list arguments as lists and keeps an empty required argument', () => {
    const LIST: Flow = {
      id: 'lists', name: { en: 'Lists' }, priority: 0, triggers: [],
      slots: { a: { type: 'text', fromTrigger: true } },
      steps: [
        { id: 'call', kind: 'call', tool: 'pick', args: { ids: '{{slots.a}}', note: '' }, saveAs: 'r' },
        { id: 'done', kind: 'end' },
      ],
      templates: {},
    };
    const tools = { pick: { writes: false, catalog: false, required: ['ids', 'note'], optional: [], outputs: [], lists: ['ids'] } };
    const out = step(undefined, { kind: 'start', flowId: 'lists', slots: {}, text: '1, 2,3' }, compileSops([LIST], tools), ctx);
    expect(out.calls).toEqual([{ tool: 'pick', args: { ids: ['1', '2', '3'], note: '' } }]);
  });
});

describe('validation of used flows', () => {
  it('refuses a flow that is not there, flows that use each other in a circle, and forgetting undeclared slots', () => {
    const a: Flow = {
      id: 'a', name: { en: 'A' }, priority: 0, triggers: [],
      slots: {},
      steps: [
        { id: 'go', kind: 'use', flow: 'b' },
        { id: 'lost', kind: 'forget', slots: ['nothing'] },
      ],
      templates: {},
    };
    const b: Flow = {
      id: 'b', name: { en: 'B' }, priority: 0, triggers: [],
      slots: {},
      steps: [
        { id: 'back', kind: 'use', flow: 'a' },
        { id: 'gone', kind: 'use', flow: 'nowhere' },
      ],
      templates: {},
    };
    const problems = validateFlows([a, b], { intents: undefined, entityTypes: new Set() }).map((p) => `${p.flowIndex} ${p.path.join('.')}: ${p.message}`);
    expect(problems).toEqual([
      '0 steps.1.forget.0: slot "nothing" is not declared under slots',
      '1 steps.1.use: flow "nowhere" does not exist',
      '0 steps.0.use: flows "a" → "b" → "a" use each other in a circle',
    ]);
  });
});
