// Concluding turns of every kind into the records to save, with plain data.
import { describe, expect, it } from 'vitest';
import type { TagTaxonomy } from '../customer/tags.js';
import { concludeTurn, stateOnly, type TurnToConclude } from './conclude-turn.js';
import type { Decision } from './decision.js';
import { AI_OWNED, transition } from './ownership.js';

const NOW = '2026-11-25T02:00:00.000Z';
const conversation = { id: 'cnv1', shopId: 'tiny', customerId: 'c1', state: { consecutiveFallbacks: 0, turns: 1 }, ownership: AI_OWNED('2026-11-25T01:00:00.000Z') };
const taxonomy: TagTaxonomy = { groups: [{ id: 'life', label: { zh: '生命周期' } }], tags: [{ id: '已签收客户', group: 'life' }], rules: [] };

function counter(): TurnToConclude['newId'] {
  let n = 0;
  return (prefix) => `${prefix}${++n}`;
}

/** A flow's decision: one reply, a tool call and a `tag` step. */
const flowDecision: Decision = {
  state: { consecutiveFallbacks: 0, turns: 1, memory: { order_id: '111' } },
  replies: [{ text: '订单 111 已签收', trace: { releaseId: 'rel-1', source: 'flow', flow: { id: 'care', step: 'greet', template: 'delivered', variant: 0, outcome: 'ended' } } }],
  effects: [{ kind: 'tag', tags: ['已签收客户'], step: 'care/mark' }],
  calls: [{ tool: 'lookup_order', args: { order_id: '111' } }],
};

describe('concluding a turn', () => {
  it("keeps a proactive flow's tags, tool calls and replies, credited to what started it", () => {
    const t = concludeTurn({ conversation, trigger: { kind: 'proactive', id: 'cnv1:order_delivered:111', replyTo: 'cnv1:order_delivered:111', source: 'order_delivered' }, decision: flowDecision, taxonomy, now: NOW, newId: counter() });
    expect(t.messages).toEqual([{ id: 'msg1', conversationId: 'cnv1', direction: 'out', text: '订单 111 已签收', clientMessageId: null, replyTo: 'cnv1:order_delivered:111', trace: flowDecision.replies[0]?.trace, createdAt: NOW }]);
    expect(t.tags).toEqual([{ shopId: 'tiny', customerKey: 'c1', tag: '已签收客户', group: 'life', confidence: 1, rule: 'sop:care/mark', conversationId: 'cnv1', messageId: 'cnv1:order_delivered:111', setAt: NOW, expiresAt: null }]);
    expect(t.events.map((e) => [e.id, e.event.type])).toEqual([
      ['evt2', 'reply.sent'],
      ['evt3', 'tool.called'],
      ['evt4', 'customer.tagged'],
    ]);
    expect(t.events[0]?.event).toEqual({ type: 'reply.sent', conversationId: 'cnv1', messageId: 'msg1', replyTo: 'cnv1:order_delivered:111', source: 'order_delivered' });
    expect(t.ownership).toBeUndefined();
    expect(t.state).toBe(flowDecision.state);
  });

  it("announces a shopper's turn in a fixed order: replies, fallback, tools, handoff, tags, intent, preferences", () => {
    const decision: Decision = {
      state: { consecutiveFallbacks: 2, turns: 2, handoff: { reason: 'consecutive_fallbacks' } },
      replies: [{ text: '没太明白', trace: { releaseId: 'rel-1', source: 'fallback' } }],
      effects: [],
      calls: [],
      understanding: { intent: 'ask_size', confidence: 0.8, alternatives: [], entities: [{ type: 'size', value: 'M', text: 'M码' }], sentiment: 'neutral', sentimentScore: 0, sentimentCues: [] },
    };
    const moved = transition(conversation.ownership, { kind: 'request', reason: 'consecutive_fallbacks', group: null, priority: 0 }, NOW);
    if (!moved.ok) throw new Error('the AI may hand over');
    const t = concludeTurn({ conversation, trigger: { kind: 'message', messageId: 'm9', text: '穿M码' }, decision, ownership: moved.ownership, handoff: { reason: 'consecutive_fallbacks', group: null, priority: 0, open: true }, now: NOW, newId: counter() });
    expect(t.events.map((e) => e.event.type)).toEqual(['reply.sent', 'fallback.used', 'handoff.requested', 'intent.identified', 'customer.preferences_learned']);
    expect(t.events[0]?.event).toMatchObject({ replyTo: 'm9', source: 'fallback' });
    expect(t.messages[0]?.replyTo).toBe('m9');
    expect(t.preferences.map((p) => [p.name, p.value, p.messageId])).toEqual([['size', 'M', 'm9']]);
    expect(t.ownership?.owner).toBe('queued');
  });

  it("saves an agent's action as given, and moves ownership only when it changed", () => {
    const note = { id: 'msg-a', conversationId: 'cnv1', direction: 'out' as const, text: '您好', clientMessageId: 'agent:s1:k', replyTo: null, trace: { releaseId: 'rel-1', source: 'agent' as const, agentId: 's1' }, createdAt: NOW };
    const state = { ...conversation.state, memory: { order_id: '111' } };
    const t = concludeTurn({ conversation, trigger: { kind: 'agent', messages: [note], events: [{ type: 'agent.message_sent', conversationId: 'cnv1', messageId: 'msg-a', agentId: 's1' }] }, decision: stateOnly(state), ownership: { ...conversation.ownership }, now: NOW, newId: counter() });
    expect(t).toEqual({
      conversationId: 'cnv1',
      state,
      messages: [note],
      tags: [],
      preferences: [],
      events: [{ id: 'evt1', shopId: 'tiny', conversationId: 'cnv1', event: { type: 'agent.message_sent', conversationId: 'cnv1', messageId: 'msg-a', agentId: 's1' }, createdAt: NOW }],
      at: NOW,
    });
  });
});
