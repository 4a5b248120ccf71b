// Starting on a data directory that cannot be written, or without its database, ends the process
// with one clear line and a non-zero status, not a stack trace. Tests run as root here, where permission bits stop nothing:
// the directories below fail for root too (a path through a regular file is ENOTDIR; procfs does
// not let anyone create folders).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/server/main.js', import.meta.url));
if (!existsSync(main)) throw new Error('the server is not built: run `npm run build` (npm test does it first)');

/** Runs the built server with XIAOER_DATA_DIR=dir until it exits (or is killed after 30 s). */
function start(dir: string, more: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env['PATH'], XIAOER_DATA_DIR: dir, XIAOER_DEMO_SHOP: 'none', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...more };
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('start-up on an unwritable data directory', () => {
  const cases: [string, () => Promise<string>][] = [
    [
      'a path through a regular file',
      async () => {
        const file = join(await mkdtemp(join(tmpdir(), 'xiaoer-start-')), 'not-a-folder');
        await writeFile(file, 'x');
        return join(file, 'data');
      },
    ],
  ];
  if (existsSync('/proc/self/status')) cases.push(['a folder under /proc', async () => '/proc/self/xiaoer-data']);

  for (const [name, dir] of cases) {
    it(`prints one line naming the directory and XIAOER_DATA_DIR, and exits non-zero: ${name}`, async () => {
      const d = await dir();
      const r = await start(d);
      expect(r.code).not.toBe(0);
      expect(r.code).not.toBeNull();
      const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
      expect(lines).toEqual([expect.stringContaining(`xiaoer: cannot start: the data directory ${d} cannot be created or written`)]);
      expect(lines[0]).toContain('XIAOER_DATA_DIR');
      expect(r.stdout).toBe('');
    }, 40_000);
  }
});

describe('start-up without its database', () => {
  it('prints one line saying the database cannot be reached, and exits non-zero', async () => {
    // A port nothing listens on: connecting is refused at once.
    const r = await start(await mkdtemp(join(tmpdir(), 'xiaoer-start-')), { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/xiaoer' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.trim() !== '')).toEqual(['xiaoer: cannot start: the database cannot be reached (ECONNREFUSED): start it, or check DATABASE_URL']);
  }, 40_000);
});
