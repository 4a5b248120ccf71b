// The headline figures of the range: conversations, automation and handoff rates, first response,
// CSAT, revenue attributed, repurchase and recommendations.
import { Card, Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { OutcomeReport } from './api.js';
import { Figure } from './Figure.js';
import { count, mean, percent, seconds, yuan } from './format.js';
import { useStrings } from './i18n.js';

function Kpi({ id, title, children, sub }: { id: string; title: string; children: ReactNode; sub: ReactNode }) {
  return (
    <Card size="small" className="kpi" data-testid={`kpi-${id}`}>
      <div className="kpi-title">{title}</div>
      <div className="kpi-value" data-testid={`kpi-${id}-value`}>
        {children}
      </div>
      <Typography.Text type="secondary" className="kpi-sub">
        {sub}
      </Typography.Text>
    </Card>
  );
}

export function KpiCards({ report: r }: { report: OutcomeReport }) {
  const t = useStrings();
  const cards: { id: string; title: string; value: ReactNode; sub: ReactNode }[] = [
    { id: 'conversations', title: t.conversations, value: count(r.conversations), sub: t.conversationsNote },
    {
      id: 'automation',
      title: t.automationRate,
      value: <Figure text={percent(r.automation_rate)} />,
      sub: (
        <span data-testid="automation-split">
          {t.confirmed} {count(r.resolution.confirmed)} · {t.assumed} {count(r.resolution.assumed)}
        </span>
      ),
    },
    { id: 'handoff', title: t.handoffRate, value: <Figure text={percent(r.handoff_rate)} />, sub: t.handedOffCount(count(r.resolution.handed_off)) },
    {
      id: 'first-response',
      title: t.firstResponse,
      value: (
        <span className="pairs">
          <span className="pair">
            <span className="pair-label">p50</span>
            <span data-testid="first-response-p50">
              <Figure text={seconds(r.first_response_ms.p50)} suffix={t.seconds} />
            </span>
          </span>
          <span className="pair">
            <span className="pair-label">p99</span>
            <span data-testid="first-response-p99">
              <Figure text={seconds(r.first_response_ms.p99)} suffix={t.seconds} />
            </span>
          </span>
        </span>
      ),
      sub: t.firstResponseNote,
    },
    { id: 'csat', title: t.csat, value: <Figure text={mean(r.csat.mean)} suffix={t.outOf5} />, sub: t.ratings(count(r.csat.count)) },
    { id: 'revenue', title: t.revenueAttributed, value: <Figure text={yuan(r.revenue_attributed)} />, sub: t.revenueNote },
    { id: 'repurchase', title: t.repurchaseRate, value: <Figure text={percent(r.repurchase_rate)} />, sub: t.repurchaseNote },
    { id: 'recommendations', title: t.recommendations, value: <Figure text={yuan(r.recommendations.revenue)} />, sub: t.recommendationsNote(count(r.recommendations.orders)) },
  ];
  return (
    <Row gutter={[16, 16]} className="kpis">
      {cards.map((c) => (
        <Col key={c.id} xs={24} sm={12} xl={6}>
          <Kpi id={c.id} title={c.title} sub={c.sub}>
            {c.value}
          </Kpi>
        </Col>
      ))}
    </Row>
  );
}
