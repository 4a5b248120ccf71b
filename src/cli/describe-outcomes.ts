// The outcome report as text for `xiaoer analytics` without --json.
import type { OutcomeReport } from '../core/analytics/outcomes.js';

const pct = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const money = (y: number | null): string => (y === null ? '—' : `¥${y.toFixed(2)}`);

/** A few lines a shop owner reads at a glance; --json has every figure. */
export function describeOutcomes(r: OutcomeReport): string {
  const c = r.inquiry_conversion;
  const lines = [
    `${r.range.from.slice(0, 10)} … ${new Date(Date.parse(r.range.to) - 1).toISOString().slice(0, 10)}: ${r.conversations} conversations (AI ${r.served_by.ai}, human ${r.served_by.human}, AI then human ${r.served_by.ai_then_human})`,
    `resolution: confirmed ${r.resolution.confirmed}, assumed ${r.resolution.assumed}, handed off ${r.resolution.handed_off}, abandoned ${r.resolution.abandoned}, open ${r.resolution.open}; durable ${r.resolution.durable}`,
    `automation ${pct(r.automation_rate)}, handoff ${pct(r.handoff_rate)}, first response p50 ${r.first_response_ms.p50 ?? '—'} ms / p99 ${r.first_response_ms.p99 ?? '—'} ms, CSAT ${r.csat.mean ?? '—'} (${r.csat.count})`,
    `inquiry conversion: AI ${pct(c.ai.rate)} (${c.ai.converted}/${c.ai.conversations}), human ${pct(c.human.rate)} (${c.human.converted}/${c.human.conversations}), AI then human ${pct(c.ai_then_human.rate)} (${c.ai_then_human.converted}/${c.ai_then_human.conversations})`,
    `AOV: AI ${money(r.aov.ai)}, human ${money(r.aov.human)}, AI then human ${money(r.aov.ai_then_human)}, no conversation ${money(r.aov.no_conversation)}`,
    `revenue attributed ${money(r.revenue_attributed)}, repurchase ${pct(r.repurchase_rate)}, orders with a recommended product ${r.recommendations.orders} (${money(r.recommendations.revenue)})`,
    ...r.flows.map((f) => `flow ${f.flow}: ${f.conversations} conversations; ${f.steps.map((s) => `${s.step} ${s.conversations}${s.orders ? ` → ${s.orders} orders ${money(s.revenue)}` : ''}`).join(', ')}`),
    ...(r.gaps.length ? ['top knowledge gaps:', ...r.gaps.slice(0, 10).map((g) => `  ${g.count}× ${g.text}`)] : []),
  ];
  return lines.join('\n');
}
