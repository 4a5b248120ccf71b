// Opens a conversation on the shop's current release, greeting the shopper.
import { initialState } from '../../core/conversation/state.js';
import { XiaoerError } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { MessageRecord } from '../ports.js';

/** What a channel knows when a shopper opens the chat. */
export interface StartConversationInput {
  shopId: string;
  customerId?: string;
  /** The product page the chat was opened on. */
  pageProductId?: string;
}

/** The new conversation and its greeting message. */
export interface StartedConversation {
  id: string;
  shopId: string;
  releaseId: string;
  greeting: MessageRecord;
}

/** Creates the conversation, its greeting and the `conversation.started` event in one transaction. */
export async function startConversation(deps: AppDeps, input: StartConversationInput): Promise<StartedConversation> {
  const shop = await deps.store.getShop(input.shopId);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `shop ${input.shopId} does not exist`);
  if (!shop.currentReleaseId) throw new XiaoerError('XIAOER_SHOP_NOT_PUBLISHED', `shop ${input.shopId} has no published release`);
  const releaseId = shop.currentReleaseId;
  const kb = await deps.knowledge.get(releaseId);
  if (input.pageProductId !== undefined && !kb.productsById.has(input.pageProductId)) {
    throw new XiaoerError('XIAOER_PRODUCT_NOT_FOUND', `product ${input.pageProductId} is not in shop ${input.shopId}`);
  }
  const now = deps.clock.now();
  const id = deps.ids.next('cnv');
  const greeting: MessageRecord = {
    id: deps.ids.next('msg'),
    conversationId: id,
    direction: 'out',
    text: kb.release.bundle.shop.greeting,
    clientMessageId: null,
    replyTo: null,
    trace: { releaseId, source: 'smalltalk', rule: 'welcome' },
    createdAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await tx.insertConversation({
      id,
      shopId: shop.id,
      customerId: input.customerId ?? null,
      releaseId,
      state: initialState(input.pageProductId),
      version: 0,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insertMessages([greeting]);
    await tx.appendEvents([
      { id: deps.ids.next('evt'), shopId: shop.id, conversationId: id, createdAt: now, event: { type: 'conversation.started', conversationId: id, shopId: shop.id, releaseId, customerId: input.customerId ?? null } },
    ]);
  });
  return { id, shopId: shop.id, releaseId, greeting };
}
