// A shop's own tests (eval cases in .jsonl, conversation fixtures in .yaml) run on one release,
// case by case, for the sandbox: what passed, and for what failed its first wrong expectation.
import { parse as parseYaml } from 'yaml';
import type { KeyedLock } from '../app/conversations/keyed-lock.js';
import type { AppDeps } from '../app/deps.js';
import { parseConversationFixtures } from '../app/evaluation/conversation-fixtures.js';
import { parseEvalCases, type EvalCase } from '../app/evaluation/eval-case.js';
import { runEval, type EvalFailure } from '../app/evaluation/run-eval.js';
import type { ShopTestRun } from '../app/ports.js';

/** The longest `detail` of a failed case: a console line, not the whole reply. */
const MAX_DETAIL = 300;
/** Parse problems listed per file; a broken file can have one per line. */
const MAX_PROBLEMS_PER_FILE = 5;

/** A test file's cases, or its problems as `file: message` lines. */
export function parseTestFile(file: string, text: string): { ok: true; cases: EvalCase[] } | { ok: false; errors: string[] } {
  if (file.endsWith('.jsonl')) return parseEvalCases(text, file);
  if (!/\.ya?ml$/.test(file)) return { ok: false, errors: [`${file}: not a test file (.jsonl, .yaml or .yml)`] };
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    // The yaml package's message names the line and column.
    return { ok: false, errors: [`${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`] };
  }
  return parseConversationFixtures(data, file);
}

/** `turn N field: expected X got Y`, cut to MAX_DETAIL characters. */
export function failureDetail(f: Pick<EvalFailure, 'turn' | 'field' | 'expected' | 'got'>): string {
  const line = `turn ${f.turn} ${f.field}: expected ${JSON.stringify(f.expected)} got ${JSON.stringify(f.got ?? null)}`;
  return line.length <= MAX_DETAIL ? line : `${line.slice(0, MAX_DETAIL - 1)}…`;
}

/**
 * Runs every case of every file that parses; `fresh` restores the seed data before each case.
 * Cases run one runEval each, so a case id repeated across (or within) files keeps its own
 * verdict, and a case that throws (a page product the release lacks) fails alone.
 */
export async function runShopTests(deps: AppDeps & { lock: KeyedLock }, shopId: string, tests: { file: string; text: string }[], fresh: (c: EvalCase) => Promise<void>): Promise<ShopTestRun> {
  const run: ShopTestRun = { cases: [], problems: [] };
  for (const { file, text } of tests) {
    const parsed = parseTestFile(file, text);
    if (!parsed.ok) {
      const more = parsed.errors.length - MAX_PROBLEMS_PER_FILE;
      run.problems.push(...parsed.errors.slice(0, MAX_PROBLEMS_PER_FILE), ...(more > 0 ? [`${file}: … and ${more} more problems`] : []));
      continue;
    }
    for (const c of parsed.cases) {
      try {
        const report = await runEval(deps, shopId, [c], () => fresh(c));
        const first = report.failures[0];
        const writesOk = report.details[0]?.writeActionsOk !== false;
        run.cases.push({ id: c.id, file, passed: !first && writesOk, detail: first ? failureDetail(first) : writesOk ? '' : 'write actions differ' });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        run.cases.push({ id: c.id, file, passed: false, detail: message.slice(0, MAX_DETAIL) });
      }
    }
  }
  return run;
}
