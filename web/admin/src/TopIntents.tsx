// What shoppers asked about: the shop's intents of the range's answered shopper messages (one per
// message, out of scope left out), most first, the top 20 as the report gives them. Intents are
// the shop's ids (intents.yaml); the report has no labels for them.
import { Card, Empty, Typography } from 'antd';
import type { OutcomeReport } from './api.js';
import { useStrings } from './i18n.js';
import { RankedBars } from './RankedBars.js';

export function TopIntents({ report: r }: { report: OutcomeReport }) {
  const t = useStrings();
  return (
    <Card title={t.intentsTitle} className="panel" data-testid="intents">
      <Typography.Paragraph type="secondary" className="panel-note">
        {t.intentsNote}
      </Typography.Paragraph>
      {r.top_intents.length === 0 ? (
        <Empty description={t.noData} />
      ) : (
        <RankedBars
          ranks
          testId="intent"
          items={r.top_intents.map((i) => ({
            key: i.intent,
            count: i.count,
            label: (
              <Typography.Text code className="intent-id">
                {i.intent}
              </Typography.Text>
            ),
          }))}
        />
      )}
    </Card>
  );
}
