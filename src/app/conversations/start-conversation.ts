// Opens a conversation on the shop's current release, greeting the shopper.
import { initialState } from '../../core/conversation/state.js';
import { findProductId } from '../../core/knowledge/knowledge-base.js';
import { XiaoerError } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { MessageRecord } from '../ports.js';
import { verifyIdentity } from '../customers/verify-identity.js';
import { newSecretToken } from '../secret-token.js';

/** What a channel knows when a shopper opens the chat. */
export interface StartConversationInput {
  shopId: string;
  customerId?: string;
  /** A token from the shop's site saying who the shopper is (shops with `identity` in shop.yaml). */
  identityToken?: string;
  /** The product page the chat was opened on. */
  pageProductId?: string;
  /** The channel it comes through ('web' when absent) and the shopper's id there (WeCom's external_userid). */
  channel?: string;
  channelUser?: string;
}

/** The new conversation and its greeting message. */
export interface StartedConversation {
  id: string;
  shopId: string;
  releaseId: string;
  greeting: MessageRecord;
  /** The shopper's credential for this conversation, shown once: only its hash is stored. */
  accessToken: string;
}

/** Creates the conversation, its greeting and the `conversation.started` event in one transaction. */
export async function startConversation(deps: AppDeps, input: StartConversationInput): Promise<StartedConversation> {
  const shop = await deps.store.shops.get(input.shopId);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `shop ${input.shopId} does not exist`);
  if (!shop.currentReleaseId) throw new XiaoerError('XIAOER_SHOP_NOT_PUBLISHED', `shop ${input.shopId} has no published release`);
  const releaseId = shop.currentReleaseId;
  const kb = await deps.knowledge.get(releaseId);
  // The page's product id in any case (af501 for AF501); the conversation keeps the shop's spelling.
  const pageProductId = input.pageProductId === undefined ? undefined : findProductId(kb, input.pageProductId);
  if (input.pageProductId !== undefined && pageProductId === undefined) {
    throw new XiaoerError('XIAOER_PRODUCT_NOT_FOUND', `product ${input.pageProductId} is not in shop ${input.shopId}`);
  }
  const now = deps.clock.now();
  const settings = kb.release.bundle.shop;
  // A shop that identifies its customers takes a customer id only from a valid token.
  let customerId = input.customerId;
  const state = initialState(pageProductId);
  if (input.identityToken !== undefined) {
    const who = await verifyIdentity(settings, input.identityToken, deps.secret, now);
    if (customerId !== undefined && customerId !== who.customerId) throw new XiaoerError('XIAOER_IDENTITY_INVALID', 'the customer id does not match the identity token');
    customerId = who.customerId;
    // The site's name for the customer, for shops whose order system does not know them.
    if (who.name) state.authenticated = { customerId: who.customerId, name: who.name };
  } else if (customerId !== undefined && settings.identity?.trust !== 'customer-id') {
    // A bare id is anyone's claim: taken only where the shop chose to trust it (shop.yaml identity.trust).
    throw new XiaoerError('XIAOER_IDENTITY_REQUIRED', `shop ${settings.id} does not take a bare customer id; send identity.token, a token signed by the shop's site`);
  }
  const id = deps.ids.next('cnv');
  const access = newSecretToken();
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
    await tx.conversations.insert({
      id,
      shopId: shop.id,
      customerId: customerId ?? null,
      releaseId,
      state,
      accessTokenHash: access.hash,
      channel: input.channel ?? 'web',
      channelUser: input.channelUser ?? null,
      version: 0,
      createdAt: now,
      updatedAt: now,
    });
    await tx.messages.insert([greeting]);
    await tx.outbox.append([
      { id: deps.ids.next('evt'), shopId: shop.id, conversationId: id, createdAt: now, event: { type: 'conversation.started', conversationId: id, shopId: shop.id, releaseId, customerId: customerId ?? null } },
    ]);
  });
  return { id, shopId: shop.id, releaseId, greeting, accessToken: access.token };
}
