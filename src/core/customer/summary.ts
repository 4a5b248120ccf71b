// A short summary of a conversation for the customer's profile (and, later, for the agent who
// takes it over): what the shopper asked about, which flows ran and how the turn ended, from the
// replies' traces only — so every word of it can be traced back. Pure.
import type { ReplyTrace } from '../conversation/trace.js';

/** What the summary needs to know about the release: display names of flows, FAQ entries and products. */
export interface SummaryNames {
  flow(id: string): string | undefined;
  faq(id: string): string | undefined;
  product(id: string): string | undefined;
}

/** "11-24 咨询：发货时间、退货运费；办理：换货；看过：婴儿纱布连体衣；已转人工（complaint）". */
export function summarizeConversation(date: string, traces: readonly ReplyTrace[], names: SummaryNames, language: 'zh-CN' | 'en'): string {
  const asked = new Set<string>();
  const flows = new Set<string>();
  const products = new Set<string>();
  let handoff: string | undefined;
  for (const t of traces) {
    if (t.source === 'faq' && t.faqId) asked.add(names.faq(t.faqId) ?? t.faqId);
    if (t.flow) flows.add(names.flow(t.flow.id) ?? t.flow.id);
    for (const id of [t.productId, ...(t.productIds ?? [])]) if (id) products.add(names.product(id) ?? id);
    if (t.handoff) handoff = t.handoff.reason;
  }
  const en = language === 'en';
  const parts = [
    asked.size ? `${en ? 'asked: ' : '咨询：'}${[...asked].join(en ? ', ' : '、')}` : '',
    flows.size ? `${en ? 'flows: ' : '办理：'}${[...flows].join(en ? ', ' : '、')}` : '',
    products.size ? `${en ? 'looked at: ' : '看过：'}${[...products].slice(0, 5).join(en ? ', ' : '、')}` : '',
    handoff ? `${en ? 'handed to a person' : '已转人工'}（${handoff}）` : '',
  ].filter(Boolean);
  return `${date} ${parts.length ? parts.join(en ? '; ' : '；') : en ? 'no questions' : '无咨询内容'}`;
}
