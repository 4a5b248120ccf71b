import { describe, expect, it } from 'vitest';
import { importProgress } from './import-progress.js';

function fakeStream(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream };
}

describe('the import progress bar', () => {
  it('shows a large import step by step, never going back', () => {
    const { out, stream } = fakeStream(false);
    const p = importProgress(stream);
    p.read({ kind: 'read', file: 'products.csv', bytes: 9_000_000 });
    p.read({ kind: 'parsed', file: 'products.csv', rows: 51_700 });
    p.read({ kind: 'read', file: 'faq.csv', bytes: 11_000 });
    p.read({ kind: 'checking' });
    p.storing(24_200, 51);
    p.done();
    expect(out).toHaveLength(5);
    expect(out[1]).toContain('products.csv: 51,700 rows');
    const percents = out.map((l) => Number(/(\d+)%/.exec(l)?.[1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(out[4]).toContain('storing 24,200 products and 51 FAQ entries');
  });

  it('stays silent for a small shop, and redraws in place on a terminal', () => {
    const small = fakeStream(false);
    const p = importProgress(small.stream);
    p.read({ kind: 'read', file: 'products.csv', bytes: 5_000 });
    p.read({ kind: 'checking' });
    p.done();
    expect(small.out).toEqual([]);
    const tty = fakeStream(true);
    const q = importProgress(tty.stream);
    q.read({ kind: 'read', file: 'products.csv', bytes: 1_000_000 });
    q.done();
    expect(tty.out.every((l) => l.startsWith('\r'))).toBe(true);
  });
});
