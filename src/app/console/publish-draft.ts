// Publishing the draft from the console: checked whole and compiled off the serving thread, the
// shop's own tests run on it and on the live release in a sandbox, and what changed shown; a
// draft that newly fails cases is published only when the admin confirms it.
import { createHash } from 'node:crypto';
import { XiaoerError } from '../errors.js';
import type { ShopTestRun } from '../ports.js';
import { audit, ensureDraft, type Actor, type ConsoleDeps } from './console-deps.js';
import { compileDraft, compiledBytes, sandboxSetup, storedBytes } from './draft-release.js';
import { diffHashes, hashMapOf, releaseHashes, type Changes } from './release-items.js';
import { makeLive } from '../shops/publish-shop.js';

/** The shop's tests on the draft, against the live release. */
export interface TestSummary {
  cases: number;
  passed: number;
  /** Failing cases on the draft, as "file#case". */
  failed: string[];
  newlyFailing: { case: string; file: string; detail: string }[];
  newlyPassing: string[];
  /** Test files that could not be read, as `file: message`: their cases did not run. */
  problems: string[];
}

export interface PublishOutcome {
  releaseId: string;
  created: boolean;
  published: boolean;
  changes: Changes;
  tests: TestSummary;
}

type Deps = Pick<ConsoleDeps, 'store' | 'clock' | 'compiler' | 'sandbox'>;

/** Test runs of releases, by release id and the hash of the tests and seed (a release never changes). */
const runs = new Map<string, Promise<ShopTestRun>>();
const RUNS_KEPT = 16;

async function testRun(deps: Deps, shopId: string, releaseId: string, load: () => Promise<{ json: Uint8Array; image: Uint8Array }>): Promise<ShopTestRun> {
  const tests = (await deps.store.drafts.bodies(shopId, 'test')).map((b) => JSON.parse(b.body) as { file: string; text: string });
  if (tests.length === 0) return { cases: [], problems: [] };
  const setup = await sandboxSetup(deps, shopId);
  const key = `${releaseId}:${createHash('sha256').update(JSON.stringify([tests, setup])).digest('hex')}`;
  let run = runs.get(key);
  if (!run) {
    run = deps.sandbox.test(releaseId, load, setup, tests);
    runs.set(key, run);
    while (runs.size > RUNS_KEPT) runs.delete(runs.keys().next().value as string);
    run.catch(() => runs.delete(key));
  }
  return run;
}

/** Which cases fail on the draft, and which of them passed on the live release. */
export function summarise(draft: ShopTestRun, live: ShopTestRun | null): TestSummary {
  const name = (c: { file: string; id: string }) => `${c.file}#${c.id}`;
  const before = new Map((live?.cases ?? []).map((c) => [name(c), c.passed]));
  const failing = draft.cases.filter((c) => !c.passed);
  return {
    cases: draft.cases.length,
    passed: draft.cases.length - failing.length,
    failed: failing.map(name),
    // With no live release to compare with, every failure is new.
    newlyFailing: failing.filter((c) => !live || before.get(name(c)) !== false).map((c) => ({ case: c.id, file: c.file, detail: c.detail })),
    newlyPassing: draft.cases.filter((c) => c.passed && before.get(name(c)) === false).map(name),
    problems: draft.problems,
  };
}

/**
 * Checks, tests and (unless `dryRun`) publishes the shop's draft. New failures refuse the publish
 * (XIAOER_PUBLISH_NEW_FAILURES, each in the details) unless `confirm`. The published draft becomes
 * what new conversations start on and what the shop's live settings are; running conversations
 * stay on their release.
 */
export async function publishDraft(deps: Deps, shopId: string, actor: Actor, options: { confirm: boolean; dryRun: boolean; note?: string }): Promise<PublishOutcome> {
  await ensureDraft(deps, shopId);
  const build = await compileDraft(deps, shopId);
  const release = build.release;
  const shop = await deps.store.shops.get(shopId);
  const live = shop?.currentReleaseId ?? null;
  const after = hashMapOf(build.hashes);
  const before = live ? await releaseHashes(deps, live) : new Map<string, string>();
  const changes = diffHashes(before, after);
  const [draftRun, liveRun] = await Promise.all([testRun(deps, shopId, release.id, compiledBytes(release)), live && live !== release.id ? testRun(deps, shopId, live, storedBytes(deps, live)) : Promise.resolve(null)]);
  const tests = summarise(draftRun, live === release.id ? draftRun : liveRun);
  if (options.dryRun) return { releaseId: release.id, created: false, published: false, changes, tests };
  if (tests.newlyFailing.length > 0 && !options.confirm) {
    const details = tests.newlyFailing.map((f) => `${f.file}#${f.case}: ${f.detail}`);
    throw new XiaoerError('XIAOER_PUBLISH_NEW_FAILURES', `${tests.newlyFailing.length} case(s) that pass on the live release fail on the draft; publish with {"confirm": true} to publish anyway`, details);
  }
  const { created } = await makeLive(deps, shopId, build);
  const counted = (['faq', 'products', 'flows', 'settings'] as const).map((k) => `${k} +${changes[k].added.length} ~${changes[k].changed.length} -${changes[k].removed.length}`).join(', ');
  const confirmed = tests.newlyFailing.length > 0 ? `; confirmed with ${tests.newlyFailing.length} new failure(s)` : '';
  await audit(deps, shopId, actor, 'publish', release.id, `${counted}; tests ${tests.passed}/${tests.cases}${confirmed}${options.note ? `; ${options.note}` : ''}`);
  return { releaseId: release.id, created, published: true, changes, tests };
}
