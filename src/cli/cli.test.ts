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
});
