// Shared by the benchmark scripts: percentiles, and the sections of docs/benchmarks.md each
// script owns (between <!-- name:start --> and <!-- name:end --> markers).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The p-quantile (0..1) of ascending numbers. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function marker(name: string): RegExp {
  return new RegExp(`<!-- ${name}:start[\\s\\S]*?<!-- ${name}:end -->`);
}

/** The marked section `name` of a file as it stands, if there is one. */
export function readSection(file: string, name: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8').match(marker(name))?.[0] : undefined;
}

/** Replaces the marked section `name` of `file` (or appends it) with `section`, markers included. */
export function writeSection(file: string, name: string, section: string): void {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const re = marker(name);
  writeFileSync(file, re.test(before) ? before.replace(re, section) : before.trimEnd() + '\n\n' + section + '\n');
}
