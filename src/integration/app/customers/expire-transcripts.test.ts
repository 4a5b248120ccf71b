// Transcript retention over SQLite with a controllable clock.
import { describe, expect, it } from 'vitest';
import { appHarness } from '../../../testing/app-harness.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { expireTranscripts } from '../../../app/customers/expire-transcripts.js';

describe('transcript retention', () => {
  it('erases the words of conversations idle for the retention period, and only those', async () => {
    let now = Date.parse('2026-11-01T02:00:00.000Z');
    const h = await appHarness();
    const deps = { ...h.deps, clock: { now: () => new Date(now).toISOString() } };
    const old = await startConversation(deps, { shopId: 'tiny', customerId: 'c1' });
    await handleInboundMessage(deps, { conversationId: old.id, text: '我的手机 13800001111 什么时候发货', clientMessageId: 'a' });
    now += 20 * 86_400_000;
    const recent = await startConversation(deps, { shopId: 'tiny' });
    await handleInboundMessage(deps, { conversationId: recent.id, text: '能开发票吗', clientMessageId: 'b' });
    now += 11 * 86_400_000;
    expect(await expireTranscripts(deps, 0)).toBe(0);
    expect(await expireTranscripts(deps, 30)).toBe(1);
    expect((await deps.store.messages.list(old.id, 10)).map((m) => m.text)).toEqual(['', '', '']);
    expect((await deps.store.messages.list(recent.id, 10)).map((m) => m.text)).toContain('能开发票吗');
    // Already erased: not picked again.
    expect(await expireTranscripts(deps, 30)).toBe(0);
  });
});
