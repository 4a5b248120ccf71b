import { describe, expect, it } from 'vitest';
import { appHarness } from '../../../testing/app-harness.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { importShop } from '../../../app/shops/import-shop.js';
import { publishShop } from '../../../app/shops/publish-shop.js';
import { rollbackShop } from '../../../app/shops/rollback-shop.js';

describe('rollbackShop', () => {
  it('makes an older release current for new conversations while running ones keep theirs', async () => {
    const h = await appHarness();
    const first = h.releaseId;
    await importShop(h.deps, tinyBundle({ greeting: '新版欢迎语' }));
    const second = (await publishShop(h.deps, h.shopId)).releaseId;
    expect(second).not.toBe(first);
    const onSecond = await startConversation(h.deps, { shopId: h.shopId });
    expect(onSecond.greeting.text).toBe('新版欢迎语');

    const r = await rollbackShop(h.deps, h.shopId, first);
    expect(r).toEqual({ shopId: h.shopId, releaseId: first, previous: second });
    const onFirst = await startConversation(h.deps, { shopId: h.shopId });
    expect(onFirst.releaseId).toBe(first);
    expect(onFirst.greeting.text).toBe('您好，欢迎光临小店！');
    const reply = await handleInboundMessage(h.deps, { conversationId: onSecond.id, text: '多久发货', clientMessageId: 'm1' });
    expect(reply.replies[0]?.trace?.releaseId).toBe(second);
    await h.store.close();
  });

  it('refuses a release of another shop or one that does not exist', async () => {
    const h = await appHarness();
    await expect(rollbackShop(h.deps, h.shopId, 'rel-0000000000000000')).rejects.toMatchObject({ code: 'XIAOER_RELEASE_NOT_FOUND' });
    await expect(rollbackShop(h.deps, 'nope', h.releaseId)).rejects.toMatchObject({ code: 'XIAOER_SHOP_NOT_FOUND' });
    await h.store.close();
  });
});
