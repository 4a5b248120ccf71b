// Who the shopper is (segment, tags with their evidence, preferences, orders, the AI's summary, why
// it was handed over), the model's help on demand, and replies to suggest; clicking a suggestion
// puts it in the composer.
import { Card, Descriptions, Empty, Tag, Tooltip, Typography } from 'antd';
import type { ConversationDetail, Suggestion } from './api.js';
import { AssistCard } from './AssistCard.js';
import { reasonLabel, useStrings } from './i18n.js';

interface Props {
  detail: ConversationDetail;
  suggestions: Suggestion[];
  onUseSuggestion: (text: string) => void;
}

const short = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);
// The contract gives amounts in minor units without a currency; shown with two decimals.
const amount = (minor: number) => (minor / 100).toFixed(2);
const day = (iso: string) => new Date(iso).toLocaleDateString();

export function CustomerPanel({ detail, suggestions, onUseSuggestion }: Props) {
  const t = useStrings();
  const { customer, conversation: c } = detail;
  const textOf = new Map(detail.messages.map((m) => [m.id, m.text]));
  const none = <Typography.Text type="secondary">{t.none}</Typography.Text>;

  return (
    <div className="side-stack">
      <Card size="small" title={t.customer} data-testid="customer-panel">
        <Descriptions column={1} size="small" colon={false} className="customer-facts">
          <Descriptions.Item label={t.name}>
            <span data-testid="customer-name">{customer.name ?? customer.key}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t.segment}>{customer.segment ? <Tag color={customer.segment === 'vip' ? 'gold' : 'blue'}>{customer.segment}</Tag> : none}</Descriptions.Item>
          <Descriptions.Item label={t.handoffReason}>
            <span data-testid="handoff-reason">{c.reason ? reasonLabel(t, c.reason) : none}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t.tags}>
            {customer.tags.length ? (
              <span className="tags">
                {customer.tags.map((tag) => (
                  <Tooltip key={`${tag.group}:${tag.tag}`} title={`${tag.rule} · ${short(textOf.get(tag.messageId) ?? tag.messageId)}`}>
                    <Tag data-testid="customer-tag" data-group={tag.group}>
                      {tag.tag}
                    </Tag>
                  </Tooltip>
                ))}
              </span>
            ) : (
              none
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t.preferences}>
            {customer.preferences.length ? (
              <ul className="plain">
                {customer.preferences.map((p) => (
                  <li key={p.name}>
                    {p.name}: <strong>{p.value}</strong> <Typography.Text type="secondary">({p.source})</Typography.Text>
                  </li>
                ))}
              </ul>
            ) : (
              none
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t.orders}>
            {customer.orders.length ? (
              <ul className="plain">
                {customer.orders.map((o) => (
                  <li key={o.orderId} data-testid="customer-order">
                    <strong>{o.orderId}</strong> <Tag>{t.orderStatus[o.status] ?? o.status}</Tag> {amount(o.totalMinor)} · {day(o.placedAt)}
                    <div className="order-items">{o.items.join('、')}</div>
                  </li>
                ))}
              </ul>
            ) : (
              none
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t.summary}>{customer.summary ? <span className="summary">{customer.summary}</span> : none}</Descriptions.Item>
        </Descriptions>
      </Card>
      <AssistCard key={c.id} conversationId={c.id} onUseReply={onUseSuggestion} />
      <Card size="small" title={t.suggestions}>
        {suggestions.length ? (
          <ul className="suggestions">
            {suggestions.map((s) => (
              <li key={s.id}>
                <button type="button" className="suggestion" data-testid="suggestion" data-kind={s.kind} onClick={() => onUseSuggestion(s.text)}>
                  <span className="suggestion-title">
                    <Tag>{t.suggestionKinds[s.kind]}</Tag>
                    {s.title}
                  </span>
                  <span className="suggestion-text">{s.text}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noSuggestions} />
        )}
      </Card>
    </div>
  );
}
