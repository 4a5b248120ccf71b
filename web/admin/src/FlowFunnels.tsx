// Per SOP flow: how many conversations entered it, how many reached each step, and the orders
// and revenue credited to each step (the last step passed before the order was paid). Steps are
// listed in the API's order.
import { Card, Col, Empty, Row, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useMemo } from 'react';
import type { OutcomeReport } from './api.js';
import { Chart } from './Chart.js';
import { count, yuan } from './format.js';
import { useStrings, type Strings } from './i18n.js';

type Flow = OutcomeReport['flows'][number];
type Step = Flow['steps'][number];

function funnelOption(t: Strings, flow: Flow) {
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}: ${count(p.value)}` },
    xAxis: { type: 'value', show: false, max: Math.max(flow.conversations, ...flow.steps.map((s) => s.conversations)) },
    yAxis: { type: 'category', inverse: true, data: flow.steps.map((s) => s.step), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        name: t.colReached,
        barMaxWidth: 20,
        itemStyle: { color: '#1677ff' },
        data: flow.steps.map((s) => s.conversations),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => count(p.value) },
      },
    ],
  };
}

function FlowFunnel({ flow }: { flow: Flow }) {
  const t = useStrings();
  const option = useMemo(() => funnelOption(t, flow), [t, flow]);
  const columns: ColumnsType<Step> = [
    { title: t.colStep, dataIndex: 'step', key: 'step', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t.colReached, key: 'conversations', align: 'right', render: (_, s) => count(s.conversations) },
    { title: t.colOrders, key: 'orders', align: 'right', render: (_, s) => count(s.orders) },
    { title: t.colRevenue, key: 'revenue', align: 'right', render: (_, s) => yuan(s.revenue) },
  ];
  return (
    <div className="flow" data-testid={`flow-${flow.flow}`}>
      <div className="flow-head">
        <Typography.Text strong code className="flow-name">
          {flow.flow}
        </Typography.Text>
        <Typography.Text type="secondary" data-testid="flow-entered">
          {t.flowEntered(count(flow.conversations))}
        </Typography.Text>
      </div>
      <Row gutter={24}>
        <Col xs={24} lg={10}>
          <Chart option={option} height={Math.max(120, flow.steps.length * 34 + 16)} label={`${t.flowsTitle}: ${flow.flow}`} />
        </Col>
        <Col xs={24} lg={14}>
          <Table<Step> size="small" pagination={false} columns={columns} dataSource={flow.steps} rowKey="step" />
        </Col>
      </Row>
    </div>
  );
}

export function FlowFunnels({ report: r }: { report: OutcomeReport }) {
  const t = useStrings();
  return (
    <Card
      title={t.flowsTitle}
      extra={<Typography.Text type="secondary">{t.flowsNote}</Typography.Text>}
      className="panel"
      data-testid="flows"
    >
      {r.flows.length === 0 ? <Empty description={t.noData} /> : r.flows.map((f) => <FlowFunnel key={f.flow} flow={f} />)}
    </Card>
  );
}
