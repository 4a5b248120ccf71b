// The purity rule itself under test, so it cannot silently stop flagging anything.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkSource } from './check-core-purity.js';

const lines = (text: string) => checkSource('x.ts', text).map((f) => f.line);

describe('check-core-purity', () => {
  it.each([
    ['Date.now()', 'const t = Date.now();'],
    ['Date.now passed along', 'const clock = { now: Date.now };'],
    ["Date['now']()", "const t = Date['now']();"],
    ['globalThis.Date.now()', 'const t = globalThis.Date.now();'],
    ['new Date()', 'const d = new Date();'],
    ['new Date without parentheses', 'const d = new Date;'],
    ['new globalThis.Date()', 'const d = new globalThis.Date();'],
    ['Date() as a function', 'const s = Date();'],
    ['Math.random()', 'const r = Math.random();'],
    ['Math.random passed along', 'const pick = [1, 2].sort(Math.random);'],
    ['globalThis.Math.random()', 'const r = globalThis.Math.random();'],
    ['import()', "const m = await import('@node-rs/jieba');"],
    ['require()', "const m = require('fs');"],
  ])('flags %s', (_name, code) => {
    expect(lines(code)).toEqual([1]);
  });

  it.each([
    ['new Date(now)', 'const d = new Date(now);'],
    ['new Date(y, m, d)', 'const d = new Date(2026, 10, 25);'],
    ['Date.parse(x)', 'const t = Date.parse(x);'],
    ['Date.UTC(…)', 'const t = Date.UTC(2026, 10, 25);'],
    ['a seeded generator', 'const random = mulberry32(5); const r = random();'],
    ['a now() of our own', 'const t = clock.now(); const u = input.now;'],
    ['Math.max', 'const m = Math.max(1, 2);'],
    ['words in strings and comments', "// Date.now() and Math.random() are banned\nconst s = 'new Date()';"],
    ['type positions', 'let d: Date; type T = typeof Date.now;'],
  ])('passes %s', (_name, code) => {
    expect(checkSource('x.ts', code)).toEqual([]);
  });

  it('reports file, line and a message for each finding', () => {
    const found = checkSource('src/core/x.ts', 'const a = 1;\nconst t = Date.now();\n\nconst r = Math.random() + Math.random();\n');
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(['src/core/x.ts:2', 'src/core/x.ts:4', 'src/core/x.ts:4']);
    expect(found[0]?.message).toMatch(/Date\.now/);
    expect(found[1]?.message).toMatch(/Math\.random/);
  });

  it('prints file:line: message and exits 1 on a finding, and exits 0 on clean code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'purity-'));
    await mkdir(join(dir, 'clean'));
    await mkdir(join(dir, 'dirty'));
    await writeFile(join(dir, 'clean', 'ok.ts'), 'export const at = (now: string) => new Date(now);\n');
    await writeFile(join(dir, 'dirty', 'bad.ts'), 'export const at = () =>\n  new Date();\n');
    const script = fileURLToPath(new URL('./check-core-purity.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const run = promisify(execFile);
    await expect(run(process.execPath, [tsx, script, join(dir, 'clean')], { cwd: dir })).resolves.toMatchObject({ stdout: '' });
    const failed = await run(process.execPath, [tsx, script, join(dir, 'dirty')], { cwd: dir }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 1, stdout: expect.stringMatching(/^dirty\/bad\.ts:2: new Date\(\) without arguments/) });
  }, 60_000);
});
