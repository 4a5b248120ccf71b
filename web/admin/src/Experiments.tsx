// The shop's experiments (shop.yaml `experiments`, docs/analytics.md "Experiments"): per arm, the
// exposed conversations of known customers, those converted, the rate and its 95% interval as the
// report gives them; a holdout's lift; and a warning while any arm is too small to be read.
import { Card, Empty, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import type { HTMLAttributes, ReactNode } from 'react';
import type { OutcomeReport } from './api.js';
import { Figure } from './Figure.js';
import { count, interval, percent, points } from './format.js';
import { useStrings } from './i18n.js';

type Experiment = OutcomeReport['experiments'][number];
type Arm = Experiment['arms'][number];

/** The example of docs/shop-bundle.md, shown where a shop has none. */
const EXAMPLE = `experiments:
  - id: closing_script
    flow: sales
    step: closing
    arms: [{ id: A, share: 50 }, { id: B, share: 50 }]
  - { id: sales_lift, flow: sales, holdout: 10 }`;

/** A sentence with {placeholders} replaced by nodes. */
function fill(text: string, parts: Record<string, ReactNode>): ReactNode[] {
  return text.split(/\{(\w+)\}/).map((piece, i) => (i % 2 === 1 ? <span key={i}>{parts[piece] ?? piece}</span> : piece));
}

/** Where the rate and its interval fall on 0–100%: drawn from the figures in the cells beside it. */
function IntervalBar({ arm }: { arm: Arm }) {
  if (arm.interval === null || arm.rate === null) return null;
  const [lo, hi] = arm.interval;
  return (
    <span className="ci-track" aria-hidden="true">
      <span className="ci-range" style={{ left: `${lo * 100}%`, width: `${(hi - lo) * 100}%` }} />
      <span className="ci-rate" style={{ left: `${arm.rate * 100}%` }} />
    </span>
  );
}

function ExperimentResult({ x }: { x: Experiment }) {
  const t = useStrings();
  const armName = (arm: string) =>
    x.kind === 'holdout' && t.holdoutArms[arm] ? (
      <>
        {t.holdoutArms[arm]} <span className="reason-id">{arm}</span>
      </>
    ) : (
      <Typography.Text code>{arm}</Typography.Text>
    );
  const columns: ColumnsType<Arm> = [
    // The same widths in every experiment's table, so that their columns line up.
    { title: t.colArm, key: 'arm', width: '20%', render: (_, a) => armName(a.arm) },
    {
      title: (
        <Tooltip title={t.colExposedHint}>
          <span className="with-hint">{t.colExposed}</span>
        </Tooltip>
      ),
      key: 'conversations',
      align: 'right',
      width: '11%',
      render: (_, a) => count(a.conversations),
    },
    { title: t.colConverted, key: 'converted', align: 'right', width: '11%', render: (_, a) => count(a.converted) },
    { title: t.colRate, key: 'rate', align: 'right', width: '11%', render: (_, a) => <Figure text={percent(a.rate)} /> },
    { title: t.colInterval, key: 'interval', align: 'right', width: '15%', render: (_, a) => <Figure text={interval(a.interval)} /> },
    { title: <span className="ci-scale">0%<span>100%</span></span>, key: 'bar', render: (_, a) => <IntervalBar arm={a} /> },
  ];
  const lift = points(x.lift);
  return (
    <div className="experiment" data-testid={`experiment-${x.id}`}>
      <div className="experiment-head">
        <Typography.Text strong code className="experiment-id">
          {x.id}
        </Typography.Text>
        <Tag>{t.experimentKind[x.kind]}</Tag>
        <Typography.Text type="secondary">
          {t.experimentFlow} <Typography.Text code>{x.flow}</Typography.Text>
        </Typography.Text>
        {x.kind === 'holdout' && (
          <span className="experiment-lift" data-testid="experiment-lift">
            <Tooltip title={t.liftHint}>
              <span className="with-hint">{t.lift}</span>
            </Tooltip>{' '}
            <strong>
              <Figure text={lift === null ? null : `${lift} ${t.pointsUnit}`} />
            </strong>
          </span>
        )}
        {x.too_few && (
          <span className="too-few">
            <Tag color="warning" variant="solid" data-testid="too-few">
              {t.tooFew}
            </Tag>
            <Typography.Text type="secondary" className="too-few-hint">
              {t.tooFewHint(count(x.min_per_arm))}
            </Typography.Text>
          </span>
        )}
      </div>
      <Table<Arm>
        size="small"
        tableLayout="fixed"
        pagination={false}
        columns={columns}
        dataSource={x.arms}
        rowKey="arm"
        onRow={(a) => ({ 'data-testid': `arm-${a.arm}` }) as HTMLAttributes<HTMLTableRowElement>}
      />
    </div>
  );
}

export function Experiments({ report: r }: { report: OutcomeReport }) {
  const t = useStrings();
  return (
    <Card title={t.experimentsTitle} extra={<Typography.Text type="secondary">{t.experimentsNote}</Typography.Text>} className="panel" data-testid="experiments">
      {r.experiments.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          data-testid="no-experiments"
          description={
            <div className="no-experiments">
              <Typography.Text strong>{t.noExperiments}</Typography.Text>
              <Typography.Paragraph type="secondary" className="no-experiments-hint">
                {fill(t.noExperimentsHint, {
                  file: <Typography.Text code>shop.yaml</Typography.Text>,
                  key: <Typography.Text code>experiments</Typography.Text>,
                  doc: <Typography.Text code>docs/shop-bundle.md</Typography.Text>,
                })}
              </Typography.Paragraph>
              <pre className="yaml-example">{EXAMPLE}</pre>
            </div>
          }
        />
      ) : (
        r.experiments.map((x) => <ExperimentResult key={x.id} x={x} />)
      )}
    </Card>
  );
}
