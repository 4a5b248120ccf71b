// Where the event loop stalls while a big shop publishes and loads: every gap of a 5 ms heartbeat
// over STALL_MS (default 50), labelled with the step that was running, after STALL_IDLE_MS
// (default 10 s) of doing nothing, the machine's own floor. The path is the server's: the bundle is
// imported (stored) and let go, then `publishShop` reads it back, compiles and trains it in the
// worker and stores release and image; then a node's cache loads the image, and a first
// conversation reads the shop. Run with --trace-gc
// to see which gaps are the collector's, and with --cpu-prof to see what ran in each gap
// (STALL_GAPS_FILE=gaps.json, then bench/scale/stall-frames.mjs gaps.json the-main.cpuprofile):
//   node --expose-gc [--trace-gc] [--cpu-prof] --import tsx bench/scale/profile-stalls.ts 10000 50000
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { bigShop } from './big-shop.js';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { workerKnowledgeBuilder, workerReleaseCompiler } from '../../src/server/worker-knowledge-builder.js';
import { createKnowledgeCache } from '../../src/app/shops/knowledge-cache.js';
import { publishShop } from '../../src/app/shops/publish-shop.js';
import type { ReleaseCompiler, Store } from '../../src/app/ports.js';
import { openStore } from '../../src/adapters/store/kysely-store.js';
import { systemClock } from '../../src/adapters/system/system-clock.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 10_000);
const skus = Number(process.argv[3] ?? 50_000);
const STALL_MS = Number(process.env['STALL_MS'] ?? 50);

const dir = mkdtempSync(join(tmpdir(), 'xiaoer-stalls-'));
const store = await openStore({ kind: 'sqlite', file: join(dir, 'stalls.sqlite') });
// The bundle is built and imported in a function of its own: as on the server, where an import
// and a publish are different requests, the publishing process does not hold the imported objects.
const shopId = await (async () => {
  const read = await readBundleDir(join(root, 'shops/demo-zh'));
  if (!read.ok) throw new Error(read.errors.join('\n'));
  const bundle = bigShop(read.bundle, faq, skus);
  await store.shops.put(bundle, systemClock.now());
  return bundle.shop.id;
})();
(globalThis as { gc?: () => void }).gc?.();

let label = 'idle';
let last = performance.now();
const stalls: { label: string; ms: number; at: number }[] = [];
const beat = setInterval(() => {
  const now = performance.now();
  if (now - last > STALL_MS) stalls.push({ label, ms: Math.round(now - last), at: Math.round(now) });
  last = now;
}, 5);
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  label = name;
  const start = performance.now();
  const value = await fn();
  console.log(`${name}: ${(performance.now() - start).toFixed(0)} ms`);
  return value;
}
/** The store and compiler publish uses, each call labelled (a gap is labelled with the step running at its end). */
const labelled = <T extends object>(target: T, names: string[]): T =>
  new Proxy(target, {
    get(t, key, receiver) {
      const value: unknown = Reflect.get(t, key, receiver);
      if (typeof key !== 'string' || !names.includes(key) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        label = `publish: ${key}`;
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });

// The machine's own floor: the gaps of the heartbeat while this thread does nothing at all.
await step('idle (nothing running)', () => new Promise((r) => setTimeout(r, Number(process.env['STALL_IDLE_MS'] ?? 10_000))));
const publishStore = labelled<Store>(store, ['getShop', 'getShopBundleJson', 'putRelease', 'putReleaseJson', 'putReleaseImage', 'transaction']);
const compiler = labelled<ReleaseCompiler>(workerReleaseCompiler(), ['compile', 'compileStored']);
const { releaseId } = await step('publish', () => publishShop({ store: publishStore, clock: systemClock, compiler }, shopId));
const cache = createKnowledgeCache(store, workerKnowledgeBuilder(), { clock: systemClock });
await step('load', () => cache.get(releaseId));
// A conversation start reads the shop (its bundle parsed once per node, kept after).
await step('getShop (first conversation)', () => store.shops.get(shopId));
label = 'idle';
await new Promise((r) => setTimeout(r, 50));
clearInterval(beat);
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(`gaps over ${STALL_MS} ms:`);
for (const s of stalls) console.log(`  ${s.label}: ${s.ms} ms, ending at ${s.at} ms`);
const worst = new Map<string, { n: number; max: number }>();
for (const s of stalls) worst.set(s.label, { n: (worst.get(s.label)?.n ?? 0) + 1, max: Math.max(worst.get(s.label)?.max ?? 0, s.ms) });
console.log('by step (gaps, worst):');
for (const [name, w] of worst) console.log(`  ${name}: ${w.n}, ${w.max} ms`);
const gapsFile = process.env['STALL_GAPS_FILE'];
if (gapsFile) {
  // performance.now() and a CPU profile's timestamps (microseconds of the monotonic clock) differ by the process's time origin.
  const originUs = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
  writeFileSync(gapsFile, JSON.stringify(stalls.map((s) => ({ ...s, startUs: originUs + (s.at - s.ms) * 1000, endUs: originUs + s.at * 1000 }))));
}
