// Automatic assignment of the queue to online agents, on the real use cases over SQLite.
import { describe, expect, it } from 'vitest';
import { appHarness } from '../../../testing/app-harness.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';
import { HUMAN_AGENT_FLOW } from '../../../testing/test-flows.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { createStaff } from '../../../app/staff/accounts.js';
import { autoAssign } from '../../../app/staff/workspace.js';


async function setUp(autoAssignOn: boolean) {
  const shop = tinyBundle({
    handoff: { on_sentiment: 'off', after_fallbacks: 0, vip: false, keywords: [], groups: [{ id: 'pre-sale', name: '售前', reasons: ['customer_request'] }], auto_assign: autoAssignOn, agent_capacity: 2 },
    businessHours: { timezone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' },
  });
  const h = await appHarness({ bundle: { ...shop, sops: [HUMAN_AGENT_FLOW] } });
  const password = 'a long enough password';
  const mei = await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: ['pre-sale'], password });
  const lan = await createStaff(h.deps, { shopId: 'tiny', username: 'lan', role: 'agent', groups: ['pre-sale'], password });
  const other = await createStaff(h.deps, { shopId: 'tiny', username: 'zhao', role: 'agent', groups: ['after-sale'], password });
  const queue = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = await startConversation(h.deps, { shopId: 'tiny' });
      await handleInboundMessage(h.deps, { conversationId: c.id, text: '转人工', clientMessageId: 'm1' });
      ids.push(c.id);
    }
    return ids;
  };
  return { deps: h.deps, mei, lan, other, queue };
}

describe('automatic assignment', () => {
  it("gives the queue to online agents of the conversation's group, the least busy first, up to the capacity", async () => {
    const { deps, mei, lan, other, queue } = await setUp(true);
    const ids = await queue(5);
    // Nobody online: nothing moves. Only an agent of another group online: nothing moves either.
    expect(await autoAssign(deps, 'tiny', new Set())).toEqual([]);
    expect(await autoAssign(deps, 'tiny', new Set([other.id]))).toEqual([]);
    const assigned = await autoAssign(deps, 'tiny', new Set([mei.id, lan.id, other.id]));
    expect(assigned.map(({ conversation: c }) => [c.id, c.ownership.agentId])).toEqual([
      [ids[0], lan.id],
      [ids[1], mei.id],
      [ids[2], lan.id],
      [ids[3], mei.id],
    ]);
    // Both at capacity (2): the fifth waits.
    expect((await deps.store.conversations.listByOwner('tiny', 'queued')).map((c) => c.id)).toEqual([ids[4]]);
    const events = (await deps.store.outbox.list(ids[0] ?? '')).map((e) => e.event.type);
    expect(events).toContain('handoff.assigned');
    // The shopper is told a person joined.
    expect((await deps.store.messages.list(ids[0] ?? '', 10)).at(-1)?.text).toBe('lan已接入，正在为您处理～');
    expect(assigned[0]?.joined.text).toBe('lan已接入，正在为您处理～');
  });

  it('does nothing for a shop that has agents claim by hand', async () => {
    const { deps, mei, queue } = await setUp(false);
    await queue(1);
    expect(await autoAssign(deps, 'tiny', new Set([mei.id]))).toEqual([]);
  });
});
