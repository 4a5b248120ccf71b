// Two nodes' locks over one PostgreSQL: turns of one conversation never overlap and run in the
// order they asked; other conversations run alongside.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresLock, type DistributedLock } from './conversation-lock.js';

const url = process.env['DATABASE_URL'] || undefined;
if (!url) console.warn('[xiaoer tests] DATABASE_URL is not set: the PostgreSQL conversation lock suite is SKIPPED.');

describe.skipIf(!url)('PostgreSQL conversation lock', () => {
  const locks: DistributedLock[] = [];
  afterAll(async () => {
    for (const l of locks) await l.close();
  });
  const open = async () => {
    const l = await createPostgresLock(url ?? '', { size: 4, waitMs: 5_000 });
    locks.push(l);
    return l;
  };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('serialises one key across two nodes, in the order they asked, and lets other keys through', async () => {
    const [a, b] = [await open(), await open()];
    const key = `conv-${randomBytes(4).toString('hex')}`;
    const log: string[] = [];
    let inside = 0;
    let overlap = false;
    const turn = (lock: DistributedLock, name: string, ms: number) =>
      lock.run(key, async () => {
        if (++inside > 1) overlap = true;
        log.push(`${name}>`);
        await pause(ms);
        log.push(`<${name}`);
        inside--;
        return name;
      });
    const first = turn(a, 'a1', 150);
    await pause(40);
    const second = turn(b, 'b1', 10);
    await pause(40);
    const third = turn(a, 'a2', 10);
    // Another conversation is not held up by the first one's long turn.
    const other = await b.run(`${key}-other`, async () => log.length);
    expect(other).toBe(1);
    expect(await Promise.all([first, second, third])).toEqual(['a1', 'b1', 'a2']);
    expect(overlap).toBe(false);
    expect(log).toEqual(['a1>', '<a1', 'b1>', '<b1', 'a2>', '<a2']);
  });

  it('releases the lock when the turn fails, and passes the error on', async () => {
    const [a, b] = [await open(), await open()];
    const key = `conv-${randomBytes(4).toString('hex')}`;
    await expect(a.run(key, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await b.run(key, async () => 'next')).toBe('next');
  });
});
