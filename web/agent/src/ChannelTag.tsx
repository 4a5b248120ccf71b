// The channel a conversation comes through (网页, 企业微信, Webhook), as a small tag: an agent answers
// a WeCom shopper knowing the reply goes to WeCom.
import { Tag } from 'antd';
import { channelLabel, useStrings } from './i18n.js';

const channelColor: Record<string, string> = { web: 'blue', wecom: 'green', webhook: 'purple' };

export function ChannelTag({ channel }: { channel: string }) {
  const t = useStrings();
  return (
    <Tag color={channelColor[channel] ?? 'default'} className="channel" data-testid="channel" data-channel={channel} title={t.channelTitle}>
      {channelLabel(t, channel)}
    </Tag>
  );
}
