// WeCom 微信客服 as a channel outlet: a message goes out as text (a product card as its name, price,
// stock and link: WeCom's link cards need an uploaded thumbnail), with our message id so WeCom can
// spot a resend; a refusal because the shopper's 48-hour / 5-message window is over is final. A
// handoff moves the WeCom session only when the shop's agents work in WeCom's own app.
import { plainText } from '../../../core/channels/outbound.js';
import type { ChannelOutcome, ChannelOutlet, WecomApi, WecomSendOutcome } from '../../../app/ports.js';

/** WeCom's send_msg msgid: at most 32 of [0-9a-zA-Z_-]; 29 here, so a split text's "_<part>" still fits. */
export function wecomMsgId(messageId: string): string {
  return messageId.replace(/[^0-9a-zA-Z_-]/g, '_').slice(-29);
}

const outcome = (r: WecomSendOutcome): ChannelOutcome => (r.status === 'ok' ? r : r.status === 'window_closed' ? { status: 'undeliverable', reason: 'window_closed' } : { status: 'retry', reason: r.reason });

/** WeCom's refusal of a state change is final (the transition is not allowed now); a timeout is retried. */
const stateOutcome = (r: WecomSendOutcome): ChannelOutcome => (r.status === 'failure' && r.reason.startsWith('api_error') ? { status: 'undeliverable', reason: `state_${r.reason.replace(/\s+/g, '_')}` } : outcome(r));

/** The outlet of one kf account; `agents` says where the shop's agents work (shop.yaml channels.wecom.agents). */
export function wecomOutlet(api: WecomApi, agents: 'xiaoer' | 'wecom'): ChannelOutlet {
  return {
    async deliver(to, item) {
      if (item.kind === 'message') return outcome(await api.sendText(to.channelUser, plainText(item.message, to.language), wecomMsgId(item.message.messageId)));
      // Agents in our workspace: the session stays with the API, whose sends their replies go through.
      if (agents !== 'wecom' || (item.change !== 'queued' && item.change !== 'ai')) return { status: 'ok' };
      const now = await api.serviceState(to.channelUser);
      if (now.status !== 'ok') return now.final ? { status: 'undeliverable', reason: `state_${now.reason.replace(/\s+/g, '_')}` } : { status: 'retry', reason: now.reason };
      // To WeCom's queue from new or the API's (0, 1); already with WeCom's people or ended: nothing to do.
      if (item.change === 'queued') return now.state <= 1 ? stateOutcome(await api.setServiceState(to.channelUser, 2)) : { status: 'ok' };
      // Back to us: a servicer's session is ended (WeCom allows 3 → 4 only), and the shopper's next
      // message opens a new one the API serves. One still waiting in WeCom's queue (2) cannot be taken back.
      if (now.state === 3) return stateOutcome(await api.setServiceState(to.channelUser, 4));
      if (now.state === 2) return { status: 'undeliverable', reason: 'state_queued_in_wecom' };
      return { status: 'ok' };
    },
  };
}
