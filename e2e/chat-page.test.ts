// The demo product page in a real browser (Debian's Chromium through playwright-core) against the
// real server and demo shop: the page shows the shop's product and carries the chat the way any
// storefront does, with /widget.js; a shopper opens the launcher, types Chinese questions and sees
// answers from the shop's data. The widget renders in an open Shadow DOM, which Playwright's CSS
// locators pierce.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askWidget } from './widget.js';
import { readBundleDir } from '../src/adapters/bundle/read-bundle-dir.js';
import { parseConfig } from '../src/server/config.js';
import { startServer } from '../src/server/main.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const demoDir = fileURLToPath(new URL('../shops/demo-zh', import.meta.url));
const webBuilt = existsSync(fileURLToPath(new URL('../dist/web/widget/index.html', import.meta.url)));
const embedBuilt = existsSync(fileURLToPath(new URL('../dist/web/embed/widget.js', import.meta.url)));
if (!CHROMIUM) console.warn('[xiaoer tests] Chromium not found at /usr/bin/chromium: browser tests are SKIPPED (apt-get install chromium fonts-noto-cjk).');
if (CHROMIUM && !(webBuilt && embedBuilt)) throw new Error('the demo page or widget.js is not built: run `npm run build` (npm test does it first)');

/** Where the widget keeps this browser's conversation with the demo shop (web/embed/src/chat.ts). */
const heldKey = (who: string) => `xiaoer:embed:v1:demo-zh:${who}`;

describe.skipIf(!CHROMIUM)('demo product page with widget.js in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let page: Page;
  const dialogs: string[] = [];
  /** Content-Security-Policy violations reported by the pages (there must be none). */
  const violations: string[] = [];
  let pageCsp = '';

  beforeAll(async () => {
    const cfg = parseConfig({ PORT: '0', HOST: '127.0.0.1', XIAOER_DATA_DIR: await mkdtemp(join(tmpdir(), 'xiaoer-e2e-')), LOG_LEVEL: 'warn', XIAOER_DEMO_SHOP: demoDir });
    if (!cfg.ok) throw new Error(cfg.problems.join('\n'));
    server = await startServer(cfg.config);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await watchCsp(page);
    pageCsp = (await page.goto(`${server.url}/?product=baby-bodysuit-longsleeve`))?.headers()['content-security-policy'] ?? '';
  });

  /** Opens the widget's panel with its launcher (the chat loads on first open) and waits for the greeting. */
  async function openChat(p: Page): Promise<void> {
    await p.locator('.launcher').click();
    await p.locator('.panel').waitFor({ state: 'visible' });
    await p.locator('.msg.bot').first().waitFor({ timeout: 10_000 });
  }

  async function watchCsp(p: Page) {
    await p.exposeFunction('reportCspViolation', (v: string) => void violations.push(v));
    await p.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${location.pathname}: ${e.violatedDirective} ${e.blockedURI}`)),
    );
  }
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const ask = (text: string) => askWidget(page, text);

  it('shows the product page, includes /widget.js for its shop and product, and greets the shopper in Chinese', async () => {
    await expect.poll(() => page.locator('.product .name').textContent()).toBe('婴儿纯棉长袖连体衣');
    const tag = page.locator('script[src="/widget.js"]');
    expect([await tag.getAttribute('data-shop'), await tag.getAttribute('data-product'), await tag.getAttribute('data-debug')]).toEqual(['demo-zh', 'baby-bodysuit-longsleeve', null]);
    await page.locator('.launcher').waitFor({ timeout: 10_000 });
    expect(await page.locator('.launcher').getAttribute('aria-label')).toBe('打开在线客服');
    await openChat(page);
    expect(await page.locator('.msg.bot .bubble').first().textContent()).toContain('欢迎光临棉芽');
    // The widget's card is the page's product, from the same catalog.
    await expect.poll(() => page.locator('.card .name').textContent()).toBe('婴儿纯棉长袖连体衣');
  });

  it('answers a stock question about the product on the page from catalog data, without showing the shopper its trace', async () => {
    const read = await readBundleDir(demoDir);
    if (!read.ok) throw new Error(read.errors.join('\n'));
    const variant = read.bundle.products.find((p) => p.id === 'baby-bodysuit-longsleeve')?.variants.find((v) => v.options['size'] === '80' && v.options['color'] === '白色');
    const answer = await ask('这款白色80码还有货吗');
    expect(answer).toContain(`白色/80：有货（库存 ${variant?.stock} 件）`);
    // Traces (依据 …) are for staff: a shopper sees none.
    expect(await page.locator('.msg .trace').count()).toBe(0);
  });

  it('shows each reply\'s trace with ?debug=1 (passed to the widget as data-debug)', async () => {
    const debug = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    await debug.goto(`${server.url}/?product=baby-bodysuit-longsleeve&debug=1`);
    expect(await debug.locator('script[src="/widget.js"]').getAttribute('data-debug')).toBe('true');
    await openChat(debug);
    await askWidget(debug, '这款白色80码还有货吗');
    await expect.poll(() => debug.locator('.msg.bot .trace').last().textContent()).toContain('baby-bodysuit-longsleeve');
    expect(await debug.locator('.msg.bot .trace').last().textContent()).toMatch(/^依据：/);
    await debug.close();
  });

  it('answers a shipping question from the knowledge base', async () => {
    const read = await readBundleDir(demoDir);
    if (!read.ok) throw new Error(read.errors.join('\n'));
    const entry = read.bundle.faq.find((f) => f.id === 'shipping-time');
    expect(await ask('亲 今天下单的话什么时候能发货呀')).toBe(entry?.answer);
  });

  it('shows markup typed by a shopper as text and runs nothing', async () => {
    await ask('<img src=x onerror=alert(1)>');
    const mine = page.locator('.msg.me .bubble').last();
    expect(await mine.textContent()).toBe('<img src=x onerror=alert(1)>');
    expect(await page.locator('.messages img').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('asks for a rating once when the shopper thanks, stores it, and never asks again in that conversation', async () => {
    expect(await ask('好的谢谢')).toBeTruthy();
    const rating = page.locator('.rating');
    await rating.waitFor({ timeout: 10_000 });
    expect(await rating.locator('.rating-q').textContent()).toBe('本次服务您满意吗？');
    await page.screenshot({ path: join(tmpdir(), 'xiaoer-chat-rating.png') });
    await rating.locator('.star').nth(4).click();
    await expect.poll(() => rating.textContent()).toBe('感谢您的评价！');
    // The server has it: a second rating of this conversation is refused.
    const again = await page.evaluate(async () => {
      const held = Object.entries(localStorage).find(([k]) => k.startsWith('xiaoer:embed:v1:demo-zh:'))?.[1] ?? '{}';
      const { id, token } = JSON.parse(held) as { id: string; token: string };
      const r = await fetch(`/api/v1/conversations/${id}/rating`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ score: 1 }) });
      return r.status;
    });
    expect(again).toBe(409);
    await ask('谢谢啦');
    expect(await page.locator('.rating').count()).toBe(1);
  });

  it('switches the interface to English and back: the page with its toggle, the chat with its own', async () => {
    await page.click('#lang-toggle');
    expect([await page.locator('.more h2').textContent(), await page.locator('.product .price').textContent()]).toEqual(['More products', expect.stringMatching(/^Price ¥/)]);
    await page.locator('.head .lang').click();
    expect(await page.locator('.panel .title').textContent()).toBe('Live help · Xiaoer');
    await page.screenshot({ path: join(tmpdir(), 'xiaoer-chat-page-en.png') });
    await page.click('#lang-toggle');
    await page.locator('.head .lang').click();
    expect([await page.locator('.more h2').textContent(), await page.locator('.panel .title').textContent()]).toEqual(['更多商品', '在线客服 · 小二']);
  });

  it('keeps the conversation after a reload', async () => {
    const count = await page.locator('.msg').count();
    await page.reload();
    await page.locator('.launcher').click();
    await expect.poll(() => page.locator('.msg').count(), { timeout: 10_000 }).toBe(count);
    await page.screenshot({ path: join(tmpdir(), 'xiaoer-chat-page.png') });
  });

  it('on a shared browser never shows one signed-in customer the conversation of another', async () => {
    const shared = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    await shared.goto(`${server.url}/?product=baby-bodysuit-longsleeve&customer=c1001`);
    expect(await shared.locator('script[src="/widget.js"]').getAttribute('data-customer')).toBe('c1001');
    await openChat(shared);
    await shared.fill('.composer input', '我的私人问题：c1001 的订单');
    await shared.press('.composer input', 'Enter');
    await shared.locator('.msg.bot').nth(1).waitFor({ timeout: 10_000 });
    await shared.goto(`${server.url}/?product=baby-bodysuit-longsleeve&customer=c1002`);
    await openChat(shared);
    expect(await shared.locator('.msg.me').count()).toBe(0);
    // A conversation the server refuses to resume (a token that does not open it) is dropped for a new one.
    const key = heldKey('customer:c1001');
    const held = JSON.parse((await shared.evaluate((k) => localStorage.getItem(k), key)) ?? '{}') as { id: string };
    expect(held.id).toBeTruthy();
    await shared.evaluate(([k, id]) => localStorage.setItem(k, JSON.stringify({ id, token: 'not-the-token' })), [key, held.id] as const);
    await shared.goto(`${server.url}/?product=baby-bodysuit-longsleeve&customer=c1001`);
    await openChat(shared);
    expect(await shared.locator('.msg.me').count()).toBe(0);
    await expect.poll(() => shared.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? '{}').id as string, key)).not.toBe(held.id);
    await shared.close();
  });

  it('runs under the strict Content-Security-Policy without a violation, and so does Swagger UI', async () => {
    expect(pageCsp).toMatch(/script-src 'self'(;|$)/);
    const docs = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await watchCsp(docs);
    const r = await docs.goto(`${server.url}/docs`);
    expect(r?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    await docs.locator('.swagger-ui .opblock').first().waitFor({ timeout: 10_000 });
    await docs.close();
    expect(violations).toEqual([]);
  });

  it("says when the shop or the product asked for does not exist, and chats about the shop's own first product by default", async () => {
    const other = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    await other.goto(`${server.url}/?shop=no-such-shop`);
    await expect.poll(() => other.locator('.product .notice').textContent()).toContain('没有找到店铺「no-such-shop」');
    // No shop, no chat: the page does not include widget.js.
    expect(await other.locator('script[src="/widget.js"]').count()).toBe(0);
    expect(await other.locator('.launcher').count()).toBe(0);
    expect(await other.locator('.msg').count()).toBe(0);
    await other.goto(`${server.url}/?shop=demo-zh&product=ghost`);
    await expect.poll(() => other.locator('.product .notice').textContent()).toContain('没有找到商品「ghost」');
    // The chat comes without a page product.
    expect(await other.locator('script[src="/widget.js"]').getAttribute('data-product')).toBeNull();
    await openChat(other);
    expect(await other.locator('.card').isHidden()).toBe(true);
    await other.goto(`${server.url}/?shop=demo-zh`);
    const read = await readBundleDir(demoDir);
    if (!read.ok) throw new Error(read.errors.join('\n'));
    await expect.poll(() => other.locator('.product .name').textContent()).toBe(read.bundle.products[0]?.name);
    expect(await other.locator('script[src="/widget.js"]').getAttribute('data-product')).toBe(read.bundle.products[0]?.id);
    expect(await other.title()).toContain(read.bundle.shop.name);
    await other.close();
  });
});
