// Domain records → API payloads.
import type { MessageRecord } from '../app/ports.js';
import type { MessageDto } from '../contracts/conversations.js';
import type { WorkspaceMessage } from '../contracts/agent.js';

/** A stored message as the shopper's API shows it (notes never reach it: list-messages leaves them out). */
export function presentMessage(m: MessageRecord): MessageDto {
  return { id: m.id, direction: m.direction === 'in' ? 'in' : 'out', text: m.text, clientMessageId: m.clientMessageId, replyTo: m.replyTo, trace: m.trace ? { ...m.trace } : null, createdAt: m.createdAt };
}

/** A reply as the API shows it (a reply always has a trace). */
export function presentReply(m: MessageRecord) {
  return { id: m.id, text: m.text, trace: m.trace ? { ...m.trace } : { releaseId: '', source: 'unknown' } };
}

/** Who wrote a message, as the workspace shows it. */
export function authorOf(m: MessageRecord): 'shopper' | 'ai' | 'agent' | 'note' {
  if (m.direction === 'in') return 'shopper';
  if (m.direction === 'note') return 'note';
  return m.trace?.source === 'agent' ? 'agent' : 'ai';
}

/** A stored message as the agent workspace shows it (with the AI's trace). */
export function presentWorkspaceMessage(m: MessageRecord): WorkspaceMessage {
  return { id: m.id, author: authorOf(m), agentId: m.trace?.agentId ?? null, text: m.text, trace: m.trace ? { ...m.trace } : null, createdAt: m.createdAt };
}
