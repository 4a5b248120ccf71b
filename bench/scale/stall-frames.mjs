// What the main thread ran during each loop gap profile-stalls.ts recorded: the CPU profile's
// samples inside each gap's window, the heaviest functions by self time and by inclusive time
// (a sample counts until the next one).
//   node bench/scale/stall-frames.mjs gaps.json CPU.….0.001.cpuprofile [min gap ms, default 100]
import { readFileSync } from 'node:fs';

const [gapsFile, profileFile, minMs = '100'] = process.argv.slice(2);
const gaps = JSON.parse(readFileSync(gapsFile, 'utf8'));
const p = JSON.parse(readFileSync(profileFile, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").slice(-2).join("/")}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
// Each sample's time, in microseconds of the monotonic clock.
const times = [];
let t = p.startTime;
for (const dt of p.timeDeltas) times.push((t += dt));
/** Per step: its worst gap, and the most samples of the thread's own work (not idle) in one gap. */
const summary = new Map();
for (const gap of gaps) {
  let work = 0;
  for (let i = 0; i < p.samples.length; i++) {
    if (times[i] >= gap.startUs && times[i] <= gap.endUs && byId.get(p.samples[i]).callFrame.functionName !== '(idle)') work++;
  }
  const s = summary.get(gap.label) ?? { worst: 0, work: 0, workGap: 0 };
  s.worst = Math.max(s.worst, gap.ms);
  if (work > s.work) Object.assign(s, { work, workGap: gap.ms });
  summary.set(gap.label, s);
  if (gap.ms < Number(minMs)) continue;
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  let count = 0;
  for (let i = 0; i < p.samples.length; i++) {
    if (times[i] < gap.startUs || times[i] > gap.endUs) continue;
    const dt = (times[i + 1] ?? times[i]) - times[i];
    total += dt;
    count++;
    const k = name(byId.get(p.samples[i]));
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set();
    for (let x = p.samples[i]; x !== undefined; x = parent.get(x)) {
      const kk = name(byId.get(x));
      if (seen.has(kk)) continue;
      seen.add(kk);
      inclusive.set(kk, (inclusive.get(kk) ?? 0) + dt);
    }
  }
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, us]) => `    ${(us / 1000).toFixed(0).padStart(5)} ms ${f}`).join('\n');
  // The profiler samples about every millisecond while the thread runs: far fewer samples than
  // milliseconds means the thread was not running (the machine's other work), not slow code.
  console.log(`${gap.label}: ${gap.ms} ms gap ending at ${gap.at} ms (${count} samples over ${(total / 1000).toFixed(0)} ms)`);
  console.log(`  self:\n${top(self, 8)}`);
  console.log(`  inclusive:\n${top(inclusive, 16)}`);
}
console.log('by step: worst gap; the gap with the most samples of work (about 1 ms each while the thread runs)');
for (const [label, s] of summary) console.log(`  ${label}: worst ${s.worst} ms; most work ${s.work} samples (in a ${s.workGap} ms gap)`);
