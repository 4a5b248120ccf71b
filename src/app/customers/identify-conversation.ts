// A shopper signs in on the shop's site while chatting: the site's token says who they are, the
// conversation becomes that customer's, and what the visitor had (tags) merges into the customer.
import { XiaoerError } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { KeyedLock } from '../conversations/keyed-lock.js';
import { outboxEvent } from '../conversations/turn-context.js';
import { verifyIdentity } from './verify-identity.js';

/** Identifies the shopper of a conversation; the same customer again changes nothing. */
export async function identifyConversation(deps: AppDeps & { lock: KeyedLock }, input: { conversationId: string; token: string }): Promise<{ conversationId: string; customerId: string; mergedTags: number }> {
  return deps.lock.run(input.conversationId, async () => {
    const conversation = await deps.store.conversations.get(input.conversationId);
    if (!conversation) throw new XiaoerError('XIAOER_CONVERSATION_NOT_FOUND', `conversation ${input.conversationId} does not exist`);
    const kb = await deps.knowledge.get(conversation.releaseId);
    const now = deps.clock.now();
    const who = await verifyIdentity(kb.release.bundle.shop, input.token, deps.secret, now);
    if (conversation.customerId === who.customerId) return { conversationId: conversation.id, customerId: who.customerId, mergedTags: 0 };
    if (conversation.customerId !== null) throw new XiaoerError('XIAOER_ALREADY_IDENTIFIED', 'this conversation already belongs to another customer');
    const previousKey = `visitor:${conversation.id}`;
    const mergedTags = await deps.store.transaction(async (tx) => {
      await tx.conversations.setCustomer(conversation.id, who.customerId, now);
      // The site's name for the customer, for shops whose order system does not know them.
      if (who.name && !(await tx.conversations.saveState(conversation.id, { ...conversation.state, authenticated: { customerId: who.customerId, name: who.name } }, conversation.version, now))) {
        throw new XiaoerError('XIAOER_CONCURRENT_UPDATE', 'the conversation changed meanwhile; try again');
      }
      const moved = await tx.customers.moveTags(conversation.shopId, previousKey, who.customerId);
      await tx.customers.movePreferences(conversation.shopId, previousKey, who.customerId);
      await tx.outbox.append([outboxEvent(deps, conversation.shopId, now, { type: 'customer.identified', conversationId: conversation.id, customerId: who.customerId, previousKey })]);
      return moved;
    });
    return { conversationId: conversation.id, customerId: who.customerId, mergedTags };
  });
}
