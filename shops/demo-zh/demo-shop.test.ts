// The demo shop's evaluation cases, run through the real use cases inside `npm test`: the shop
// must keep answering them at least this well. The cases were written independently of the FAQ
// phrasings (docs/evaluation.md).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { parseEvalCases } from '../../src/app/evaluation/eval-case.js';
import { runEval, type EvalReport } from '../../src/app/evaluation/run-eval.js';
import { appHarness } from '../../src/testing/app-harness.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
let report: EvalReport;
let close: () => Promise<void>;

beforeAll(async () => {
  const read = await readBundleDir(dir);
  if (!read.ok) throw new Error(read.errors.join('\n'));
  const parsed = parseEvalCases(await readFile(`${dir}/tests/faq.jsonl`, 'utf8'), 'tests/faq.jsonl');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const h = await appHarness({ bundle: read.bundle });
  close = () => h.store.close();
  report = await runEval(h.deps, h.shopId, parsed.cases);
}, 120_000);
afterAll(async () => close?.());

describe('demo shop demo-zh on its evaluation cases', () => {
  it('has at least 150 turns', () => {
    expect(report.turns).toBeGreaterThanOrEqual(150);
  });
  it('answers with the right FAQ entry, or none when none applies, at least 90% of the time', () => {
    expect(report.metrics['faq_accuracy']).toBeGreaterThanOrEqual(0.9);
  });
  it('talks about the right product in product questions', () => {
    expect(report.metrics['product_accuracy']).toBeGreaterThanOrEqual(0.9);
  });
  it('states the expected facts', () => {
    expect(report.metrics['answer_contains_accuracy']).toBeGreaterThanOrEqual(0.85);
  });
});
