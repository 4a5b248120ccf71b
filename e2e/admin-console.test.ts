// The admin console in a real browser (Debian's Chromium) against the real server loaded with the
// hand-computed outcomes data set (src/integration/analytics/outcomes.fixture.yaml): an admin
// signs in, picks the fixture's range and sees exactly the fixture's figures; the language
// toggles; the CSV export downloads the same report; a range without data says so; an agent is
// refused. A second shop (e2e/admin-experiments-shop.ts) runs experiments and has intents in its
// traces: its admin sees each arm's figures, the warnings and the top intents as counted by hand.
// Screenshots of each view go to /tmp/admin-*.png.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type OpenedStore } from '../src/adapters/store/kysely-store.js';
import { createStaff } from '../src/app/staff/accounts.js';
import { buildServer, type XiaoerServer } from '../src/server/build-server.js';
import { loadOutcomesFixture, readOutcomesFixture, type OutcomesFixture } from '../src/testing/outcomes-fixture.js';
import { AB_RANGE, AB_SHOP, EXPECTED_AB, loadExperimentsShop } from './admin-experiments-shop.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const webDir = fileURLToPath(new URL('../dist/web', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/web/admin/index.html', import.meta.url)));
if (!CHROMIUM) console.warn('[xiaoer tests] Chromium not found at /usr/bin/chromium: the admin console browser test is SKIPPED (apt-get install chromium fonts-noto-cjk).');
if (CHROMIUM && !built) throw new Error('the admin console is not built: run `npm run build` (npm test does it first)');

const PASSWORD = 'e2e-admin-password';

/** The fixture's expected figures, as the report sends them (docs/analytics.md). */
interface Expected {
  conversations: number;
  resolution: Record<'confirmed' | 'assumed' | 'abandoned' | 'handed_off' | 'open' | 'durable', number>;
  csat: { count: number; mean: number };
  aov: Record<'ai' | 'human' | 'ai_then_human' | 'no_conversation', number>;
  revenue_attributed: number;
  recommendations: { orders: number; revenue: number };
  handoff_reasons: { reason: string; count: number }[];
  flows: { flow: string; conversations: number; steps: { step: string; conversations: number; orders: number; revenue: number }[] }[];
  gaps: { text: string; count: number; examples: string[] }[];
}
const yuan = (v: number) => `¥${v.toFixed(2)}`;

describe.skipIf(!CHROMIUM)('admin console in Chromium', () => {
  let fixture: OutcomesFixture;
  let expected: Expected;
  let store: OpenedStore;
  let server: XiaoerServer;
  let url: string;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  /** Content-Security-Policy violations reported by the pages (there must be none). */
  const violations: string[] = [];

  beforeAll(async () => {
    fixture = await readOutcomesFixture();
    expected = fixture.expected as unknown as Expected;
    store = await openStore({ kind: 'sqlite', file: ':memory:' });
    const loaded = await loadOutcomesFixture(store, fixture);
    await createStaff(loaded.deps, { shopId: loaded.shopId, username: 'boss', displayName: '店长', role: 'admin', groups: [], password: PASSWORD });
    await createStaff(loaded.deps, { shopId: loaded.shopId, username: 'mei', displayName: '小美', role: 'agent', groups: [], password: PASSWORD });
    await loadExperimentsShop(loaded.deps);
    await createStaff(loaded.deps, { shopId: AB_SHOP, username: 'boss', displayName: '实验店长', role: 'admin', groups: [], password: PASSWORD });
    server = await buildServer(loaded.deps, { webDir, logLevel: 'silent' });
    url = await server.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    admin = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    page = await watched(admin);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.app.close();
    await store?.close();
  });

  async function watched(context: BrowserContext): Promise<Page> {
    const p = await context.newPage();
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      // Chromium logs every failed load as an error: the 401 of asking who is signed in before
      // signing in, and the agent's 403 (asserted below), are expected.
      if (m.type() === 'error' && !/status of 40[13]\b/.test(m.text())) errors.push(`console: ${m.text()}`);
    });
    await p.exposeFunction('reportCspViolation', (v: string) => void violations.push(v));
    await p.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${location.pathname}: ${e.violatedDirective} ${e.blockedURI}`)),
    );
    return p;
  }

  async function signIn(p: Page, username: string, shop = fixture.shop) {
    await expect.poll(() => p.getByTestId('login-submit').textContent(), { timeout: 10_000 }).toContain('登录');
    await p.getByTestId('login-shop').fill(shop);
    await p.getByTestId('login-username').fill(username);
    await p.getByTestId('login-password').fill(PASSWORD);
    await p.getByTestId('login-submit').click();
  }

  /** Waits for the report of `from`..`to` and for every chart on the page to finish drawing. */
  async function reportShown(p: Page, from: string, to: string) {
    await p.locator(`[data-testid="report"][data-from="${from}"][data-to="${to}"][data-loading="false"]`).waitFor({ timeout: 15_000 });
    await expect.poll(async () => {
      const loading = await p.locator('.chart-loading').count();
      const charts = await p.getByTestId('chart').count();
      const drawn = await p.locator('[data-testid="chart"][data-rendered="true"]').count();
      return loading === 0 && charts === drawn;
    }, { timeout: 15_000 }).toBe(true);
  }

  const text = (p: Page, testId: string) => p.getByTestId(testId).innerText();
  /** The rows of a ranked list (handoff reasons, intents): each row's key and its cells' texts. */
  const ranked = (p: Page, testId: string) =>
    p.getByTestId(testId).evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-key'), ...[...li.children].map((c) => (c as HTMLElement).innerText.trim())]));
  /** The texts of each body row of a table inside `box`. */
  const tableRows = (box: ReturnType<Page['getByTestId']>) => box.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim())));

  it('asks an admin to sign in, in Chinese', async () => {
    await page.goto(`${url}/admin/?from=${fixture.range.from}&to=${fixture.range.to}`);
    await expect.poll(() => page.getByTestId('login-submit').textContent(), { timeout: 10_000 }).toContain('登录');
    expect(await page.title()).toBe('小二 · 店铺后台');
    await page.screenshot({ path: '/tmp/admin-login.png' });
    await signIn(page, 'boss');
    await reportShown(page, fixture.range.from, fixture.range.to);
  });

  it('shows the headline figures of the hand-computed data set', async () => {
    expect(await text(page, 'kpi-conversations-value')).toBe(String(expected.conversations));
    expect(await text(page, 'kpi-conversations-value')).toBe('16');
    expect(await text(page, 'kpi-automation-value')).toBe('43.8%');
    expect(await text(page, 'automation-split')).toBe(`确认解决 ${expected.resolution.confirmed} · 推定解决 ${expected.resolution.assumed}`);
    expect(await text(page, 'kpi-handoff-value')).toBe('31.3%');
    expect(await text(page, 'first-response-p50')).toBe('1.1秒');
    expect(await text(page, 'first-response-p99')).toBe('4.2秒');
    expect(await text(page, 'kpi-csat-value')).toBe(`${expected.csat.mean.toFixed(2)}/ 5`);
    expect(await text(page, 'kpi-csat')).toContain(`${expected.csat.count} 条评价`);
    expect(await text(page, 'kpi-revenue-value')).toBe('¥744.00');
    expect(await text(page, 'kpi-revenue-value')).toBe(yuan(expected.revenue_attributed));
    expect(await text(page, 'kpi-repurchase-value')).toBe('40.0%');
    expect(await text(page, 'kpi-recommendations-value')).toBe(yuan(expected.recommendations.revenue));
    expect(await text(page, 'kpi-recommendations')).toContain(`${expected.recommendations.orders} 单`);
    await page.screenshot({ path: '/tmp/admin-dashboard.png', fullPage: true });
    await page.locator('.kpis').screenshot({ path: '/tmp/admin-kpis.png' });
  });

  it('shows the resolution breakdown with durable counted apart', async () => {
    for (const k of ['confirmed', 'assumed', 'abandoned', 'handed_off', 'open', 'durable'] as const) {
      expect(await page.locator(`[data-testid="resolution-${k}"] .legend-value`).innerText()).toBe(String(expected.resolution[k]));
    }
    await page.getByTestId('resolution').screenshot({ path: '/tmp/admin-resolution.png' });
  });

  it('lists the handoff reasons by first reason, most first, with labels for the built-in ones', async () => {
    expect(expected.handoff_reasons).toEqual([{ reason: 'customer_request', count: 4 }, { reason: 'consecutive_fallbacks', count: 1 }]);
    expect(await ranked(page, 'handoff-reason')).toEqual([
      ['customer_request', '顾客要求人工customer_request', '', '4'],
      ['consecutive_fallbacks', 'AI 连续未能回答consecutive_fallbacks', '', '1'],
    ]);
    expect(await page.locator('[data-testid="handoff-reason"] .reason-label').allInnerTexts()).toEqual(['顾客要求人工', 'AI 连续未能回答']);
  });

  it('says the shop has no experiments and where to set them up, and that it has no intents in the range', async () => {
    const none = page.getByTestId('no-experiments');
    expect(await none.innerText()).toContain('未配置实验');
    expect(await none.innerText()).toContain('shop.yaml');
    expect(await none.innerText()).toContain('docs/shop-bundle.md');
    expect(await page.getByTestId('experiments').locator('table').count()).toBe(0);
    expect(await text(page, 'intents')).toContain('暂无数据');
    expect(await page.getByTestId('intent').count()).toBe(0);
    await page.getByTestId('experiments').screenshot({ path: '/tmp/admin-experiments-none.png' });
  });

  it('shows inquiry conversion and AOV by who served, and the AOV of orders without a conversation', async () => {
    const cells = async (row: string) => page.locator(`[data-testid="served-${row}"] td`).allInnerTexts();
    expect(await cells('ai')).toEqual(['AI 独立接待', '12', '9', '5', '55.6%', yuan(expected.aov.ai)]);
    expect(await cells('human')).toEqual(['人工接待', '2', '1', '1', '100.0%', '¥119.00']);
    expect(await cells('ai_then_human')).toEqual(['AI 转人工', '2', '2', '1', '50.0%', yuan(expected.aov.ai_then_human)]);
    expect(await cells('no_conversation')).toEqual(['静默下单', '—', '—', '—', '—', '¥152.33']);
    await page.getByTestId('served-by').screenshot({ path: '/tmp/admin-served-by.png' });
  });

  it('shows each flow funnel with the orders and revenue credited per step', async () => {
    for (const flow of expected.flows) {
      const box = page.getByTestId(`flow-${flow.flow}`);
      expect(await box.getByTestId('flow-entered').innerText()).toBe(`${flow.conversations} 个会话进入`);
      const rows = await box.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText)));
      expect(rows).toEqual(flow.steps.map((s) => [s.step, String(s.conversations), String(s.orders), yuan(s.revenue)]));
    }
    await page.getByTestId('flows').screenshot({ path: '/tmp/admin-flows.png' });
  });

  it('lists the knowledge gaps with their counts and examples', async () => {
    const rows = page.locator('[data-testid="gap"]');
    expect(await rows.count()).toBe(expected.gaps.length);
    for (const [i, gap] of expected.gaps.entries()) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      expect(cells.slice(0, 3)).toEqual([String(i + 1), gap.text, String(gap.count)]);
      expect(await rows.nth(i).locator('.ant-tag').allInnerTexts()).toEqual(gap.examples);
    }
    expect(await text(page, 'gaps')).toContain('能开专票吗？');
    await page.getByTestId('gaps').screenshot({ path: '/tmp/admin-gaps.png' });
  });

  it('exports the same report as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toBe(`analytics-${fixture.shop}-${fixture.range.from}.csv`);
    expect(download.url()).toBe(`${url}/api/v1/admin/shops/${fixture.shop}/analytics.csv?from=${fixture.range.from}&to=${fixture.range.to}`);
    const path = await download.path();
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines[0]).toBe('figure,value');
    expect(lines).toContain(`conversations,${expected.conversations}`);
    expect(lines).toContain('automation_rate,0.4375');
    expect(lines).toContain(`revenue_attributed,${expected.revenue_attributed}`);
  });

  it('switches to English and back', async () => {
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('[data-testid="kpi-conversations"] .kpi-title').innerText()).toBe('Conversations');
    expect(await text(page, 'automation-split')).toBe(`confirmed ${expected.resolution.confirmed} · assumed ${expected.resolution.assumed}`);
    expect(await page.locator('[data-testid="served-no_conversation"] td').first().innerText()).toBe('No conversation');
    expect(await text(page, 'kpi-automation-value')).toBe('43.8%');
    expect(await page.title()).toBe('Xiaoer · Shop console');
    await reportShown(page, fixture.range.from, fixture.range.to);
    await page.screenshot({ path: '/tmp/admin-dashboard-en.png', fullPage: true });
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('[data-testid="kpi-conversations"] .kpi-title').innerText()).toBe('会话数');
  });

  it('loads another range picked in the date picker and keeps it in the address', async () => {
    const picker = page.getByTestId('range-picker');
    const inputs = picker.locator('input');
    expect(await inputs.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([fixture.range.from, fixture.range.to]);
    const asked = page.waitForRequest((r) => r.url().includes('/analytics?from=2026-12-03&to=2026-12-05'));
    await inputs.nth(0).click();
    await inputs.nth(0).fill('2026-12-03');
    await inputs.nth(0).press('Enter');
    await inputs.nth(1).fill('2026-12-05');
    await inputs.nth(1).press('Enter');
    await asked;
    await reportShown(page, '2026-12-03', '2026-12-05');
    expect(new URL(page.url()).search).toBe('?from=2026-12-03&to=2026-12-05');
    expect(Number(await text(page, 'kpi-conversations-value'))).toBeLessThan(expected.conversations);
  });

  it('says "no data" for figures a range without conversations or orders has none of', async () => {
    await page.goto(`${url}/admin/?from=2025-01-01&to=2025-01-31`);
    await reportShown(page, '2025-01-01', '2025-01-31');
    expect(await text(page, 'kpi-conversations-value')).toBe('0');
    for (const id of ['kpi-automation-value', 'kpi-handoff-value', 'first-response-p50', 'kpi-csat-value', 'kpi-repurchase-value']) {
      expect(await text(page, id)).toBe('暂无数据');
    }
    expect(await text(page, 'kpi-revenue-value')).toBe('¥0.00');
    expect(await page.locator('[data-testid="served-ai"] td').allInnerTexts()).toEqual(['AI 独立接待', '0', '0', '0', '暂无数据', '暂无数据']);
    expect(await text(page, 'flows')).toContain('暂无数据');
    expect(await text(page, 'gaps')).toContain('暂无数据');
    expect(await text(page, 'resolution')).toContain('暂无数据');
    expect(await page.getByTestId('chart').count()).toBe(0);
    expect(await text(page, 'served-by')).toContain('暂无数据');
    expect(await text(page, 'intents')).toContain('暂无数据');
    expect(await text(page, 'no-experiments')).toContain('未配置实验');
    await page.screenshot({ path: '/tmp/admin-empty.png', fullPage: true });
  });

  it('refuses an agent: the page says so and the API answers 403', async () => {
    const agent = await watched(await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' }));
    await agent.goto(`${url}/admin/`);
    await signIn(agent, 'mei');
    await agent.getByTestId('forbidden').waitFor({ timeout: 10_000 });
    expect(await text(agent, 'forbidden')).toContain('无权访问');
    expect(await agent.getByTestId('report').count()).toBe(0);
    const status = await agent.evaluate(async (shop) => (await fetch(`/api/v1/admin/shops/${shop}/analytics`)).status, fixture.shop);
    expect(status).toBe(403);
    await agent.screenshot({ path: '/tmp/admin-forbidden.png' });
  });

  describe('a shop running experiments', () => {
    let ab: Page;

    it('signs its admin in and shows its range', async () => {
      ab = await watched(await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' }));
      await ab.goto(`${url}/admin/?from=${AB_RANGE.from}&to=${AB_RANGE.to}`);
      await signIn(ab, 'boss', AB_SHOP);
      await reportShown(ab, AB_RANGE.from, AB_RANGE.to);
      expect(await ab.locator('.shell-header').innerText()).toContain(AB_SHOP);
      await ab.screenshot({ path: '/tmp/admin-experiments-dashboard.png', fullPage: true });
    });

    it('shows each experiment with its arms: exposed, converted, rate and 95% interval, as counted by hand', async () => {
      const boxes = ab.locator('[data-testid^="experiment-"]:not([data-testid="experiment-lift"])');
      expect(await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(EXPECTED_AB.experiments.map((x) => `experiment-${x.id}`));
      expect(await text(ab, 'experiments')).toContain('95% 置信区间');
      const armName = (kind: string, arm: string) => (kind === 'holdout' ? `${arm === 'holdout' ? '对照组' : '实验组'} ${arm}` : arm);
      for (const x of EXPECTED_AB.experiments) {
        const box = ab.getByTestId(`experiment-${x.id}`);
        expect(await box.locator('.experiment-head').innerText()).toContain(x.kind === 'holdout' ? '对照组实验' : '话术 A/B');
        expect(await box.locator('.experiment-head').innerText()).toContain(`流程 ${x.flow}`);
        expect(await tableRows(box)).toEqual(x.arms.map((a) => [armName(x.kind, a.arm), String(a.conversations), String(a.converted), a.rate, a.interval, '']));
      }
    });

    it('warns 样本不足 on the experiments with an arm under 100 exposed conversations, and only on them', async () => {
      for (const x of EXPECTED_AB.experiments) {
        const tag = ab.getByTestId(`experiment-${x.id}`).getByTestId('too-few');
        expect(await tag.count()).toBe(x.too_few ? 1 : 0);
        if (x.too_few) {
          expect(await tag.innerText()).toBe('样本不足');
          expect(await ab.getByTestId(`experiment-${x.id}`).locator('.too-few').innerText()).toContain('不足 100 个曝光会话');
        }
      }
    });

    it("shows a holdout's lift in percentage points, and no lift for script arms", async () => {
      expect(await ab.getByTestId('experiment-sales_lift').getByTestId('experiment-lift').innerText()).toBe(`提升 ${EXPECTED_AB.experiments[1].lift} 个百分点`);
      expect(await ab.getByTestId('experiment-closing_script').getByTestId('experiment-lift').count()).toBe(0);
      expect(await ab.getByTestId('experiment-coupon_offer').getByTestId('experiment-lift').count()).toBe(0);
      await ab.getByTestId('experiments').screenshot({ path: '/tmp/admin-experiments.png' });
    });

    it('ranks the top intents as ids, each answered message once', async () => {
      expect(await ranked(ab, 'intent')).toEqual(EXPECTED_AB.top_intents.map((x, i) => [x.intent, String(i + 1), x.intent, '', String(x.count)]));
      expect(await text(ab, 'intents')).not.toContain('out_of_scope');
      await ab.getByTestId('intents').screenshot({ path: '/tmp/admin-intents.png' });
    });

    it("labels a built-in handoff reason and shows a shop's own reason as its id", async () => {
      expect(await ranked(ab, 'handoff-reason')).toEqual([
        ['angry', '顾客情绪激动angry', '', '1'],
        ['cancel_failed', 'cancel_failed', '', '1'],
      ]);
      expect(EXPECTED_AB.handoff_reasons.map((r) => r.reason)).toEqual(['angry', 'cancel_failed']);
      await ab.getByTestId('resolution').screenshot({ path: '/tmp/admin-handoff-reasons.png' });
    });

    it('says the same in English', async () => {
      await ab.getByTestId('lang-toggle').click();
      await expect.poll(() => ab.getByTestId('too-few').first().innerText()).toBe('Too few yet');
      expect(await ab.getByTestId('experiment-sales_lift').getByTestId('experiment-lift').innerText()).toBe('Lift +50.0 pp');
      expect(await tableRows(ab.getByTestId('experiment-sales_lift'))).toEqual([
        ['Treatment treatment', '6', '3', '50.0%', '18.8%–81.2%', ''],
        ['Holdout holdout', '2', '0', '0.0%', '0.0%–65.8%', ''],
      ]);
      expect(await ab.getByTestId('experiments').locator('thead').first().innerText()).toContain('95% CI');
      expect(await ab.locator('[data-testid="handoff-reason"] .reason-label').first().innerText()).toBe('Angry shopper');
      expect(await text(ab, 'intents')).toContain('Top intents');
      await reportShown(ab, AB_RANGE.from, AB_RANGE.to);
      await ab.getByTestId('experiments').screenshot({ path: '/tmp/admin-experiments-en.png' });
      await ab.getByTestId('lang-toggle').click();
      await expect.poll(() => ab.getByTestId('too-few').first().innerText()).toBe('样本不足');
    });

    it('shows the experiments with nothing exposed in a range without conversations', async () => {
      await ab.goto(`${url}/admin/?from=2025-01-01&to=2025-01-31`);
      await reportShown(ab, '2025-01-01', '2025-01-31');
      expect(await tableRows(ab.getByTestId('experiment-closing_script'))).toEqual([
        ['A', '0', '0', '暂无数据', '暂无数据', ''],
        ['B', '0', '0', '暂无数据', '暂无数据', ''],
      ]);
      expect(await ab.getByTestId('experiment-sales_lift').getByTestId('experiment-lift').innerText()).toBe('提升 暂无数据');
      expect(await ab.getByTestId('too-few').count()).toBe(3);
    });
  });

  it('ran without page errors and without a Content-Security-Policy violation', () => {
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
  });
});
