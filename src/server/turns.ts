// A shopper's message through the node's admission gate, for HTTP and Socket.IO alike: answered
// at once when the node has room; when it waited in line past `queueWaitMs`, stored and
// acknowledged (202, `queued`), and answered when its turn comes, the replies pushed to the
// shopper's sockets and appearing in the transcript.
import { acceptInboundMessage, handleInboundMessage, type HandledMessage, type InboundMessage } from '../app/conversations/handle-inbound-message.js';
import type { ConversationRecord, MessageRecord } from '../app/ports.js';
import type { Live } from './live.js';
import type { ServerMetrics } from './metrics.js';
import type { ServerDeps } from './server-deps.js';
import type { TurnGate } from './turn-gate.js';

type Log = { warn(obj: object, msg: string): void };

/** A turn answered now, or a message acknowledged and waiting in line. */
export type TurnOutcome = { answered: HandledMessage } | { queued: { shopId: string; message: MessageRecord; position: number; notice: string } };

export interface Turns {
  /** Takes a turn on `conversation` (as the shopper's credential check read it: its shop and release). */
  take(input: InboundMessage, conversation: Pick<ConversationRecord, 'shopId' | 'releaseId'>): Promise<TurnOutcome>;
}

/** What a shopper in line is told, in the shop's language. */
export function lineNotice(language: string, position: number): string {
  return language === 'en'
    ? `We are busier than usual: your message is received and you are number ${position} in line. The answer will appear here shortly.`
    : `当前咨询人数较多，您的消息已收到，前面还有 ${position - 1} 位，请稍候，回复会马上出现在这里。`;
}

export function createTurns(deps: ServerDeps, gate: TurnGate, metrics: ServerMetrics, live: Live, queueWaitMs: number, log: Log): Turns {
  return {
    async take(input, conversation) {
      const ticket = gate.submit(conversation.shopId, () => metrics.measureTurn(() => handleInboundMessage(deps, input)));
      // A free slot (the common case): the turn started at once and the shopper waits for it.
      if (ticket.started()) return { answered: await ticket.result };
      ticket.result.catch(() => undefined); // awaited below, or reported once acknowledged
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), queueWaitMs)));
      const first = await Promise.race([ticket.result, late]).finally(() => clearTimeout(timer));
      // Answered in time, or already being computed: the shopper gets the replies in the response.
      if (first !== undefined || ticket.started()) return { answered: first ?? (await ticket.result) };
      const accepted = await acceptInboundMessage(deps, input);
      metrics.queued();
      ticket.result.then(
        (r) => live.answeredLate(r).catch((err: unknown) => log.warn({ event: 'turn.push_failed', conversationId: input.conversationId, err }, 'a reply answered after a 202 is stored but could not be pushed; the page shows it on resume')),
        (err: unknown) => log.warn({ event: 'turn.queued_failed', conversationId: input.conversationId, err }, 'a message answered after a 202 failed; the unanswered-message sweep will try it again'),
      );
      const position = Math.max(1, ticket.position());
      const language = (await deps.knowledge.get(conversation.releaseId)).release.bundle.shop.language;
      return { queued: { shopId: accepted.shopId, message: accepted.message, position, notice: lineNotice(language, position) } };
    },
  };
}
