// Where a turn's allocations come from: `tsx bench/scale/alloc-turns.ts` runs 1200 of the bench's
// turns (timeTurns' 200 warm-up turns and 1000 timed ones) on the cached big shop (10,000 entries,
// 50,000 SKUs) under the sampling heap profiler, collected objects included, and lists the
// allocating functions in kB per turn (a builtin with its two callers; 1-based line numbers).
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { demoQuestions, timeTurns } from './turns.js';
import { cachedBigShop } from './cached-shop.js';
const root = fileURLToPath(new URL('../..', import.meta.url));
const kb = await cachedBigShop(root, 10000, 50000);
const qs = demoQuestions(root);
timeTurns(kb, qs, 300);
const s = new Session(); s.connect();
await s.post('HeapProfiler.enable');
await s.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as any);
timeTurns(kb, qs, 1000);
/** timeTurns' own warm-up turns count too. */
const TURNS = 1200;
const { profile } = await s.post('HeapProfiler.stopSampling') as any;
// aggregate self size by function
const agg = new Map<string, number>();
let total = 0;
function walk(n: any, stack: string[]) {
  let name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  if (!n.callFrame.url) name = name + ' <- ' + (stack[stack.length-1] ?? '') + ' <- ' + (stack[stack.length-2] ?? '');
  const self = n.selfSize; total += self;
  agg.set(name, (agg.get(name) ?? 0) + self);
  for (const c of n.children) walk(c, [...stack, name]);
}
walk(profile.head, []);
console.log(`${(total / TURNS / 1000).toFixed(1)} kB allocated per turn (${TURNS} turns, sampled)`);
console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${(v / TURNS / 1000).toFixed(1).padStart(6)} kB/turn  ${k}`).join('\n'));
