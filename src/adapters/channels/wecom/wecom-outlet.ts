// WeCom 微信客服 as a channel outlet: a message goes out as text (a product card as its name, price,
// stock and link: WeCom's link cards need an uploaded thumbnail), with our message id so WeCom can
// spot a resend; a refusal because the shopper's 48-hour / 5-message window is over is final. A
// handoff moves the WeCom session only when the shop's agents work in WeCom's own app.
import { plainText } from '../../../core/channels/outbound.js';
import type { ChannelOutcome, ChannelOutlet, WecomApi, WecomSendOutcome } from '../../../app/ports.js';

/** WeCom's send_msg msgid: at most 32 of [0-9a-zA-Z_-]. */
export function wecomMsgId(messageId: string): string {
  return messageId.replace(/[^0-9a-zA-Z_-]/g, '_').slice(-32);
}

const outcome = (r: WecomSendOutcome): ChannelOutcome => (r.status === 'ok' ? r : r.status === 'window_closed' ? { status: 'undeliverable', reason: 'window_closed' } : { status: 'retry', reason: r.reason });

/** The outlet of one kf account; `agents` says where the shop's agents work (shop.yaml channels.wecom.agents). */
export function wecomOutlet(api: WecomApi, agents: 'xiaoer' | 'wecom'): ChannelOutlet {
  return {
    async deliver(to, item) {
      if (item.kind === 'message') return outcome(await api.sendText(to.channelUser, plainText(item.message, to.language), wecomMsgId(item.message.messageId)));
      // Agents in our workspace: the session stays with the API, whose sends their replies go through.
      if (agents !== 'wecom') return { status: 'ok' };
      if (item.change === 'queued') return outcome(await api.setServiceState(to.channelUser, 2));
      if (item.change === 'ai') return outcome(await api.setServiceState(to.channelUser, 1));
      return { status: 'ok' }; // assigned and closed happen in WeCom's own app
    },
  };
}
