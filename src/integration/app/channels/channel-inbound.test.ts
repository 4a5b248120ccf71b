// One contract for every channel's way in: each decodes what arrives into the channel-neutral
// inbound message, and the same message is then handled the same whatever channel it came by.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelInbound } from '../../../app/ports.js';
import { appHarness } from '../../../testing/app-harness.js';
import { receiveChannelMessage } from '../../../app/channels/receive-channel-message.js';
import { webhookInbound } from '../../../app/channels/webhook-inbound.js';
import { wecomInbound } from '../../../app/channels/wecom-sync.js';

/** Each channel's raw form of a shopper's text (with the product on screen where the channel can say it), and of media. */
const CHANNELS: readonly { name: string; text: (user: string, id: string, text: string, product?: string) => ChannelInbound | undefined; media: ((user: string, id: string) => ChannelInbound | undefined) | undefined }[] = [
  {
    name: 'wecom',
    text: (user, id, text) => wecomInbound('tiny', { msgId: id, origin: 3, msgType: 'text', externalUserId: user, text }),
    media: (user, id) => wecomInbound('tiny', { msgId: id, origin: 3, msgType: 'image', externalUserId: user, text: undefined }),
  },
  { name: 'webhook', text: (user, id, text, product) => webhookInbound('tiny', { user, message_id: id, text, ...(product ? { product } : {}) }), media: undefined },
];

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});
async function harness() {
  const h = await appHarness();
  closers.push(() => h.store.close());
  return h;
}

for (const channel of CHANNELS) {
  describe(`channel inbound contract: ${channel.name}`, () => {
    it('decodes a shopper’s text into the channel-neutral message', () => {
      expect(channel.text('u1', 'm1', '什么时候发货')).toMatchObject({ shopId: 'tiny', channel: channel.name, channelUser: 'u1', messageId: 'm1', text: '什么时候发货' });
    });

    it('answers it through the turn pipeline in the shopper’s one conversation, once per message id', async () => {
      const h = await harness();
      const first = await receiveChannelMessage(h.deps, channel.text('u1', 'm1', '什么时候发货')!);
      const again = await receiveChannelMessage(h.deps, channel.text('u1', 'm1', '什么时候发货')!);
      const next = await receiveChannelMessage(h.deps, channel.text('u1', 'm2', '能退货吗')!);
      if (first.kind !== 'handled' || again.kind !== 'handled' || next.kind !== 'handled') throw new Error('not handled');
      expect(first.handled.replies.map((r) => r.text)).toEqual(['付款后48小时内发货。']);
      expect([again.handled.duplicate, again.conversationId]).toEqual([true, first.conversationId]);
      expect(next.conversationId).toBe(first.conversationId);
      expect(await h.store.conversations.get(first.conversationId)).toMatchObject({ channel: channel.name, channelUser: 'u1' });
    });

    it('opens no conversation for a message that can never be answered', async () => {
      const h = await harness();
      await expect(receiveChannelMessage(h.deps, channel.text('u2', 'm1', '   ')!)).rejects.toMatchObject({ code: 'XIAOER_EMPTY_MESSAGE' });
      await expect(receiveChannelMessage(h.deps, channel.text('u2', 'm2', '发'.repeat(3000))!)).rejects.toMatchObject({ code: 'XIAOER_MESSAGE_TOO_LARGE' });
      expect(await h.store.conversations.findByChannelUser('tiny', channel.name, 'u2')).toBeUndefined();
    });

    it.skipIf(!channel.media)('leaves media alone (the AI reads no pictures yet)', async () => {
      const h = await harness();
      const m = channel.media?.('u3', 'p1');
      expect(m).toMatchObject({ channel: channel.name, channelUser: 'u3', media: { kind: 'image' } });
      expect(await receiveChannelMessage(h.deps, m!)).toEqual({ kind: 'media_only' });
      expect(await h.store.conversations.findByChannelUser('tiny', channel.name, 'u3')).toBeUndefined();
    });
  });
}

describe('the product on screen', () => {
  it('starts the conversation on it, and one the shop does not have is no hint', async () => {
    const h = await harness();
    const on = await receiveChannelMessage(h.deps, webhookInbound('tiny', { user: 'u4', message_id: 'm1', text: '多少钱', product: 'COTTON-TEE' }));
    const off = await receiveChannelMessage(h.deps, webhookInbound('tiny', { user: 'u5', message_id: 'm1', text: '多少钱', product: 'gone' }));
    if (on.kind !== 'handled' || off.kind !== 'handled') throw new Error('not handled');
    expect(on.handled.replies[0]?.text).toContain('¥69');
    expect((await h.store.conversations.get(off.conversationId))?.state.focusProductId).toBeUndefined();
  });
});
