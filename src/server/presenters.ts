// Domain records → API payloads.
import type { MessageRecord } from '../app/ports.js';
import type { MessageDto } from '../contracts/conversations.js';

/** A stored message as the API shows it. */
export function presentMessage(m: MessageRecord): MessageDto {
  return { id: m.id, direction: m.direction, text: m.text, clientMessageId: m.clientMessageId, replyTo: m.replyTo, trace: m.trace ? { ...m.trace } : null, createdAt: m.createdAt };
}

/** A reply as the API shows it (a reply always has a trace). */
export function presentReply(m: MessageRecord) {
  return { id: m.id, text: m.text, trace: m.trace ? { ...m.trace } : { releaseId: '', source: 'unknown' } };
}
