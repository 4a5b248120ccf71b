// Questions the AI answered with the fallback, clustered (docs/analytics.md "Knowledge gaps"):
// each cluster named by its largest group's first text, with its count and up to three wordings,
// and a way to answer it: the knowledge base's editor opens with the question as a new entry's draft.
import { Button, Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import type { HTMLAttributes } from 'react';
import type { OutcomeReport } from './api.js';
import { navigate } from './console/routes.js';
import { count } from './format.js';
import { useStrings } from './i18n.js';

type Gap = OutcomeReport['gaps'][number];

export function KnowledgeGaps({ report: r }: { report: OutcomeReport }) {
  const t = useStrings();
  const columns: ColumnsType<Gap> = [
    { title: '#', key: 'rank', width: 48, render: (_, _g, i) => i + 1 },
    { title: t.colQuestion, dataIndex: 'text', key: 'text' },
    { title: t.colCount, key: 'count', width: 96, align: 'right', render: (_, g) => count(g.count) },
    {
      title: t.colExamples,
      key: 'examples',
      render: (_, g) => (
        <span className="examples">
          {g.examples.map((e, i) => (
            <Tag key={i}>{e}</Tag>
          ))}
        </span>
      ),
    },
    {
      title: t.cm.actions,
      key: 'create',
      width: 120,
      render: (_, g) => (
        <Button type="link" size="small" onClick={() => navigate('faq', { draft: g.text })} data-testid="gap-create">
          {t.gapCreate}
        </Button>
      ),
    },
  ];
  return (
    <Card title={t.gapsTitle} extra={<Typography.Text type="secondary">{t.gapsNote}</Typography.Text>} className="panel" data-testid="gaps">
      <Table<Gap>
        size="small"
        pagination={false}
        columns={columns}
        dataSource={r.gaps}
        rowKey="text"
        locale={{ emptyText: t.noData }}
        onRow={() => ({ 'data-testid': 'gap' }) as HTMLAttributes<HTMLTableRowElement>}
      />
    </Card>
  );
}
