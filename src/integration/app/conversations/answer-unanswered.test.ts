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

  it('tells the next sweep where to start: after what it read, but not past a message it could not answer', async () => {
    const h = await appHarness();
    let now = Date.parse('2026-12-07T10:00:00.000Z');
    const deps = { ...h.deps, clock: { now: () => new Date(now).toISOString() } };
    const c = await startConversation(deps, { shopId: 'tiny' });
    const at = (ms: number) => new Date(ms).toISOString();
    // Nothing to answer: the next sweep starts where this one's window ended (30 s ago).
    now += 60_000;
    expect((await answerUnansweredMessages(deps)).checkedUntil).toBe(at(now - 30_000));
    // A message acknowledged before that point is not read again by a sweep that starts there…
    const since = at(now - 30_000);
    await acceptInboundMessage(deps, { conversationId: c.id, text: '今天拍明天能发吗', clientMessageId: 'k1' });
    now += 40_000;
    const swept = await answerUnansweredMessages(deps, { since });
    expect(swept.answered).toHaveLength(1);
    // …and a page full of messages continues after the last one read.
    const stored = at(now);
    await acceptInboundMessage(deps, { conversationId: c.id, text: '不喜欢可以退吗', clientMessageId: 'k2' });
    await acceptInboundMessage(deps, { conversationId: c.id, text: '能开发票吗', clientMessageId: 'k3' });
    now += 40_000;
    const page = await answerUnansweredMessages(deps, { since: swept.checkedUntil, limit: 1 });
    expect(page.answered).toHaveLength(1);
    expect(page.checkedUntil).toBe(stored);
    // A message whose turn fails holds the next sweep back to it.
    const failing = { ...deps, knowledge: { get: () => Promise.reject(new Error('release store down')) } };
    const failed = await answerUnansweredMessages(failing as unknown as typeof deps, { since: page.checkedUntil });
    expect(failed.failed).toBe(1);
    expect(failed.checkedUntil).toBe(stored);
    expect((await answerUnansweredMessages(deps, { since: failed.checkedUntil })).answered).toHaveLength(1);
  });
});
