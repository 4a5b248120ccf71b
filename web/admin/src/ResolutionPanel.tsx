// How the range's conversations ended (each has exactly one resolution), with durable counted
// apart: the figures in a list, their shares in a donut beside it; below, why the handed-off
// conversations went to a person.
import { Card, Empty, Typography } from 'antd';
import { useMemo } from 'react';
import type { OutcomeReport } from './api.js';
import { Chart } from './Chart.js';
import { count } from './format.js';
import { HandoffReasons } from './HandoffReasons.js';
import { useStrings, type Resolution } from './i18n.js';

const ORDER: Resolution[] = ['confirmed', 'assumed', 'abandoned', 'handed_off', 'open'];
const COLORS: Record<Resolution, string> = { confirmed: '#389e0d', assumed: '#95de64', abandoned: '#faad14', handed_off: '#1677ff', open: '#bfbfbf' };

export function ResolutionPanel({ report: r }: { report: OutcomeReport }) {
  const t = useStrings();
  const option = useMemo(
    () => ({
      color: ORDER.map((k) => COLORS[k]),
      // Counts only, as the API gives them: no percentages worked out by the chart.
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [
        {
          type: 'pie',
          radius: ['48%', '78%'],
          avoidLabelOverlap: true,
          label: { show: false },
          data: ORDER.map((k) => ({ name: t.resolution[k], value: r.resolution[k] })),
        },
      ],
    }),
    [r, t],
  );
  return (
    <Card title={t.resolutionTitle} className="panel" data-testid="resolution">
      {r.conversations === 0 ? (
        <Empty description={t.noData} />
      ) : (
        <div className="resolution">
          <ul className="legend">
            {ORDER.map((k) => (
              <li key={k} data-testid={`resolution-${k}`}>
                <span className="dot" style={{ background: COLORS[k] }} />
                <span className="legend-name">
                  {t.resolution[k]}
                  <Typography.Text type="secondary" className="legend-hint">
                    {t.resolutionHints[k]}
                  </Typography.Text>
                </span>
                <span className="legend-value">{count(r.resolution[k])}</span>
              </li>
            ))}
            <li className="legend-separator" aria-hidden="true" />
            <li data-testid="resolution-durable">
              <span className="dot dot-ring" />
              <span className="legend-name">
                {t.durable}
                <Typography.Text type="secondary" className="legend-hint">
                  {t.durableHint}
                </Typography.Text>
              </span>
              <span className="legend-value">{count(r.resolution.durable)}</span>
            </li>
          </ul>
          <div className="resolution-chart">
            <Chart option={option} height={220} label={t.resolutionTitle} />
          </div>
          <HandoffReasons reasons={r.handoff_reasons} />
        </div>
      )}
    </Card>
  );
}
