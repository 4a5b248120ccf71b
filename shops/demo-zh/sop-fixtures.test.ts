// The demo shop's conversation fixtures (tests/*.yaml): the executable spec of its SOPs. Every
// expectation of every fixture must hold — 100% conformance, not "most".
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { parseConversationFixtures } from '../../src/app/evaluation/conversation-fixtures.js';
import type { EvalCase } from '../../src/app/evaluation/eval-case.js';
import { createSimulation, type Simulation } from '../../src/cli/simulate.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = (await readdir(`${dir}/tests`)).filter((f) => /\.ya?ml$/.test(f)).sort();
let sim: Simulation;

beforeAll(async () => {
  const read = await readBundleDir(dir);
  if (!read.ok) throw new Error(read.errors.join('\n'));
  sim = await createSimulation(read.bundle, read.seed);
}, 60_000);
afterAll(async () => sim?.close());

describe('demo shop demo-zh conversation fixtures', () => {
  it('has fixtures for the shop\'s flows', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(`passes every expectation in tests/${file}`, async () => {
      const parsed = parseConversationFixtures(parse(await readFile(`${dir}/tests/${file}`, 'utf8')), file);
      if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
      const cases: EvalCase[] = parsed.cases;
      const report = await sim.check(cases);
      expect(report.failures.map((f) => `${f.case}#${f.turn} ${f.field}: expected ${JSON.stringify(f.expected)} got ${JSON.stringify(f.got)}`)).toEqual([]);
      expect(report.turns).toBeGreaterThan(0);
    }, 120_000);
  }
});
