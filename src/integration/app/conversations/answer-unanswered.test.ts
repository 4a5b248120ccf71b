// A message acknowledged (stored) but never answered, because its node stopped with it in line,
// is answered by the sweep once it is older than the grace period, once, and not before.
import { describe, expect, it } from 'vitest';
import { acceptInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { answerUnansweredMessages } from '../../../app/conversations/answer-unanswered.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { appHarness } from '../../../testing/app-harness.js';

describe('answering acknowledged messages no node answered', () => {
  it('answers them after the grace period, exactly once', async () => {
    const h = await appHarness();
    let now = Date.parse('2026-12-07T10:00:00.000Z');
    const deps = { ...h.deps, clock: { now: () => new Date(now).toISOString() } };
    const c = await startConversation(deps, { shopId: 'tiny' });
    await acceptInboundMessage(deps, { conversationId: c.id, text: '今天拍明天能发吗', clientMessageId: 'k1' });
    now += 10_000; // still within the grace: maybe in some node's line
    expect((await answerUnansweredMessages(deps)).answered).toEqual([]);
    now += 30_000;
    const first = await answerUnansweredMessages(deps);
    expect(first.failed).toBe(0);
    expect(first.answered.map((r) => r.replies.map((m) => m.text))).toEqual([['付款后48小时内发货。']]);
    expect((await answerUnansweredMessages(deps)).answered).toEqual([]);
    const transcript = await h.store.messages.list(c.id, 10);
    expect(transcript.map((m) => m.direction)).toEqual(['out', 'in', 'out']);
  });
});
