// The customer profile and hand edits, on the real use cases over SQLite.
import { describe, expect, it } from 'vitest';
import { appHarness } from '../../../testing/app-harness.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { customerProfile, editPreferences } from '../../../app/customers/profile.js';

async function setUp() {
  const h = await appHarness();
  await h.deps.orders.seed('tiny', [{ id: 'c1', shopId: 'tiny', name: '王芳', phone: '13800001111', segment: 'regular', tags: [] }], []);
  return h;
}

describe('the customer profile', () => {
  it('shows preferences with provenance, tags with evidence, and a summary of the last conversation drawn from its traces', async () => {
    const { deps } = await setUp();
    const c = await startConversation(deps, { shopId: 'tiny', customerId: 'c1' });
    const m = await handleInboundMessage(deps, { conversationId: c.id, text: '我是敏感肌 穿L', clientMessageId: 'a' });
    await handleInboundMessage(deps, { conversationId: c.id, text: '什么时候发货', clientMessageId: 'b' });
    await handleInboundMessage(deps, { conversationId: c.id, text: '连体衣多少钱', clientMessageId: 'c' });
    const p = await customerProfile(deps, 'tiny', 'c1');
    expect(p.customer?.name).toBe('王芳');
    expect(p.preferences.map((x) => [x.name, x.value, x.source, x.messageId])).toEqual([
      ['size', 'L', 'message', m.message.id],
      ['skin_type', '敏感肌', 'message', m.message.id],
    ]);
    expect(p.lastConversation?.id).toBe(c.id);
    expect(p.lastConversation?.summary).toMatch(/^\d{4}-\d{2}-\d{2} 咨询：下单后多久发货？；看过：婴儿纱布连体衣$/);
    await expect(customerProfile(deps, 'nope', 'c1')).rejects.toMatchObject({ code: 'XIAOER_SHOP_NOT_FOUND' });
  });

  it('takes hand edits as the newest value with source "edit", streamed, and refuses unknown names and empty values', async () => {
    const { deps } = await setUp();
    await editPreferences(deps, 'tiny', 'c1', { size: 'XL', skin_type: '干皮' });
    expect((await customerProfile(deps, 'tiny', 'c1')).preferences.map((x) => [x.name, x.value, x.source, x.confidence])).toEqual([
      ['size', 'XL', 'edit', 1],
      ['skin_type', '干皮', 'edit', 1],
    ]);
    const bad = await editPreferences(deps, 'tiny', 'c1', { password: 'x', size: ' ' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'XIAOER_INVALID_PREFERENCE', details: [expect.stringContaining('password: not a preference'), 'size: the value must be 1 to 50 characters'] });
    expect((await customerProfile(deps, 'tiny', 'c1')).preferences.find((x) => x.name === 'size')?.value).toBe('XL');
  });
});
