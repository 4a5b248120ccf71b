// A messages row as the domain reads it, shared by the store and the outcome reads.
import type { MessageRecord } from '../../app/ports.js';
import type { MessagesTable } from './schema.js';

/** A message row as the domain reads it. */
export function toMessage(r: MessagesTable): MessageRecord {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    direction: r.direction === 'in' || r.direction === 'note' ? r.direction : 'out',
    text: r.text,
    clientMessageId: r.client_message_id,
    replyTo: r.reply_to,
    trace: r.trace ? JSON.parse(r.trace) : null,
    createdAt: r.created_at,
  };
}
