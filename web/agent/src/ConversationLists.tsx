// The two lists on the left: the shop's queue (wait time, reason, priority) and my conversations.
import { Badge, Empty, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ConversationSummary } from './api.js';
import { ChannelTag } from './ChannelTag.js';
import { reasonLabel, useStrings } from './i18n.js';

/** The current time, ticking every 15 s so that wait times move on their own. */
function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(h);
  }, [intervalMs]);
  return now;
}

interface Props {
  queue: ConversationSummary[];
  mine: ConversationSummary[];
  selectedId: string | null;
  unread: ReadonlySet<string>;
  onSelect: (id: string) => void;
}

export function ConversationLists({ queue, mine, selectedId, unread, onSelect }: Props) {
  const t = useStrings();
  const now = useNow();
  const item = (c: ConversationSummary, testId: 'queue-item' | 'mine-item') => {
    const waited = Math.max(0, Math.floor((now - Date.parse(c.since)) / 60_000));
    return (
      <li key={c.id}>
        <button type="button" className={`conv-item${c.id === selectedId ? ' selected' : ''}`} data-testid={testId} data-conversation-id={c.id} onClick={() => onSelect(c.id)}>
          <span className="conv-line">
            <Badge dot={unread.has(c.id)}>
              <Typography.Text strong>{c.customerName ?? c.customerKey}</Typography.Text>
            </Badge>
            <ChannelTag channel={c.channel} />
            {testId === 'queue-item' && (
              <Tag color={c.priority >= 2 ? 'red' : c.priority >= 1 ? 'orange' : 'default'} className="priority">
                {t.priority} {c.priority}
              </Tag>
            )}
          </span>
          {testId === 'queue-item' && (
            <span className="conv-line meta">
              <span className="reason">{reasonLabel(t, c.reason)}</span>
              <span className="wait">
                {t.waited} {t.minutes(waited)}
              </span>
            </span>
          )}
          {c.lastMessage && (
            <Typography.Text type="secondary" ellipsis className="conv-last">
              {c.lastMessage.text}
            </Typography.Text>
          )}
        </button>
      </li>
    );
  };

  return (
    <div className="conv-lists">
      <section>
        <h3 className="list-title">
          {t.queue} <Badge count={queue.length} showZero color={queue.length ? 'red' : 'gray'} />
        </h3>
        {queue.length ? <ul className="conv-list">{queue.map((c) => item(c, 'queue-item'))}</ul> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.emptyQueue} />}
      </section>
      <section>
        <h3 className="list-title">
          {t.mine} <Badge count={mine.length} showZero color="blue" />
        </h3>
        {mine.length ? <ul className="conv-list">{mine.map((c) => item(c, 'mine-item'))}</ul> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.emptyMine} />}
      </section>
    </div>
  );
}
