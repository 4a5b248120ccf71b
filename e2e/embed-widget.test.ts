// The embeddable widget on a storefront of another origin, in a real browser (Debian's Chromium
// through playwright-core) against the real server: one script tag on a page with hostile CSS; the
// launcher opens a chat in a Shadow DOM that the page's CSS cannot touch, answers from the shop's
// data, shows the page's product from the catalog, hands over to a person, counts unread replies,
// and a site the shop does not list gets no working chat.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askWidget } from './widget.js';
import { parse, stringify } from 'yaml';
import { readBundleDir } from '../src/adapters/bundle/read-bundle-dir.js';
import { parseConfig } from '../src/server/config.js';
import { startServer } from '../src/server/main.js';
import type {} from '../web/embed/src/host.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const demoDir = fileURLToPath(new URL('../shops/demo-zh', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/web/embed/widget.js', import.meta.url)));
const shots = fileURLToPath(new URL('../test-results/embed', import.meta.url));
const PRODUCT = 'baby-bodysuit-longsleeve';
const PASSWORD = 'embed-e2e-agent-password';
const HOSTILE_CSS = '* { color: red !important; font-size: 40px !important } button { display:none !important }';
if (!CHROMIUM) console.warn('[xiaoer tests] Chromium not found at /usr/bin/chromium: the embeddable widget browser test is SKIPPED (apt-get install chromium fonts-noto-cjk).');
if (CHROMIUM && !built) throw new Error('the embeddable widget is not built: run `npm run build` (npm test does it first)');

/** A storefront: a page with hostile CSS and the one-line script, served from its own port (its own origin). */
async function storefront(scriptTag: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/favicon')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>婴儿连体衣 · 某店铺</title><style>${HOSTILE_CSS}</style></head>
<body><h1>婴儿纯棉长袖连体衣</h1><p>店铺自己的商品页面。</p><button id="buy">立即购买</button>${scriptTag()}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe.skipIf(!CHROMIUM)('embeddable widget (widget.js) on another site, in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let shop: Awaited<ReturnType<typeof storefront>>;
  let stranger: Awaited<ReturnType<typeof storefront>>;
  let page: Page;
  let env: Record<string, string>;
  let agentCookie = '';
  /** The agent workspace's API, signed in as agent1. */
  const agent = (path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1/agent${path}`, { method: body ? 'POST' : 'GET', headers: { cookie: agentCookie, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const tag = () => `<script src="${server.url}/widget.js" data-shop="demo-zh" data-product="${PRODUCT}" async></script>`;
  /** The widget's shadow root, in the page. */
  const inShadow = <T>(p: Page, fn: (root: ShadowRoot) => T) => p.evaluate(fn as (root: unknown) => T, undefined as never);

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    shop = await storefront(tag);
    stranger = await storefront(tag);
    // The demo shop, copied with the storefront's origin allowed (and no service hours, so a request
    // for a person is queued whatever the time of day).
    const bundle = await mkdtemp(join(tmpdir(), 'xiaoer-embed-shop-'));
    await cp(demoDir, bundle, { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
    const yaml = parse(await readFile(join(bundle, 'shop.yaml'), 'utf8')) as Record<string, unknown> & { handoff?: Record<string, unknown> };
    yaml['allowed_origins'] = [shop.origin];
    delete yaml['businessHours'];
    if (yaml.handoff) delete yaml.handoff['hours'];
    await writeFile(join(bundle, 'shop.yaml'), stringify(yaml));
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      XIAOER_DATA_DIR: await mkdtemp(join(tmpdir(), 'xiaoer-embed-e2e-')),
      LOG_LEVEL: 'warn',
      XIAOER_DEMO_SHOP: bundle,
      XIAOER_DEMO_AGENT_PASSWORD: PASSWORD,
      XIAOER_DEMO_ADMIN_PASSWORD: 'embed-e2e-admin-password',
    };
    const cfg = parseConfig(env);
    if (!cfg.ok) throw new Error(cfg.problems.join('\n'));
    server = await startServer(cfg.config);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    await page.goto(`${shop.origin}/product/${PRODUCT}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    shop?.server.close();
    stranger?.server.close();
  });

  const ask = (text: string) => askWidget(page, text);

  it('shows the launcher on the storefront and opens the panel as a non-modal dialog, the focus in the input', async () => {
    const launcher = page.locator('.launcher');
    await launcher.waitFor({ timeout: 10_000 });
    expect(await launcher.getAttribute('aria-label')).toBe('打开在线客服');
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    // The storefront's own button is hidden by its CSS; ours is not.
    expect(await page.locator('#buy').isVisible()).toBe(false);
    await launcher.click();
    const panel = page.locator('.panel');
    await panel.waitFor({ state: 'visible' });
    expect([await panel.getAttribute('role'), await panel.getAttribute('aria-modal'), await launcher.getAttribute('aria-expanded')]).toEqual(['dialog', 'false', 'true']);
    await page.locator('.msg.bot').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('.msg.bot .bubble').first().textContent()).toContain('欢迎光临棉芽');
    await expect.poll(() => inShadow(page, () => document.querySelector('[data-xiaoer-widget]')?.shadowRoot?.activeElement?.tagName)).toBe('INPUT');
    await expect.poll(() => page.locator('.status').textContent()).toBe('在线');
  });

  it("shows the page's product as a card with the catalog's price and stock", async () => {
    const product = (await (await fetch(`${server.url}/api/v1/shops/demo-zh/products/${PRODUCT}`)).json()) as { name: string; variants: { price: string; stock: number }[] };
    const prices = product.variants.map((v) => Number(v.price));
    const [lo, hi] = [Math.min(...prices), Math.max(...prices)];
    await page.locator('.card .name').waitFor();
    expect(await page.locator('.card .name').textContent()).toBe(product.name);
    expect(await page.locator('.card .price').textContent()).toBe(`价格 ¥${lo === hi ? lo : `${lo}–${hi}`}`);
    expect(await page.locator('.card .stock').textContent()).toBe(`库存 ${product.variants.reduce((n, v) => n + v.stock, 0)}`);
    // A page that changes product without a load says so: Xiaoer.setPage.
    const shopInfo = (await (await fetch(`${server.url}/api/v1/shops/demo-zh`)).json()) as { products: { id: string; name: string }[] };
    const next = shopInfo.products.find((p) => p.id !== PRODUCT)!;
    await page.evaluate((id) => window.Xiaoer?.setPage({ productId: id }), next.id);
    await expect.poll(() => page.locator('.card .name').textContent()).toBe(next.name);
    await page.evaluate((id) => window.Xiaoer?.setPage({ productId: id }), PRODUCT);
    await expect.poll(() => page.locator('.card .name').textContent()).toBe(product.name);
  });

  it('answers a shipping question from the knowledge base, without showing its trace', async () => {
    const read = await readBundleDir(demoDir);
    if (!read.ok) throw new Error(read.errors.join('\n'));
    const entry = read.bundle.faq.find((f) => f.question.startsWith('运费怎么算'));
    expect(await ask('运费怎么算')).toBe(entry?.answer);
    expect(await page.locator('.trace').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'desktop-open.png') });
  });

  it("is not restyled by the storefront's CSS", async () => {
    const styles = await inShadow(page, () => {
      const root = document.querySelector('[data-xiaoer-widget]')?.shadowRoot;
      const of = (sel: string) => {
        const e = root?.querySelector(sel);
        const s = e ? getComputedStyle(e) : undefined;
        return s ? { color: s.color, fontSize: s.fontSize, display: s.display } : undefined;
      };
      return { bubble: of('.msg.bot .bubble'), send: of('.composer .send'), launcher: of('.launcher'), host: of(':host') ?? getComputedStyle(root!.host).position };
    });
    expect(styles.bubble).toEqual({ color: 'rgb(31, 35, 41)', fontSize: '14px', display: 'block' });
    expect(styles.send?.display).toBe('block');
    expect(styles.send?.color).toBe('rgb(255, 255, 255)');
    expect(styles.launcher?.display).toBe('flex');
    expect(styles.host).toBe('fixed');
    // The page's own text is red and large, as its CSS says.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(255, 0, 0)');
  });

  it('closes on Esc with the focus back on the launcher', async () => {
    await page.locator('.composer input').focus();
    await page.keyboard.press('Escape');
    await page.locator('.panel').waitFor({ state: 'hidden' });
    expect(await inShadow(page, () => document.querySelector('[data-xiaoer-widget]')?.shadowRoot?.activeElement?.className)).toBe('launcher');
    await page.locator('.launcher').click();
    await page.locator('.panel').waitFor({ state: 'visible' });
  });

  it('转人工 puts the conversation in the agents’ queue; an agent’s reply while the panel is closed shows as unread', async () => {
    const held = JSON.parse((await page.evaluate(() => localStorage.getItem('xiaoer:embed:v1:demo-zh:visitor'))) ?? '{}') as { id: string; token: string };
    expect(held.id).toBeTruthy();
    const handoffCalls: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith(`/conversations/${held.id}/handoff`) && r.request().method() === 'POST') handoffCalls.push(r.status());
    });
    const before = await page.locator('.msg.bot').count();
    await page.locator('.composer .human').click();
    await page.locator('.msg.bot').nth(before).waitFor({ timeout: 10_000 });
    // POST /api/v1/conversations/:id/handoff with the conversation's token (a server without it, 404, would get the words 转人工 instead).
    await expect.poll(() => handoffCalls).toEqual([200]);
    // Its replies come twice (the HTTP answer and message:new on the conversation's room) and are shown once.
    await page.waitForTimeout(300);
    const texts = await page.locator('.msg.bot .bubble').allTextContents();
    expect(texts.length).toBe(new Set(texts).size);
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shop: 'demo-zh', username: 'agent1', password: PASSWORD }) });
    expect(login.status).toBe(200);
    agentCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    await expect.poll(async () => ((await (await agent('/queue')).json()) as { conversations: { id: string }[] }).conversations.map((c) => c.id), { timeout: 10_000 }).toContain(held.id);

    await page.keyboard.press('Escape');
    await page.locator('.panel').waitFor({ state: 'hidden' });
    const seen = await page.locator('.msg.bot').count();
    expect((await agent(`/conversations/${held.id}/claim`, {})).status).toBe(200);
    expect((await agent(`/conversations/${held.id}/messages`, { text: '您好，我是客服小美，请问有什么可以帮您？', clientMessageId: 'embed-e2e-1' })).status).toBe(200);
    // The agent's greeting, and whatever the claim itself says to the shopper: each one unread.
    await expect.poll(() => page.locator('.msg.bot .bubble').last().textContent(), { timeout: 10_000 }).toBe('您好，我是客服小美，请问有什么可以帮您？');
    const unread = (await page.locator('.msg.bot').count()) - seen;
    expect(unread).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.badge').textContent()).toBe(String(unread));
    expect(await page.locator('.launcher').getAttribute('aria-label')).toBe(`打开在线客服（${unread} 条未读消息）`);
    await page.screenshot({ path: join(shots, 'desktop-unread.png') });
    await page.locator('.launcher').click();
    await page.locator('.badge').waitFor({ state: 'hidden' });
  });

  it('switches its interface to English and back', async () => {
    await page.locator('.head .lang').click();
    expect([await page.locator('.title').textContent(), await page.locator('.composer .human').textContent()]).toEqual(['Live help · Xiaoer', 'Talk to a person']);
    await page.locator('.head .lang').click();
    expect(await page.locator('.composer .human').textContent()).toBe('转人工');
  });

  it('keeps the conversation across page loads', async () => {
    const count = await page.locator('.msg').count();
    await page.reload();
    await page.locator('.launcher').click();
    await expect.poll(() => page.locator('.msg').count(), { timeout: 10_000 }).toBe(count);
  });

  it('fills the screen on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await phone.goto(`${shop.origin}/product/${PRODUCT}`);
    await phone.locator('.launcher').click();
    await phone.locator('.msg.bot').first().waitFor({ timeout: 10_000 });
    await phone.locator('.card .name').waitFor();
    const box = await phone.locator('.panel').boundingBox();
    expect(box && [box.x, box.y, box.width, box.height]).toEqual([0, 0, 390, 844]);
    await phone.screenshot({ path: join(shots, 'mobile-390-open.png') });
    await phone.close();
  });

  it('is the chat of the demo product page too: the page includes widget.js and has no chat of its own', async () => {
    const demo = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    await demo.goto(`${server.url}/?product=${PRODUCT}`);
    await demo.locator('.launcher').click();
    await demo.locator('.card .name').waitFor({ timeout: 10_000 });
    expect(await demo.locator('script[src="/widget.js"]').getAttribute('data-shop')).toBe('demo-zh');
    expect(await demo.locator('[data-xiaoer-widget]').count()).toBe(1);
    expect(await demo.locator('#chat').count()).toBe(0);
    expect(await demo.locator('.card .name').textContent()).toBe(await demo.locator('.product .name').textContent());
    await demo.locator('.msg.bot').first().waitFor({ timeout: 10_000 });
    await demo.screenshot({ path: join(shots, 'demo-page.png') });
    await demo.close();
  });

  it('gives a site the shop does not list no working chat: the API refuses it', async () => {
    const other = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const failed: string[] = [];
    other.on('requestfailed', (r) => failed.push(r.url()));
    await other.goto(`${stranger.origin}/product/${PRODUCT}`);
    await other.locator('.launcher').click();
    await expect.poll(() => other.locator('.status').getAttribute('data-state'), { timeout: 10_000 }).toBe('error');
    expect(await other.locator('.status').textContent()).toBe('暂时无法连接客服');
    expect(await other.locator('.msg').count()).toBe(0);
    expect(await other.locator('.card').isHidden()).toBe(true);
    // The product request was blocked by CORS, and so is any call the page makes itself.
    expect(failed.some((u) => u.includes(`/api/v1/shops/demo-zh/products/${PRODUCT}`))).toBe(true);
    const direct = await other.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'read';
      } catch (err) {
        return String(err);
      }
    }, `${server.url}/api/v1/shops/demo-zh`);
    expect(direct).toMatch(/TypeError/);
    await other.screenshot({ path: join(shots, 'unlisted-origin.png') });
    await other.close();
  });

  it('says 重新连接中… while the server is away, and carries on when it is back', async () => {
    await page.locator('.status').waitFor();
    expect(await page.locator('.status').textContent()).toBe('在线');
    const port = new URL(server.url).port;
    await server.close();
    await expect.poll(() => page.locator('.status').textContent(), { timeout: 10_000 }).toBe('重新连接中…');
    await page.screenshot({ path: join(shots, 'desktop-reconnecting.png') });
    const cfg = parseConfig({ ...env, PORT: port });
    if (!cfg.ok) throw new Error(cfg.problems.join('\n'));
    server = await startServer(cfg.config);
    await expect.poll(() => page.locator('.status').textContent(), { timeout: 15_000 }).toBe('在线');
    // The conversation is with the agent now (the AI stays silent): the message is delivered, its 发送中… gone.
    await page.fill('.composer input', '我回来了');
    await page.press('.composer input', 'Enter');
    const mine = page.locator('.msg.me').last();
    expect(await mine.locator('.bubble').textContent()).toBe('我回来了');
    await expect.poll(() => mine.locator('.state').count(), { timeout: 10_000 }).toBe(0);
  });

  it('asks for a rating (1–5) when the agent closes the conversation, and sends it', async () => {
    const held = JSON.parse((await page.evaluate(() => localStorage.getItem('xiaoer:embed:v1:demo-zh:visitor'))) ?? '{}') as { id: string };
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shop: 'demo-zh', username: 'agent1', password: PASSWORD }) });
    agentCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await agent(`/conversations/${held.id}/close`, {})).status).toBe(200);
    const rating = page.locator('.rating');
    await rating.waitFor({ timeout: 10_000 });
    expect(await rating.locator('.rating-q').textContent()).toBe('本次服务您满意吗？');
    expect(await rating.locator('.star').count()).toBe(5);
    await page.screenshot({ path: join(shots, 'desktop-rating.png') });
    await rating.locator('.star').nth(4).click();
    await expect.poll(() => rating.textContent()).toBe('感谢您的评价！');
  });
});
