// One reply and why it was given: intent and confidence, entities, the FAQ entry or flow step, the
// source, and the raw trace folded away. Shared by "try a sentence" and the flow simulator.
import { Collapse, Descriptions, Tag, Typography } from 'antd';
import type { TriedReply } from '../../../../src/contracts/admin.js';
import { percent } from '../format.js';
import { useStrings } from '../i18n.js';

export function ReplyView({ reply, compact = false }: { reply: TriedReply; compact?: boolean }) {
  const t = useStrings();
  const none = <Typography.Text type="secondary">{t.cm.none}</Typography.Text>;
  return (
    <div className="reply" data-testid="reply">
      <div className="reply-text" data-testid="reply-text">
        {reply.text}
      </div>
      <Descriptions size="small" column={compact ? 2 : 1} className="reply-facts" bordered={!compact}>
        <Descriptions.Item label={t.tryIt.intent}>
          <span data-testid="reply-intent">{reply.intent ?? '—'}</span>
          {reply.confidence !== null && <Typography.Text type="secondary"> · {t.tryIt.confidence} {percent(reply.confidence)}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={t.tryIt.source}>
          <Tag data-testid="reply-source">{reply.source}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t.tryIt.faq}>{reply.faq ? <Tag color="green" data-testid="reply-faq">{reply.faq}</Tag> : none}</Descriptions.Item>
        <Descriptions.Item label={t.tryIt.flow}>{reply.flow ? <Tag color="purple" data-testid="reply-flow">{reply.flow}</Tag> : none}</Descriptions.Item>
        <Descriptions.Item label={t.tryIt.entities} span={compact ? 2 : 1}>
          {reply.entities.length
            ? reply.entities.map((e, i) => (
                <Tag key={i} data-testid="reply-entity">
                  {e.type}: {e.value}
                </Tag>
              ))
            : none}
        </Descriptions.Item>
      </Descriptions>
      <Collapse
        size="small"
        ghost
        items={[{ key: 'trace', label: t.tryIt.trace, children: <pre className="json" data-testid="reply-trace">{JSON.stringify(reply.trace, null, 2)}</pre> }]}
      />
    </div>
  );
}
