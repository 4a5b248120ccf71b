// The demo shop's evaluation cases, run through the real use cases inside `npm test`: the shop
// must keep answering them at least this well. The cases were written independently of the FAQ
// phrasings (docs/evaluation.md). The floors are the measured levels (FAQ 0.913, facts 0.933,
// product 0.956 on 2026-11-25, session 13) rounded down: a change that loses answers fails
// here. The SOPs take two turns from the knowledge base on purpose: two action requests
// ("想换成灰的", "想取消一单") start the exchange and cancel flows. Issue 2's goal for FAQ accuracy is
// 0.90; raise the floors when a change earns it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { parseEvalCases, type EvalCase } from '../../src/app/evaluation/eval-case.js';
import { runEval, type EvalReport } from '../../src/app/evaluation/run-eval.js';
import { appHarness } from '../../src/testing/app-harness.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** Runs one of the shop's case files through a fresh app and returns the cases and the report. */
async function evaluate(file: string): Promise<{ cases: EvalCase[]; report: EvalReport }> {
  const read = await readBundleDir(dir);
  if (!read.ok) throw new Error(read.errors.join('\n'));
  const parsed = parseEvalCases(await readFile(`${dir}/${file}`, 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const h = await appHarness({ bundle: read.bundle });
  closers.push(() => h.store.close());
  return { cases: parsed.cases, report: await runEval(h.deps, h.shopId, parsed.cases) };
}

let report: EvalReport;
/** Turns that are out of scope: no FAQ entry and no product should answer them. */
const outOfScope = new Set<string>();

beforeAll(async () => {
  const r = await evaluate('tests/faq.jsonl');
  for (const c of r.cases) c.turns.forEach((t, i) => t.expect.faq === null && t.expect.product === undefined && outOfScope.add(`${c.id}#${i + 1}`));
  report = r.report;
}, 120_000);

describe('demo shop demo-zh on its evaluation cases', () => {
  it('has at least 150 turns', () => {
    expect(report.turns).toBeGreaterThanOrEqual(150);
  });
  it('answers with the right FAQ entry, or none when none applies, at least 91% of the time', () => {
    expect(report.metrics['faq_accuracy']).toBeGreaterThanOrEqual(0.91);
  });
  it('talks about the right product in at least 95% of product questions', () => {
    expect(report.metrics['product_accuracy']).toBeGreaterThanOrEqual(0.95);
  });
  it('states the expected facts in at least 93% of the answers that must contain them', () => {
    expect(report.metrics['answer_contains_accuracy']).toBeGreaterThanOrEqual(0.93);
  });
  it('answers no out-of-scope question from the knowledge base', () => {
    expect(outOfScope.size).toBeGreaterThanOrEqual(15);
    const answered = report.failures.filter((f) => f.field === 'faq' && outOfScope.has(`${f.case}#${f.turn}`));
    expect(answered.map((f) => f.user)).toEqual([]);
  });
});

// The development set, tests/faq-dev.jsonl: two messages per FAQ entry, written by a helper who saw
// only faq.yaml and was told to describe situations rather than name the policy (at most a third of
// the lines hold the entry's key noun), so it is much harder than faq.jsonl. Retrieval changes are
// tried on it first (docs/evaluation.md). Measured 0.677 on 2026-11-25; the floor is that, rounded down.
describe('demo shop demo-zh on its FAQ development set', () => {
  it('answers with the right FAQ entry at least 66% of the time, two cases per entry', async () => {
    const { cases, report: dev } = await evaluate('tests/faq-dev.jsonl');
    const entries = new Set(cases.flatMap((c) => c.turns.map((t) => t.expect.faq)));
    expect(entries.size).toBeGreaterThanOrEqual(124);
    expect(dev.metrics['faq_accuracy']).toBeGreaterThanOrEqual(0.66);
  }, 120_000);
});

// Understanding: intent, entities and sentiment on every turn of tests/understanding.jsonl, written
// independently of intents.yaml (docs/evaluation.md). Measured on 2026-11-25: intent 0.906, entity
// F1 0.923, sentiment 0.926; the floors are the targets (0.90) and a point under sentiment.
describe('demo shop demo-zh understands its shoppers', () => {
  let u: EvalReport;
  beforeAll(async () => {
    u = (await evaluate('tests/understanding.jsonl')).report;
  }, 120_000);

  it('has at least 300 turns, each scored on intent, entities and sentiment', () => {
    expect(u.turns).toBeGreaterThanOrEqual(300);
    expect(u.counts['intent']?.total).toBe(u.turns);
    expect(u.counts['entities']?.total).toBe(u.turns);
    expect(u.counts['sentiment']?.total).toBe(u.turns);
  });
  it('recognises the intent (or out_of_scope) at least 90% of the time', () => {
    expect(u.metrics['intent_accuracy']).toBeGreaterThanOrEqual(0.9);
  });
  it('extracts entities with F1 of at least 0.90', () => {
    expect(u.metrics['entity_f1']).toBeGreaterThanOrEqual(0.9);
  });
  it('reads sentiment right at least 91% of the time', () => {
    expect(u.metrics['sentiment_accuracy']).toBeGreaterThanOrEqual(0.91);
  });
});
