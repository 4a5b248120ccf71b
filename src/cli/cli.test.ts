// The built `xiaoer` command as a shop owner runs it (npm test builds dist/ first).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/xiaoer.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
const demo = fileURLToPath(new URL('../../shops/demo-zh', import.meta.url));

function xiaoer(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, XIAOER_DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!built)('xiaoer command', () => {
  let dataDir: string;
  let bundle: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'xiaoer-cli-data-'));
    bundle = await mkdtemp(join(tmpdir(), 'xiaoer-cli-bundle-'));
    await cp(demo, bundle, { recursive: true });
  });

  it('refuses an invalid bundle with file:line and stores nothing', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'xiaoer-cli-broken-'));
    await cp(demo, broken, { recursive: true });
    const file = join(broken, 'catalog/baby.yaml');
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => /stock: \d+/.test(l));
    lines[at] = (lines[at] ?? '').replace(/stock: \d+/, 'stock: lots');
    await writeFile(file, lines.join('\n'));
    const r = await xiaoer(['shop', 'import', broken], dataDir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`catalog/baby.yaml:${at + 1}: `);
    expect(r.stderr).toContain('nothing was imported');
    const releases = await xiaoer(['shop', 'releases', 'demo-zh'], dataDir);
    expect(releases.stderr).toContain('has not been imported');
  });

  it('imports, publishes and lists releases; publishing again changes nothing', async () => {
    const imported = await xiaoer(['shop', 'import', bundle], dataDir);
    expect(imported.stdout).toMatch(/imported demo-zh: \d+ products, \d+ FAQ entries/);
    const published = await xiaoer(['shop', 'publish', 'demo-zh'], dataDir);
    const id = published.stdout.match(/rel-[0-9a-f]{16}/)?.[0];
    expect(published.stdout).toContain('published new release');
    const again = await xiaoer(['shop', 'publish', 'demo-zh'], dataDir);
    expect(again.stdout).toContain(`unchanged, current release is ${id}`);
    const list = await xiaoer(['shop', 'releases', 'demo-zh'], dataDir);
    expect(list.stdout.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^\\* ${id} `))]);
  });

  it('scores evaluation cases as JSON', async () => {
    const cases = join(bundle, 'tests/mini.jsonl');
    await writeFile(
      cases,
      [
        JSON.stringify({ id: 'a', turns: [{ user: '下单后多久发货？', expect: { faq: 'shipping-time' } }] }),
        JSON.stringify({ id: 'b', turns: [{ user: '明天北京下雨吗', expect: { faq: null } }] }),
      ].join('\n'),
    );
    const r = await xiaoer(['eval', '--shop', bundle, '--cases', cases, '--json'], dataDir);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ cases: 2, turns: 2, metrics: { faq_accuracy: 1 } });
    const bad = await xiaoer(['eval', '--shop', bundle, '--cases', join(bundle, 'shop.yaml')], dataDir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/shop\.yaml:1: not valid JSON/);
  });

  it('imports orders from a CSV (seller-centre local times in the shop zone, bad rows by line, a second import changes nothing) and prints the outcome figures as JSON', async () => {
    const file = join(bundle, 'orders.csv');
    await writeFile(
      file,
      [
        '订单号,会员ID,手机号,实付金额,下单时间,付款时间,商品编码',
        'X-1,guest-1,,100.00,2026-11-02T10:00:00+08:00,2026-11-02T10:01:00+08:00,',
        'X-2,guest-2,,50.50,2026-11-03 10:00:00,2026-11-03 10:05,',
        'X-3,guest-3,,lots,2026-11-03T10:00:00+08:00,,',
        'X-4,guest-4,,10.00,03/11/2026 10:00,,',
      ].join('\n'),
    );
    const first = await xiaoer(['orders', 'import', 'demo-zh', file], dataDir);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('orders.csv: line 4: total: expected an amount such as 199.00');
    expect(first.stderr).toContain('orders.csv: line 5: placed_at: expected a time such as 2026-12-01 10:00:00 (Asia/Shanghai)');
    expect(first.stdout).toContain('demo-zh: 4 rows, 2 recorded, 0 already known, 2 refused');
    const again = await xiaoer(['orders', 'import', 'demo-zh', file], dataDir);
    expect(again.stdout).toContain('4 rows, 0 recorded, 2 already known');
    const r = await xiaoer(['analytics', 'demo-zh', '--from', '2026-11-01', '--to', '2026-11-30', '--json'], dataDir);
    expect(r.code).toBe(0);
    // Two paid orders of nobody we know: no conversation, mean (100.00 + 50.50) / 2.
    expect(JSON.parse(r.stdout)).toMatchObject({ conversations: 0, aov: { no_conversation: 75.25 }, revenue_attributed: 0 });
    const text = await xiaoer(['analytics', 'demo-zh', '--from', '2026-11-01', '--to', '2026-11-30'], dataDir);
    expect(text.stdout).toContain('no conversation ¥75.25');
    const bad = await xiaoer(['analytics', 'demo-zh', '--from', '2026-11-31'], dataDir);
    expect([bad.code, bad.stderr.trim()]).toEqual([1, 'xiaoer: XIAOER_INVALID_DATE_RANGE: expected a date as YYYY-MM-DD, got "2026-11-31"']);
  });
});
