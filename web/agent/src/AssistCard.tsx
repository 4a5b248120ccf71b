// The model's help on demand: a summary of the conversation, replies to suggest (a click puts an
// unflagged one in the composer; a flagged one shows why and cannot be used) and tags with the
// shopper's words that justify them. Asked only when the agent clicks: each request costs tokens.
import { Button, Card, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api, type AgentAssist } from './api.js';
import { useStrings } from './i18n.js';

interface Props {
  conversationId: string;
  onUseReply: (text: string) => void;
}

/** The AI assistant card; keyed by conversation where it is used, so switching conversations starts it afresh. */
export function AssistCard({ conversationId, onUseReply }: Props) {
  const t = useStrings();
  const [result, setResult] = useState<AgentAssist | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const ask = async () => {
    setLoading(true);
    setError(null);
    try {
      setResult(await api.assist(conversationId));
    } catch (e) {
      setResult(null);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  };

  const grey = (text: string) => (
    <Typography.Text type="secondary" data-testid="assist-unavailable">
      {text}
    </Typography.Text>
  );

  return (
    <Card
      size="small"
      title={t.assistTitle}
      data-testid="assist-card"
      extra={
        <Button size="small" type={result ? 'default' : 'primary'} loading={loading} onClick={() => void ask()} data-testid="assist-run">
          {result ? t.assistAgain : t.assistRun}
        </Button>
      }
    >
      {error && grey(t.failed + error)}
      {result && !result.available && grey(t.assistUnavailable + (t.assistReasons[result.reason] ?? result.reason))}
      {result?.available && (
        <div className="assist">
          {result.summary && (
            <p className="assist-summary" data-testid="assist-summary">
              <strong>{t.assistSummary}</strong>
              {result.summary}
            </p>
          )}
          {result.replies.length > 0 && (
            <>
              <div className="assist-heading">{t.assistReplies}</div>
              <ul className="suggestions">
                {result.replies.map((r, i) =>
                  r.ok ? (
                    <li key={i}>
                      <button type="button" className="suggestion" data-testid="assist-reply" data-ok="true" onClick={() => onUseReply(r.text)}>
                        <span className="suggestion-text">{r.text}</span>
                        {r.sources.length > 0 && <span className="assist-sources">{r.sources.join(' · ')}</span>}
                      </button>
                    </li>
                  ) : (
                    <li key={i}>
                      <div className="suggestion assist-flagged" data-testid="assist-reply" data-ok="false">
                        <span className="suggestion-text">{r.text}</span>
                        <span className="assist-warning">
                          ⚠ {t.assistFlagged}
                          {r.violations.map((v, j) => (
                            <Tooltip key={j} title={v.detail ?? v.text}>
                              <Tag color="warning">
                                {t.violationKinds[v.kind] ?? v.kind}
                                {v.text ? `「${v.text}」` : ''}
                              </Tag>
                            </Tooltip>
                          ))}
                        </span>
                      </div>
                    </li>
                  ),
                )}
              </ul>
            </>
          )}
          {result.tags.length > 0 && (
            <>
              <div className="assist-heading">{t.assistTags}</div>
              <ul className="plain">
                {result.tags.map((tag) => (
                  <li key={tag.tag} data-testid="assist-tag">
                    <Tag color="blue">{tag.tag}</Tag>
                    <Typography.Text type="secondary">
                      {tag.label} · 「{tag.quote}」
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            </>
          )}
          {!result.summary && result.replies.length === 0 && result.tags.length === 0 && grey(t.assistNothing)}
        </div>
      )}
    </Card>
  );
}
