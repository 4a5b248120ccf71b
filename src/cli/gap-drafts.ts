// `xiaoer gaps <shop> --faq-draft`: the top knowledge gaps as faq.yaml entries to complete. The
// answer is left empty on purpose: importing the file before someone writes it is refused, so a
// gap never becomes an invented answer.
import { stringify } from 'yaml';
import type { GapCluster } from '../core/analytics/gaps.js';

/** The clusters as faq.yaml entries (id gap-<date>-<n>, the cluster's text, its other texts as similar). */
export function gapDrafts(gaps: readonly GapCluster[], day: string): string {
  const entries = gaps.map((g, i) => ({
    id: `gap-${day}-${i + 1}`,
    question: g.text,
    similar: g.examples.filter((x) => x !== g.text),
    answer: '',
    tags: ['knowledge-gap'],
  }));
  const head = [
    `# 知识缺口草稿：${gaps.length} 个问题（按被问次数排序）。写好每条 answer，合并进 faq.yaml，再 xiaoer shop import + publish。`,
    `# Knowledge-gap drafts: ${gaps.length} questions, most asked first. Write each answer, merge into faq.yaml, then import and publish.`,
    ...gaps.map((g, i) => `#   gap-${day}-${i + 1}: asked ${g.count}×`),
  ];
  return `${head.join('\n')}\n${entries.length ? stringify(entries) : '[]\n'}`;
}
