// Human–AI handoff in real browsers (Debian's Chromium) against the real server and demo shop: a
// shopper asks for a person in the widget (widget.js on the demo product page, in its Shadow DOM,
// which Playwright's CSS locators pierce), a signed-in agent sees it appear in the queue live,
// claims it, messages flow both ways while the AI stays silent, the agent hands back, and the AI
// answers the next question. A shopper's HTML shows as text in the workspace.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/server/config.js';
import { startServer } from '../src/server/main.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const demoDir = fileURLToPath(new URL('../shops/demo-zh', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/web/agent/index.html', import.meta.url))) && existsSync(fileURLToPath(new URL('../dist/web/embed/widget.js', import.meta.url)));
if (!CHROMIUM) console.warn('[xiaoer tests] Chromium not found at /usr/bin/chromium: the agent workspace browser test is SKIPPED (apt-get install chromium fonts-noto-cjk).');
if (CHROMIUM && !built) throw new Error('the agent workspace is not built: run `npm run build` (npm test does it first)');

const PASSWORD = 'e2e-agent-password';
const XSS = '<img src=x onerror=alert(1)>';

describe.skipIf(!CHROMIUM)('agent workspace with a shopper in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let shopper: Page;
  let agent: Page;
  const dialogs: string[] = [];
  /** Content-Security-Policy violations reported by either page (there must be none). */
  const violations: string[] = [];

  beforeAll(async () => {
    const cfg = parseConfig({ PORT: '0', HOST: '127.0.0.1', XIAOER_DATA_DIR: await mkdtemp(join(tmpdir(), 'xiaoer-agent-e2e-')), LOG_LEVEL: 'warn', XIAOER_DEMO_SHOP: demoDir, XIAOER_DEMO_AGENT_PASSWORD: PASSWORD, XIAOER_DEMO_ADMIN_PASSWORD: 'e2e-admin-password' });
    if (!cfg.ok) throw new Error(cfg.problems.join('\n'));
    server = await startServer(cfg.config);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const watch = (p: Page) =>
      p.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
    agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    shopper = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })).newPage();
    watch(agent);
    watch(shopper);
    for (const p of [agent, shopper]) {
      await p.exposeFunction('reportCspViolation', (v: string) => void violations.push(v));
      await p.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${location.pathname}: ${e.violatedDirective} ${e.blockedURI}`)),
      );
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const botTexts = async () => shopper.locator('.msg.bot .bubble').allTextContents();
  const authors = () => agent.locator('[data-testid="msg"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-author')));

  it('signs the agent in, in Chinese', async () => {
    await agent.goto(`${server.url}/agent/`);
    await expect.poll(() => agent.getByTestId('login-submit').textContent(), { timeout: 10_000 }).toContain('登录');
    await agent.getByTestId('login-username').fill('agent1');
    await agent.getByTestId('login-password').fill(PASSWORD);
    await agent.getByTestId('login-submit').click();
    await agent.getByTestId('socket-status').and(agent.locator('[data-status="online"]')).waitFor({ timeout: 10_000 });
  });

  it("puts the shopper's request for a person in the agent's queue without a refresh, and the agent claims it", async () => {
    await shopper.goto(`${server.url}/?product=baby-bodysuit-longsleeve`);
    await shopper.locator('.launcher').click();
    await expect.poll(botTexts, { timeout: 10_000 }).toHaveLength(1);
    await shopper.locator('.composer .human').click();
    await expect.poll(async () => (await botTexts()).join('\n'), { timeout: 10_000 }).toContain('转接人工客服');
    const item = agent.getByTestId('queue-item').first();
    await item.waitFor({ timeout: 10_000 });
    // A shopper of the web widget: the item and the header say 网页.
    expect(await item.getByTestId('channel').textContent()).toBe('网页');
    await item.click();
    await expect.poll(() => agent.locator('.conv-header [data-testid="channel"]').textContent(), { timeout: 10_000 }).toBe('网页');
    await agent.getByTestId('btn-claim').click();
    await expect.poll(() => agent.getByTestId('owner').textContent(), { timeout: 10_000 }).not.toBe('');
    await agent.getByTestId('mine-item').first().waitFor({ timeout: 10_000 });
    await expect.poll(() => agent.getByTestId('handoff-reason').textContent()).not.toBe('—');
    // The shopper is told a person joined; the workspace shows it as the agent's message.
    await expect.poll(async () => (await botTexts()).at(-1), { timeout: 10_000 }).toBe('客服小美已接入，正在为您处理～');
    await agent.locator('[data-testid="msg"][data-author="agent"]').filter({ hasText: '已接入' }).waitFor({ timeout: 10_000 });
  });

  it('shows the shopper\'s HTML as text, delivers messages both ways, and keeps the AI silent meanwhile', async () => {
    const before = (await authors()).length;
    await shopper.fill('.composer input', XSS);
    await shopper.press('.composer input', 'Enter');
    const fromShopper = agent.locator('[data-testid="msg"][data-author="shopper"]').filter({ hasText: XSS });
    await fromShopper.waitFor({ timeout: 10_000 });
    expect(await agent.locator('[data-testid="msg"] img').count()).toBe(0);

    await agent.getByTestId('composer-input').fill('您好，我是客服小美，马上帮您看看～');
    await agent.getByTestId('composer-send').click();
    await expect.poll(async () => (await botTexts()).at(-1), { timeout: 10_000 }).toBe('您好，我是客服小美，马上帮您看看～');
    // Since the agent took over: the shopper's message and the agent's, nothing from the AI.
    await expect.poll(async () => (await authors()).slice(before)).toEqual(['shopper', 'agent']);
    expect(dialogs).toEqual([]);
  });

  it('hands back to the AI, which answers the next question', async () => {
    await agent.getByTestId('btn-hand-back').click();
    await expect.poll(() => agent.getByTestId('mine-item').count(), { timeout: 10_000 }).toBe(0);
    const count = (await botTexts()).length;
    await shopper.fill('.composer input', '付款后多久发货');
    await shopper.press('.composer input', 'Enter');
    await expect.poll(async () => (await botTexts()).slice(count).join('\n'), { timeout: 10_000 }).toContain('48小时内发货');
    expect(dialogs).toEqual([]);
  });

  it('ran both pages under the strict Content-Security-Policy without a violation', () => {
    expect(violations).toEqual([]);
  });
});
