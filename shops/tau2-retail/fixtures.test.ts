// The tau2-retail shop's fixtures: train-split tasks of tau2-bench as scripted conversations
// (tests/*.yaml, fixed turns) and as rule-based users (tests/*.jsonl), plus policy fixtures.
// Every conversation starts from the pristine db.json; every expectation must hold. The shop
// reads the benchmark's data in place (../shared/data or XIAOER_BENCH_DATA): without it these
// tests are skipped with a notice.
import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { parseConversationFixtures } from '../../src/app/evaluation/conversation-fixtures.js';
import { parseEvalCases, type EvalCase } from '../../src/app/evaluation/eval-case.js';
import { createSimulation, type Simulation } from '../../src/cli/simulate.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const db = join(process.env['XIAOER_BENCH_DATA'] ?? join(dir, '../../../shared/data'), 'tau2-retail', 'db.json');
const present = await access(db).then(
  () => true,
  () => false,
);
if (!present) console.warn(`[xiaoer tests] tau2-retail data not found at ${db}: the tau2-retail shop fixtures are SKIPPED (set XIAOER_BENCH_DATA).`);
const files = (await readdir(join(dir, 'tests'))).filter((f) => /\.(ya?ml|jsonl)$/.test(f)).sort();

async function casesOf(file: string): Promise<EvalCase[]> {
  const text = await readFile(join(dir, 'tests', file), 'utf8');
  const parsed = file.endsWith('.jsonl') ? parseEvalCases(text, file) : parseConversationFixtures(parse(text), file);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.cases;
}

let sim: Simulation;
beforeAll(async () => {
  if (!present) return;
  const read = await readBundleDir(dir, { retailDb: db });
  if (!read.ok) throw new Error(read.errors.join('\n'));
  sim = await createSimulation(read.bundle, read.seed, read.retail);
}, 120_000);
afterAll(async () => sim?.close());

describe.skipIf(!present)('tau2-retail shop fixtures', () => {
  it('has fixed-turn and simulated-user fixtures', () => {
    expect(files.some((f) => f.endsWith('.yaml'))).toBe(true);
    expect(files.some((f) => f.endsWith('.jsonl'))).toBe(true);
  });
  for (const file of files) {
    it(`passes every expectation in tests/${file}`, async () => {
      const report = await sim.check(await casesOf(file));
      expect(report.failures.map((f) => `${f.case}#${f.turn} ${f.field}: expected ${JSON.stringify(f.expected)} got ${JSON.stringify(f.got)} | ${f.reply.slice(0, 300)}`)).toEqual([]);
      expect(report.turns).toBeGreaterThan(0);
    }, 300_000);
  }
});
