// Preferences across conversations, on the real use cases over SQLite: learned with provenance,
// announced to the CDP, and used by the next conversation (not asked again, greeted by history).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Order } from '../../../core/commerce/order.js';
import { flowFileSchema } from '../../../app/shops/sop-schema.js';
import { appHarness } from '../../../testing/app-harness.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';

const PICK = flowFileSchema.parse(
  parse(`
id: pick
name: { zh: 挑选 }
triggers:
  - keywords: [帮我挑]
slots:
  skin_type:
    type: choice
    from_profile: skin_type
    choices: [{ value: 敏感肌, synonyms: [敏感, 过敏] }, { value: 不敏感, synonyms: [不敏感] }]
  size: { type: size, from_profile: size }
  audience: { type: choice, choices: [{ value: 宝宝, synonyms: [宝宝] }, { value: 自己, synonyms: [自己] }] }
steps:
  - id: hello
    say: hello
  - id: ask_audience
    ask: { slot: audience, template: ask_audience }
  - id: ask_skin
    ask: { slot: skin_type, template: ask_skin }
  - id: done
    end: done
templates:
  hello:
    - when: { var: customer.last_purchase, exists: true }
      text: "{{customer.name}}，上次买的「{{customer.last_purchase}}」合适吗？"
    - text: 您好！
  ask_audience: 给谁穿呢？
  ask_skin: 皮肤敏感吗？
  done: "好的：{{slots.audience}}，{{slots.skin_type}}，{{slots.size}}码。"
`),
);

const delivered: Order = {
  id: '111',
  shopId: 'tiny',
  customerId: 'c1',
  status: 'delivered',
  placedAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-22T02:00:00.000Z',
  items: [{ sku: 'TEE-WHT-M', productId: 'cotton-tee', name: '纯棉圆领短袖T恤', options: { size: 'M' }, qty: 1, priceMinor: 6900 }],
  totalMinor: 6900,
  address: { name: '王芳', phone: '13800001111', region: '浙江省杭州市', detail: '西湖区文三路1号' },
};

async function setUp() {
  const h = await appHarness({ bundle: { ...tinyBundle(), sops: [PICK] } });
  await h.deps.orders.seed('tiny', [{ id: 'c1', shopId: 'tiny', name: '王芳', phone: '13800001111', segment: 'regular', tags: [] }], []);
  return h;
}

const say = async (deps: Awaited<ReturnType<typeof setUp>>['deps'], conversationId: string, text: string) =>
  (await handleInboundMessage(deps, { conversationId, text, clientMessageId: `m-${text}` })).replies.map((r) => r.text);

describe('customer preferences', () => {
  it('are learned from messages and flow answers with provenance, the newest winning, and streamed as one event per turn', async () => {
    const { deps } = await setUp();
    const c = await startConversation(deps, { shopId: 'tiny', customerId: 'c1' });
    const r = await handleInboundMessage(deps, { conversationId: c.id, text: '我170 65kg 平时穿M', clientMessageId: 'a' });
    await say(deps, c.id, '帮我挑');
    await say(deps, c.id, '自己');
    await say(deps, c.id, '有点过敏');
    const later = await handleInboundMessage(deps, { conversationId: c.id, text: '其实L更合适', clientMessageId: 'b' });
    const prefs = await deps.store.customers.listPreferences('tiny', 'c1');
    expect(prefs.map((p) => [p.name, p.value, p.source])).toEqual([
      ['audience', '自己', 'flow'],
      ['height', '170', 'message'],
      ['size', 'L', 'message'],
      ['skin_type', '敏感肌', 'flow'],
      ['weight', '65', 'message'],
    ]);
    expect(prefs.find((p) => p.name === 'height')).toMatchObject({ messageId: r.message.id, conversationId: c.id, confidence: 0.9 });
    expect(prefs.find((p) => p.name === 'size')?.messageId).toBe(later.message.id);
    const events = (await deps.store.outbox.list(c.id)).map((e) => e.event).filter((e) => e.type === 'customer.preferences_learned');
    expect(events[0]).toMatchObject({ customerKey: 'c1', preferences: [{ name: 'height', value: '170' }, { name: 'weight', value: '65' }, { name: 'size', value: 'M' }] });
    expect(events.map((e) => (e.type === 'customer.preferences_learned' ? e.preferences.map((p) => p.name) : []))).toEqual([['height', 'weight', 'size'], ['audience'], ['skin_type'], ['size']]);
  });

  it('carry into the next conversation: slots from the profile are not asked again, and the greeting knows the last purchase', async () => {
    const { deps } = await setUp();
    const first = await startConversation(deps, { shopId: 'tiny', customerId: 'c1' });
    await say(deps, first.id, '我是敏感肌，穿L');
    await deps.orders.seed('tiny', [{ id: 'c1', shopId: 'tiny', name: '王芳', phone: '13800001111', segment: 'regular', tags: [] }], [delivered]);

    const next = await startConversation(deps, { shopId: 'tiny', customerId: 'c1' });
    expect(await say(deps, next.id, '帮我挑')).toEqual(['王芳，上次买的「纯棉圆领短袖T恤」合适吗？', '给谁穿呢？']);
    // Skin type and size come from the profile: the flow ends without asking them.
    expect(await say(deps, next.id, '自己')).toEqual(['好的：自己，敏感肌，L码。']);

    // A stored value that is none of the slot's choices does not fill it.
    await deps.store.customers.upsertPreferences([{ shopId: 'tiny', customerKey: 'c1', name: 'skin_type', value: '油皮', confidence: 1, source: 'edit', conversationId: null, messageId: null, setAt: deps.clock.now() }]);
    const third = await startConversation(deps, { shopId: 'tiny', customerId: 'c1' });
    await say(deps, third.id, '帮我挑');
    expect(await say(deps, third.id, '自己')).toEqual(['皮肤敏感吗？']);

    // A visitor has no profile: asked everything.
    const visitor = await startConversation(deps, { shopId: 'tiny' });
    expect(await say(deps, visitor.id, '帮我挑')).toEqual(['您好！', '给谁穿呢？']);
    expect(await say(deps, visitor.id, '自己')).toEqual(['皮肤敏感吗？']);
  });
});
