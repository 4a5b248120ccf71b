// Following up silent shoppers, on the real use cases over SQLite with a controllable clock.
import { describe, expect, it } from 'vitest';
import { appHarness } from '../../../testing/app-harness.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';
import { GIFT_FLOW, testFlow } from '../../../testing/test-flows.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { followUpSilentConversations } from '../../../app/conversations/follow-up-silence.js';

const NUDGE = testFlow(`
id: nudge
name: { zh: 跟进 }
triggers:
  - event: customer_silent
    after_minutes: 10
steps:
  - id: hello
    say: still_there
templates:
  still_there: 亲，还在吗？
`);

async function setUp() {
  let now = Date.parse('2026-11-25T02:00:00.000Z');
  const h = await appHarness({ bundle: { ...tinyBundle(), sops: [GIFT_FLOW, NUDGE] } });
  const deps = { ...h.deps, clock: { now: () => new Date(now).toISOString() } };
  const c = await startConversation(deps, { shopId: h.shopId });
  return { deps, c, advance: (minutes: number) => (now += minutes * 60_000) };
}

describe('following up a silent shopper', () => {
  it('waits the flow\'s minutes, says its message, asks the waiting question again, and does it once', async () => {
    const { deps, c, advance } = await setUp();
    await handleInboundMessage(deps, { conversationId: c.id, text: '想买个送礼的', clientMessageId: 'm1' });
    advance(9);
    expect(await followUpSilentConversations(deps)).toEqual([]);
    advance(2);
    const sent = await followUpSilentConversations(deps);
    expect(sent.map((s) => [s.conversationId, s.replies.map((r) => r.text)])).toEqual([[c.id, ['亲，还在吗？', '送给谁呢？']]]);
    expect(sent[0]?.replies.map((r) => r.trace?.flow?.id)).toEqual(['nudge', 'gift']);
    advance(30);
    expect(await followUpSilentConversations(deps)).toEqual([]);
    // The shopper answers the question that was asked again; the flow goes on.
    const r = await handleInboundMessage(deps, { conversationId: c.id, text: '给妈妈', clientMessageId: 'm2' });
    expect(r.replies.map((m) => m.text)).toEqual(['好的，送给妈妈！']);
    const events = await deps.store.outbox.list(c.id);
    expect(events.filter((e) => e.event.type === 'reply.sent' && e.event.source === 'customer_silent')).toHaveLength(2);
  });

  it('reaches a newly silent shopper behind more than a page of idle conversations', async () => {
    const { deps, c, advance } = await setUp();
    // Three shoppers who said hello and left (no flow waits): the oldest idle conversations.
    for (let i = 0; i < 3; i++) {
      const other = await startConversation(deps, { shopId: 'tiny' });
      await handleInboundMessage(deps, { conversationId: other.id, text: '你好', clientMessageId: `h${i}` });
      advance(1);
    }
    await handleInboundMessage(deps, { conversationId: c.id, text: '想买个送礼的', clientMessageId: 'm1' });
    advance(11);
    const sent = await followUpSilentConversations(deps, 2);
    expect(sent.map((s) => [s.conversationId, s.replies.map((r) => r.text)])).toEqual([[c.id, ['亲，还在吗？', '送给谁呢？']]]);
  });

  it('leaves alone conversations where no flow waits, and ones silent for over a day', async () => {
    const { deps, c, advance } = await setUp();
    await handleInboundMessage(deps, { conversationId: c.id, text: '你好', clientMessageId: 'm0' });
    advance(20);
    expect(await followUpSilentConversations(deps)).toEqual([]);
    await handleInboundMessage(deps, { conversationId: c.id, text: '想买个送礼的', clientMessageId: 'm1' });
    advance(25 * 60);
    expect(await followUpSilentConversations(deps)).toEqual([]);
  });
});
