// Why conversations went to a person: the handed-off conversations by the reason of their first
// handoff, most first, as the report ranks them. Built-in reasons have a label; a shop's own
// (a flow's handoff step) shows its id.
import { Typography } from 'antd';
import type { OutcomeReport } from './api.js';
import { RankedBars } from './RankedBars.js';
import { useStrings } from './i18n.js';

export function HandoffReasons({ reasons }: { reasons: OutcomeReport['handoff_reasons'] }) {
  const t = useStrings();
  return (
    <div className="handoff-reasons" data-testid="handoff-reasons">
      <div className="subhead">
        <Typography.Text strong>{t.handoffReasonsTitle}</Typography.Text>
        <Typography.Text type="secondary" className="subhead-note">
          {t.handoffReasonsNote}
        </Typography.Text>
      </div>
      {reasons.length === 0 ? (
        <Typography.Text type="secondary" className="no-data">
          {t.noData}
        </Typography.Text>
      ) : (
        <RankedBars
          testId="handoff-reason"
          items={reasons.map((r) => {
            const label = t.handoffReasons[r.reason];
            return {
              key: r.reason,
              count: r.count,
              label: label ? (
                <>
                  <span className="reason-label">{label}</span>
                  <span className="reason-id">{r.reason}</span>
                </>
              ) : (
                <Typography.Text code className="reason-label">
                  {r.reason}
                </Typography.Text>
              ),
            };
          })}
        />
      )}
    </div>
  );
}
