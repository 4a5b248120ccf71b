// Inquiry conversion and AOV by who served the conversation (ai / human / ai_then_human), and the
// AOV of orders no conversation led to (静默下单): a table of the figures and two charts.
import { Card, Col, Row, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useMemo, type HTMLAttributes } from 'react';
import type { OutcomeReport } from './api.js';
import { Chart } from './Chart.js';
import { Figure } from './Figure.js';
import { count, percent, yuan } from './format.js';
import { useStrings, type ServedBy, type Strings } from './i18n.js';

const SERVED: Exclude<ServedBy, 'no_conversation'>[] = ['ai', 'human', 'ai_then_human'];
const AOV_KEYS: ServedBy[] = [...SERVED, 'no_conversation'];
const COLORS: Record<ServedBy, string> = { ai: '#1677ff', human: '#722ed1', ai_then_human: '#13c2c2', no_conversation: '#8c8c8c' };

interface ServedRow {
  key: ServedBy;
  conversations: number | null;
  inquiries: number | null;
  converted: number | null;
  rate: number | null;
  aov: number | null;
}

function rowsOf(r: OutcomeReport): ServedRow[] {
  return [
    ...SERVED.map((k) => ({ key: k, conversations: r.served_by[k], inquiries: r.inquiry_conversion[k].conversations, converted: r.inquiry_conversion[k].converted, rate: r.inquiry_conversion[k].rate, aov: r.aov[k] })),
    // Orders without a conversation have an AOV only; the other columns do not apply to them.
    { key: 'no_conversation', conversations: null, inquiries: null, converted: null, rate: null, aov: r.aov.no_conversation },
  ];
}

/** Horizontal bars, one per served-by, labelled with the API's figure as formatted in the table. */
function barOption(t: Strings, keys: ServedBy[], values: (number | null)[], format: (v: number | null) => string | null) {
  return {
    grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number | null }) => `${p.name}: ${format(p.value) ?? t.noData}` },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', inverse: true, data: keys.map((k) => t.servedBy[k]), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        data: values.map((v, i) => ({ value: v, itemStyle: { color: COLORS[keys[i] ?? 'ai'] } })),
        label: { show: true, position: 'right', formatter: (p: { value: number | null }) => format(p.value) ?? t.noData },
      },
    ],
  };
}

/** In place of a chart with no bar to draw. */
function NoChart() {
  const t = useStrings();
  return (
    <div className="chart chart-empty" style={{ height: 150 }}>
      <Typography.Text type="secondary">{t.noData}</Typography.Text>
    </div>
  );
}

export function ServedByPanel({ report: r }: { report: OutcomeReport }) {
  const t = useStrings();
  const rows = useMemo(() => rowsOf(r), [r]);
  const conversion = useMemo(() => barOption(t, SERVED, SERVED.map((k) => r.inquiry_conversion[k].rate), percent), [r, t]);
  const aov = useMemo(() => barOption(t, AOV_KEYS, AOV_KEYS.map((k) => r.aov[k]), yuan), [r, t]);

  const n = (v: number | null) => (v === null ? t.notApplicable : count(v));
  const columns: ColumnsType<ServedRow> = [
    {
      title: t.colServedBy,
      key: 'servedBy',
      render: (_, row) =>
        row.key === 'no_conversation' ? (
          <Tooltip title={t.noConversationHint}>
            <span className="with-hint">{t.servedBy[row.key]}</span>
          </Tooltip>
        ) : (
          t.servedBy[row.key]
        ),
    },
    { title: t.colConversations, key: 'conversations', align: 'right', render: (_, row) => n(row.conversations) },
    {
      title: (
        <Tooltip title={t.colInquiriesHint}>
          <span className="with-hint">{t.colInquiries}</span>
        </Tooltip>
      ),
      key: 'inquiries',
      align: 'right',
      render: (_, row) => n(row.inquiries),
    },
    { title: t.colConverted, key: 'converted', align: 'right', render: (_, row) => n(row.converted) },
    { title: t.colConversion, key: 'rate', align: 'right', render: (_, row) => (row.key === 'no_conversation' ? t.notApplicable : <Figure text={percent(row.rate)} />) },
    { title: t.colAov, key: 'aov', align: 'right', render: (_, row) => <Figure text={yuan(row.aov)} /> },
  ];

  return (
    <Card title={t.servedByTitle} className="panel" data-testid="served-by">
      <Table<ServedRow> size="small" pagination={false} columns={columns} dataSource={rows} onRow={(row) => ({ 'data-testid': `served-${row.key}` }) as HTMLAttributes<HTMLTableRowElement>} />
      <Row gutter={16} className="served-charts">
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t.colConversion}</Typography.Text>
          {SERVED.every((k) => r.inquiry_conversion[k].rate === null) ? <NoChart /> : <Chart option={conversion} height={150} label={t.colConversion} />}
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t.aovChart}</Typography.Text>
          {AOV_KEYS.every((k) => r.aov[k] === null) ? <NoChart /> : <Chart option={aov} height={150} label={t.aovChart} />}
        </Col>
      </Row>
    </Card>
  );
}
