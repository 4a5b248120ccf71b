// Where the event loop stalls while a big shop publishes and loads: every gap of a 5 ms heartbeat
// over STALL_MS (default 50), labelled with the step that was running, after STALL_IDLE_MS
// (default 10 s) of doing nothing, the machine's own floor. Run with --trace-gc to see which gaps
// are the collector's:
//   node --expose-gc [--trace-gc] --import tsx bench/scale/profile-stalls.ts 10000 50000
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { bigShop } from './big-shop.js';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { workerKnowledgeBuilder, workerReleaseCompiler } from '../../src/server/worker-knowledge-builder.js';
import { createKnowledgeCache } from '../../src/app/shops/knowledge-cache.js';
import { openStore } from '../../src/adapters/store/kysely-store.js';
import { systemClock } from '../../src/adapters/system/system-clock.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 10_000);
const skus = Number(process.argv[3] ?? 50_000);
const STALL_MS = Number(process.env['STALL_MS'] ?? 50);

const read = await readBundleDir(join(root, 'shops/demo-zh'));
if (!read.ok) throw new Error(read.errors.join('\n'));
const bundle = bigShop(read.bundle, faq, skus);
const dir = mkdtempSync(join(tmpdir(), 'xiaoer-stalls-'));
const store = await openStore({ kind: 'sqlite', file: join(dir, 'stalls.sqlite') });
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

// The machine's own floor: the gaps of the heartbeat while this thread does nothing at all.
await step('idle (nothing running)', () => new Promise((r) => setTimeout(r, Number(process.env['STALL_IDLE_MS'] ?? 10_000))));
const { release, image } = await step('compile (worker)', () => workerReleaseCompiler().compile(bundle));
await step('putShop', () => store.putShop(bundle, systemClock.now()));
await step('putRelease', () => store.putRelease(release, systemClock.now()));
await step('putReleaseImage', () => store.putReleaseImage(release.id, image, systemClock.now()));
const cache = createKnowledgeCache(store, workerKnowledgeBuilder(), { clock: systemClock });
await step('load', () => cache.get(release.id));
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
