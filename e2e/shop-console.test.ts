// The shop console (issue 22) in a real browser (Debian's Chromium) against the real server on a
// small shop: an admin writes a knowledge entry from a knowledge gap's question, meets another
// admin's newer version of an entry, edits a SKU's price in yuan, writes a flow in the YAML editor
// (problems at their line as typed, the diagram, the simulator), tries a sentence on the draft and
// the live release, publishes and rolls back, and finds it all in the audit log; the header's
// indicator follows the draft; a shopper in the chat widget gets the published answer, and the old
// one again after the rollback. Screenshots of every page go to test-results/console/*.png.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importShop } from '../src/app/shops/import-shop.js';
import { publishShop } from '../src/app/shops/publish-shop.js';
import { createStaff } from '../src/app/staff/accounts.js';
import { tinyBundle } from '../src/core/testing/fixtures.js';
import { buildServer, type XiaoerServer } from '../src/server/build-server.js';
import { appHarness } from '../src/testing/app-harness.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const webDir = fileURLToPath(new URL('../dist/web', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/web/admin/index.html', import.meta.url)));
if (!CHROMIUM) console.warn('[xiaoer tests] Chromium not found at /usr/bin/chromium: the shop console browser test is SKIPPED (apt-get install chromium fonts-noto-cjk).');
if (CHROMIUM && !built) throw new Error('the admin console is not built: run `npm run build` (npm test does it first)');

const PASSWORD = 'e2e-console-password';
/** Where the screenshots are kept (the test output; ignored by git). */
const SHOTS = fileURLToPath(new URL('../test-results/console/', import.meta.url));
const shot = (name: string) => `${SHOTS}${name}.png`;
const SHIPPING_CASE = JSON.stringify({ id: 'ship', turns: [{ user: '什么时候发货', expect: { faq: 'shipping-time', answer_contains: ['48小时'] } }] });
const GIFT_QUESTION = '可以包装成礼物吗？';

describe.skipIf(!CHROMIUM)('shop console in Chromium', () => {
  let server: XiaoerServer;
  let closeSandbox: () => Promise<void>;
  let url: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const violations: string[] = [];
  /** Refusals a step provokes on purpose (a conflict, a publish to confirm): not errors. */
  const expected: RegExp[] = [/status of 40[13]\b/];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const h = await appHarness();
    await importShop(h.deps, tinyBundle(), undefined, undefined, { tests: [{ file: 'faq.jsonl', text: SHIPPING_CASE + '\n' }] });
    await publishShop(h.deps, 'tiny');
    await createStaff(h.deps, { shopId: 'tiny', username: 'boss', displayName: '店长', role: 'admin', groups: [], password: PASSWORD });
    await createStaff(h.deps, { shopId: 'tiny', username: 'wang', displayName: '运营小王', role: 'admin', groups: [], password: PASSWORD });
    server = await buildServer(h.deps, { webDir, logLevel: 'silent' });
    closeSandbox = () => h.deps.sandbox.close();
    url = await server.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await signedIn('boss');
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.app.close();
    await closeSandbox?.();
  });

  async function signedIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const p = await context.newPage();
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error' && !expected.some((x) => x.test(m.text()))) errors.push(`console: ${m.text()}`);
    });
    await p.exposeFunction('reportCspViolation', (v: string) => void violations.push(v));
    await p.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`)),
    );
    await p.goto(`${url}/admin/#/faq`);
    await p.getByTestId('login-username').fill(username);
    await p.getByTestId('login-password').fill(PASSWORD);
    await p.getByTestId('login-shop').fill('tiny');
    await p.getByTestId('login-submit').click();
    await p.getByTestId('draft-indicator').waitFor({ timeout: 15_000 });
    return p;
  }

  /** What a new shopper in the chat widget is answered to `text`. */
  async function shopperAsks(text: string, screenshot?: string): Promise<string> {
    const context = await browser.newContext({ viewport: { width: 420, height: 760 }, locale: 'zh-CN' });
    const w = await context.newPage();
    w.on('pageerror', (e) => errors.push(`widget pageerror: ${e.message}`));
    await w.goto(`${url}/?shop=tiny`);
    // The demo page's chat is widget.js: open its launcher (its Shadow DOM is pierced by the CSS locators).
    await w.locator('.launcher').click();
    await w.locator('.msg.bot').first().waitFor({ timeout: 15_000 });
    const before = await w.locator('.msg.bot').count();
    await w.fill('.composer input', text);
    await w.press('.composer input', 'Enter');
    await w.locator('.msg.bot').nth(before).waitFor({ timeout: 15_000 });
    const answer = (await w.locator('.msg.bot').allInnerTexts()).slice(before).join('\n');
    if (screenshot) await w.screenshot({ path: shot(screenshot) });
    await context.close();
    return answer;
  }

  const draftCount = (p: Page) => p.getByTestId('draft-indicator').getAttribute('data-count');
  const api = <T>(p: Page, path: string) => p.evaluate(async (u) => (await fetch(u)).json(), `/api/v1/admin/shops/tiny${path}`) as Promise<T>;

  it('opens on the menu of pages with nothing unpublished', async () => {
    expect(await page.locator('[data-testid^="nav-"]').allInnerTexts()).toEqual(['看板', '知识库', '商品', '流程', '试一句', '发布', '团队', '设置', '审计']);
    expect(await draftCount(page)).toBe('0');
    expect(await page.title()).toBe('小二 · 店铺后台');
    await page.getByTestId('faq-row').first().waitFor();
    await page.screenshot({ path: shot('faq') });
  });

  it("writes a new entry from a knowledge gap's question, with a suggested id", async () => {
    await page.goto(`${url}/admin/#/faq?draft=${encodeURIComponent(GIFT_QUESTION)}`);
    await page.getByTestId('faq-from-gap').waitFor();
    expect(await page.getByTestId('faq-question').inputValue()).toBe(GIFT_QUESTION);
    expect(await page.getByTestId('faq-id').inputValue()).toMatch(/^faq-[0-9a-f]{8}$/);
    await page.getByTestId('faq-id').fill('gift-wrap');
    await page.getByTestId('faq-answer').fill('可以，下单时备注“礼盒”即可免费包装。');
    await page.getByTestId('faq-save').click();
    await page.locator('[data-testid="faq-row"][data-id="gift-wrap"]').waitFor();
    expect(new URL(page.url()).hash).toBe('#/faq');
    await expect.poll(() => draftCount(page)).toBe('1');
  });

  it("refuses a second entry under a taken id instead of replacing it", async () => {
    await page.goto(`${url}/admin/#/faq?new=1`);
    expected.push(/status of 409\b/);
    await page.getByTestId('faq-id').fill('gift-wrap');
    await page.getByTestId('faq-question').fill('别的问题');
    await page.getByTestId('faq-answer').fill('别的答案');
    await page.getByTestId('faq-save').click();
    await page.getByText('ID gift-wrap 已存在').waitFor();
    expect((await api<{ answer: string }>(page, '/faq/gift-wrap')).answer).toBe('可以，下单时备注“礼盒”即可免费包装。');
    await page.goto(`${url}/admin/#/faq`);
  });

  it("tells an editor that another admin saved first, shows the newer version, and keeps theirs at hand", async () => {
    await page.goto(`${url}/admin/#/faq?id=shipping-time`);
    await page.getByTestId('faq-version').waitFor();
    const wang = await signedIn('wang');
    await wang.goto(`${url}/admin/#/faq?id=shipping-time`);
    await wang.getByTestId('faq-version').waitFor();
    await wang.getByTestId('faq-answer').fill('小王的答案：48小时内发货');
    await wang.getByTestId('faq-save').click();
    await wang.getByTestId('faq-editor').waitFor({ state: 'detached' });

    await page.getByTestId('faq-answer').fill('店长的答案');
    await page.getByTestId('faq-save').click();
    await page.getByTestId('conflict-notice').waitFor();
    // The API names who saved by username.
    expect(await page.getByTestId('conflict-notice').innerText()).toContain('wang');
    await page.screenshot({ path: shot('conflict') });
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('faq-answer').inputValue()).toBe('小王的答案：48小时内发货');
    await page.getByTestId('faq-restore-mine').click();
    expect(await page.getByTestId('faq-answer').inputValue()).toBe('店长的答案');
    expect((await api<{ answer: string }>(page, '/faq/shipping-time')).answer).toBe('小王的答案：48小时内发货');
    await wang.context().close();
    await page.goto(`${url}/admin/#/faq`);
  });

  it('edits a SKU price in yuan and sends it in fen with the product version', async () => {
    await page.goto(`${url}/admin/#/products`);
    await page.locator('[data-testid="product-row"][data-id="cotton-tee"] .ant-table-row-expand-icon').click();
    const price = page.locator('[data-testid="sku-row"][data-sku="TEE-WHT-M"] input').first();
    expect(await price.inputValue()).toBe('69.00');
    const before = await api<{ version: number }>(page, '/products/cotton-tee');
    const patched = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith('/products/cotton-tee/variants/TEE-WHT-M'));
    await price.fill('59.9');
    await price.press('Enter');
    const request = await patched;
    expect(request.postDataJSON()).toEqual({ priceMinor: 5990 });
    expect(request.headers()['if-match']).toBe(`"${before.version}"`);
    await expect.poll(async () => (await api<{ variants: { sku: string; priceMinor: number }[] }>(page, '/products/cotton-tee')).variants.find((v) => v.sku === 'TEE-WHT-M')?.priceMinor).toBe(5990);
    await page.screenshot({ path: shot('products') });
  });

  it('imports products from a CSV: a preview first, then the saved rows in the list', async () => {
    await page.getByTestId('product-import').click();
    const csv = 'product_id,title,category,sku,spec,price,stock,材质\ngift-box,礼盒,配件,BOX-S,小号,19.9,100,牛皮纸\ngift-box,,,BOX-L,大号,29.9,50,\n';
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-dry-run').click();
    await page.locator('[data-testid="import-preview"][data-saved="false"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('import-preview').innerText()).toContain('BOX-S ¥19.90 ×100');
    await page.screenshot({ path: shot('products-import') });
    await page.getByTestId('import-save').click();
    await page.locator('[data-testid="import-preview"][data-saved="true"]').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="product-row"][data-id="gift-box"]').waitFor({ timeout: 15_000 });
  });

  it('writes a flow in the YAML editor: problems at their line as typed, a diagram, then saved', async () => {
    await page.goto(`${url}/admin/#/flows?new=gift_flow`);
    await page.locator('[data-testid="flow-validity"][data-state="valid"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="flow-diagram"][data-nodes="2"]').waitFor();
    await page.locator('[data-testid="flow-editor"] .cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n  - id: more\n    say: nowhere\n');
    await page.locator('[data-testid="flow-validity"][data-state="invalid"]').waitFor({ timeout: 15_000 });
    const problem = page.getByTestId('flow-problem').first();
    expect(Number(await problem.getAttribute('data-line'))).toBeGreaterThan(10);
    await page.locator('[data-testid="flow-editor"] .cm-lintRange-error').first().waitFor();
    expect(await page.getByTestId('flow-save').isDisabled()).toBe(true);
    await page.screenshot({ path: shot('flow-error') });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
    await page.locator('[data-testid="flow-validity"][data-state="valid"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('flow-save').click();
    await page.locator('[data-testid="flow-item"][data-id="gift_flow"]').waitFor();
    expect(new URL(page.url()).hash).toBe('#/flows?id=gift_flow');
  });

  it('simulates a conversation with the saved draft, each reply with its trace', async () => {
    await page.getByRole('tab', { name: '模拟器' }).click();
    await page.getByTestId('sim-input').fill('gift_flow');
    await page.getByTestId('sim-send').click();
    await expect.poll(() => page.getByTestId('sim-turn').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('sim-log').innerText()).toContain('gift_flow');
    await page.screenshot({ path: shot('simulator') });
  });

  it('tries a sentence on the draft and on the live release side by side', async () => {
    await page.getByTestId('nav-try').click();
    await page.getByTestId('try-input').fill(GIFT_QUESTION);
    await page.getByTestId('try-submit').click();
    await page.locator('[data-testid="try-draft"] [data-testid="reply"]').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('try-draft').getByTestId('reply-faq').first().innerText()).toBe('gift-wrap');
    expect(await page.getByTestId('try-live').getByTestId('reply-faq').allInnerTexts()).not.toContain('gift-wrap');
    await page.screenshot({ path: shot('try') });
  });

  it('publishes the draft after its tests, confirming new failures if any', async () => {
    await page.getByTestId('header-publish').click();
    await page.getByTestId('release-row').first().waitFor();
    expect(await page.getByTestId('draft-changes').innerText()).toContain('gift-wrap');
    await page.getByTestId('publish-check').click();
    await page.getByTestId('tests-summary').waitFor({ timeout: 60_000 });
    await page.getByTestId('publish-note').fill('礼盒包装');
    await page.getByTestId('publish-submit').click();
    const confirm = page.getByTestId('publish-confirm');
    const published = page.getByText('已发布版本');
    await Promise.race([confirm.waitFor({ timeout: 60_000 }), published.waitFor({ timeout: 60_000 })]);
    if (await confirm.isVisible()) await confirm.click();
    await published.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('release-row').count()).toBe(2);
    expect(await page.getByTestId('release-row').first().getAttribute('data-current')).toBe('true');
    await expect.poll(() => draftCount(page)).toBe('0');
    await page.screenshot({ path: shot('publish'), fullPage: true });
    expect(await shopperAsks(GIFT_QUESTION, 'widget-after-publish')).toContain('礼盒');
  });

  it('shows what a release changed and rolls back to it after a confirmation', async () => {
    const older = page.locator('[data-testid="release-row"][data-current="false"]');
    const id = await older.getAttribute('data-release');
    await older.getByTestId('release-diff').click();
    await page.getByTestId('release-changes').waitFor();
    expect(await page.getByTestId('release-changes').innerText()).toContain('gift-wrap');
    await page.keyboard.press('Escape');
    await older.getByTestId('release-rollback').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await page.getByText(`已回滚到 ${id}`).waitFor();
    await expect.poll(() => page.locator(`[data-testid="release-row"][data-release="${id}"]`).getAttribute('data-current')).toBe('true');
    await page.screenshot({ path: shot('rollback'), fullPage: true });
    expect(await shopperAsks(GIFT_QUESTION, 'widget-after-rollback')).not.toContain('礼盒');
  });

  it('finds every change in the audit log', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-row').first().waitFor();
    const actions = await page.locator('[data-testid="audit-row"] td:nth-child(3)').allInnerTexts();
    for (const a of ['保存知识条目', '修改 SKU', '保存流程', '发布', '回滚']) expect(actions).toContain(a);
    await page.screenshot({ path: shot('audit') });
  });

  it('keeps the page in the address across a reload, and speaks English on toggle', async () => {
    await page.goto(`${url}/admin/#/team`);
    await page.reload();
    await page.getByTestId('staff-row').first().waitFor();
    await page.screenshot({ path: shot('team') });
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-form').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 15_000 }).toBe(0);
    await page.screenshot({ path: shot('settings'), fullPage: true });
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('page-dashboard').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: shot('dashboard') });
    await page.goto(`${url}/admin/#/team`);
    await page.getByTestId('staff-row').first().waitFor();
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('nav-team').innerText()).toBe('Team');
    await page.screenshot({ path: shot('team-en') });
    expect(await page.getByTestId('draft-indicator').innerText()).toMatch(/unpublished change|No unpublished changes/);
    await page.getByTestId('lang-toggle').click();
  });

  it('ran without page errors and without a Content-Security-Policy violation', () => {
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
  });
});
