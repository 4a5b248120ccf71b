// The AI assistant card in Chromium against the real server, the demo shop and a fake model: the
// agent asks for help, sees the summary, a grounded reply it can use, a flagged one it cannot, and
// a tag with the shopper's words; a screenshot of the card is kept in test-results/agent/.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/server/config.js';
import { startServer } from '../src/server/main.js';
import { startFakeLlm, type FakeLlm, type FakeLlmRequest, type FakeReply } from '../src/testing/fake-llm-server.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const demoDir = fileURLToPath(new URL('../shops/demo-zh', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/web/agent/index.html', import.meta.url)));
if (!CHROMIUM) console.warn('[xiaoer tests] Chromium not found at /usr/bin/chromium: the agent assist browser test is SKIPPED (apt-get install chromium fonts-noto-cjk).');
if (CHROMIUM && !built) throw new Error('the agent workspace is not built: run `npm run build` (npm test does it first)');

const PASSWORD = 'e2e-agent-password';
/** Where the screenshots are kept (the test output; ignored by git). */
const SHOTS = fileURLToPath(new URL('../test-results/agent/', import.meta.url));
const GROUNDED = '亲～现货商品付款后48小时内发货，当天16:00前付款的订单一般当天就能发出哦。';

/** The fake model: shopper turns get "none" (the offline answer stands); the assistant request gets its answer. */
function script(req: FakeLlmRequest): FakeReply {
  if (!req.messages[0]?.content.startsWith('You help a human customer-service agent')) return { kind: 'text', text: '{"command":"none"}' };
  const data = JSON.parse((req.messages[1]?.content ?? '').replace(/^DATA: /, '')) as { conversation: { id: string; from: string; text: string }[] };
  const skin = data.conversation.find((m) => m.from === 'shopper' && m.text.includes('敏感肌'))?.id ?? 'none';
  const answer = {
    summary: '顾客是敏感肌，想知道多久发货，要求转人工。',
    replies: [
      { text: GROUNDED, sources: ['faq:shipping-time'] },
      { text: '这款现在只要9块9', sources: [] },
    ],
    tags: [{ tag: '敏感肌', message: skin, quote: '敏感肌' }],
  };
  return { kind: 'text', text: JSON.stringify(answer), usage: { prompt_tokens: 800, completion_tokens: 150 } };
}

describe.skipIf(!CHROMIUM)('the AI assistant card in Chromium', () => {
  let browser: Browser;
  let fake: FakeLlm;
  let server: Awaited<ReturnType<typeof startServer>>;
  let agent: Page;

  beforeAll(async () => {
    fake = await startFakeLlm(script);
    const cfg = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      XIAOER_DATA_DIR: await mkdtemp(join(tmpdir(), 'xiaoer-assist-e2e-')),
      LOG_LEVEL: 'warn',
      XIAOER_DEMO_SHOP: demoDir,
      XIAOER_DEMO_AGENT_PASSWORD: PASSWORD,
      XIAOER_DEMO_ADMIN_PASSWORD: 'e2e-admin-password',
      XIAOER_LLM_BASE_URL: fake.url,
      XIAOER_LLM_MODEL: 'fake-model',
    });
    if (!cfg.ok) throw new Error(cfg.problems.join('\n'));
    server = await startServer(cfg.config);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    agent = await (await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' })).newPage();
    // A shopper over the API: a concern, a question, then a person asked for.
    const opened = await fetch(`${server.url}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shop: 'demo-zh' }) }).then((r) => r.json() as Promise<{ id: string; token: string }>);
    for (const [n, text] of ['我是敏感肌，宝宝的连体衣用什么面料', '付款后多久发货', '转人工'].entries()) {
      const r = await fetch(`${server.url}/api/v1/conversations/${opened.id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${opened.token}` }, body: JSON.stringify({ text, clientMessageId: `s${n}` }) });
      expect(r.status).toBe(200);
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  it('shows the summary, a usable reply, a flagged one and a tag with its words', async () => {
    await agent.goto(`${server.url}/agent/`);
    await agent.getByTestId('login-username').fill('agent1');
    await agent.getByTestId('login-password').fill(PASSWORD);
    await agent.getByTestId('login-submit').click();
    const item = agent.getByTestId('queue-item').first();
    await item.waitFor({ timeout: 10_000 });
    await item.click();
    const card = agent.getByTestId('assist-card');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain('生成摘要和建议');
    await agent.getByTestId('assist-run').click();
    await agent.getByTestId('assist-summary').waitFor({ timeout: 10_000 });
    expect(await agent.getByTestId('assist-summary').textContent()).toContain('敏感肌');
    const flagged = agent.locator('[data-testid="assist-reply"][data-ok="false"]');
    expect(await flagged.textContent()).toContain('无依据的数字');
    expect(await flagged.evaluate((e) => e.tagName)).toBe('DIV'); // not a button: nothing to click
    expect(await agent.getByTestId('assist-tag').textContent()).toContain('「敏感肌」');
    await card.screenshot({ path: `${SHOTS}assist-card.png` });
    // Claimed, the composer takes the grounded reply on a click.
    await agent.getByTestId('btn-claim').click();
    await agent.getByTestId('mine-item').first().waitFor({ timeout: 10_000 });
    await agent.locator('[data-testid="assist-reply"][data-ok="true"]').click();
    await expect.poll(() => agent.getByTestId('composer-input').inputValue()).toBe(GROUNDED);
    await agent.screenshot({ path: `${SHOTS}assist-workspace.png` });
  });
});
