// A ranked list of counts (handoff reasons, intents) in the API's order, each with a bar as long
// as its count beside the largest: the bars only draw the counts written next to them.
import type { ReactNode } from 'react';
import { count } from './format.js';

export interface RankedItem {
  key: string;
  label: ReactNode;
  count: number;
}

export function RankedBars({ items, testId, ranks = false }: { items: readonly RankedItem[]; testId: string; ranks?: boolean }) {
  const most = Math.max(1, ...items.map((i) => i.count));
  return (
    <ol className={ranks ? 'ranked ranked-numbered' : 'ranked'}>
      {items.map((item, i) => (
        <li key={item.key} data-testid={testId} data-key={item.key}>
          {ranks && <span className="ranked-rank">{i + 1}</span>}
          <span className="ranked-label">{item.label}</span>
          <span className="ranked-track" aria-hidden="true">
            <span className="ranked-bar" style={{ width: `${(item.count / most) * 100}%` }} />
          </span>
          <span className="ranked-count">{count(item.count)}</span>
        </li>
      ))}
    </ol>
  );
}
