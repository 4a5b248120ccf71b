// The shop console's API end to end over HTTP on the tiny shop: edits go to the draft (guarded by
// versions), are tried side by side with the live release, published after the shop's own tests
// (new failures need a confirmation), reach shoppers, and are undone by a rollback; flows are
// refused at their line; accounts are managed; every change is in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../app/staff/accounts.js';
import { importShop } from '../app/shops/import-shop.js';
import { publishShop } from '../app/shops/publish-shop.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { appHarness } from '../testing/app-harness.js';
import { buildServer, type XiaoerServer } from './build-server.js';

const PASSWORD = 'correct horse battery';
const SHIPPING_CASE = JSON.stringify({ id: 'ship', turns: [{ user: '什么时候发货', expect: { faq: 'shipping-time', answer_contains: ['48小时'] } }] });

describe('the shop console API', () => {
  let server: XiaoerServer;
  let close: () => Promise<void>;
  const cookies = new Map<string, string>();
  const as = (who: string) => ({ cookie: cookies.get(who) ?? '' });
  const B = '/api/v1/admin/shops/tiny';

  beforeAll(async () => {
    const h = await appHarness();
    await importShop(h.deps, tinyBundle(), undefined, undefined, { tests: [{ file: 'faq.jsonl', text: SHIPPING_CASE + '\n' }, { file: 'broken.yaml', text: 'conversations: [unclosed\n' }] });
    await publishShop(h.deps, 'tiny');
    await createStaff(h.deps, { shopId: 'tiny', username: 'boss', role: 'admin', groups: [], password: PASSWORD });
    await createStaff(h.deps, { shopId: 'tiny', username: 'boss2', role: 'admin', groups: [], password: PASSWORD });
    await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    server = await buildServer(h.deps, { logLevel: 'silent' });
    close = () => h.deps.sandbox.close();
    for (const username of ['boss', 'boss2', 'mei']) {
      const r = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { shop: 'tiny', username, password: PASSWORD } });
      cookies.set(username, String(r.headers['set-cookie']).split(';')[0] ?? '');
    }
  });
  afterAll(async () => {
    await server.app.close();
    await close();
  });

  /** What a new shopper conversation answers to `text`. */
  async function shopperAsks(text: string): Promise<string> {
    const c = (await server.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: { shop: 'tiny' } })).json<{ id: string; token: string }>();
    const r = await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${c.id}/messages`, headers: { authorization: `Bearer ${c.token}` }, payload: { text, clientMessageId: 'm1' } });
    return r.json<{ replies: { text: string }[] }>().replies.map((x) => x.text).join('\n');
  }

  it("is for the shop's admins only", async () => {
    const put = (headers: Record<string, string>) => server.app.inject({ method: 'PUT', url: `${B}/faq/gift-wrap`, headers, payload: { question: '可以包装成礼物吗？', answer: '可以，下单备注即可免费礼盒包装。' } });
    expect((await put({})).statusCode).toBe(401);
    const agent = await put(as('mei'));
    expect([agent.statusCode, agent.json().error.code]).toEqual([403, 'XIAOER_FORBIDDEN']);
    const other = await server.app.inject({ url: '/api/v1/admin/shops/other/faq', headers: as('boss') });
    expect(other.statusCode).toBe(403);
  });

  it('adds an entry to the draft, guards it by version, and tries it against the live release', async () => {
    const put = (payload: object, headers: Record<string, string> = {}) => server.app.inject({ method: 'PUT', url: `${B}/faq/gift-wrap`, headers: { ...as('boss'), ...headers }, payload });
    const created = await put({ question: '可以包装成礼物吗？', answer: '可以，下单备注即可免费礼盒包装。', similar: ['能送礼包装吗', '有礼盒吗'], tags: ['服务'] });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ id: 'gift-wrap', version: 1, status: 'added', updatedBy: 'boss' });
    const listed = (await server.app.inject({ url: `${B}/faq?q=礼盒`, headers: as('boss') })).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual(['gift-wrap']);
    expect(listed.tags).toContain('服务');
    // A second admin edits it first: the first admin's write based on version 1 is refused.
    expect((await server.app.inject({ method: 'PUT', url: `${B}/faq/gift-wrap`, headers: { ...as('boss2'), 'if-match': '"1"' }, payload: { question: '可以包装成礼物吗？', answer: '可以，下单备注“礼盒”即可免费包装。', similar: ['有礼盒吗'] } })).statusCode).toBe(200);
    const stale = await put({ question: '可以包装成礼物吗？', answer: '旧版本上的修改' }, { 'if-match': '"1"' });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'XIAOER_EDIT_CONFLICT']);
    expect(stale.json().error.message).toMatch(/boss2/);
    expect((await put({ question: 'x', answer: 'y' }, { 'if-match': 'soon' })).statusCode).toBe(400);

    const tried = await server.app.inject({ method: 'POST', url: `${B}/try`, headers: as('boss'), payload: { text: '有礼盒吗' } });
    expect(tried.statusCode).toBe(200);
    const t = tried.json();
    expect(t.draft.replies.some((r: { faq: string | null; text: string }) => r.faq === 'gift-wrap' && r.text.includes('礼盒'))).toBe(true);
    expect(t.live.replies.some((r: { faq: string | null }) => r.faq === 'gift-wrap')).toBe(false);
    expect(await shopperAsks('有礼盒吗')).not.toContain('免费包装');
  });

  it('publishes after the tests, asks to confirm new failures, and a rollback restores the old answer', async () => {
    const draft = (await server.app.inject({ url: `${B}/draft`, headers: as('boss') })).json();
    expect(draft.changes.faq).toEqual({ added: ['gift-wrap'], changed: [], removed: [] });
    expect(draft.problems).toEqual([]);
    const live = (await server.app.inject({ url: `${B}/releases`, headers: as('boss') })).json().releases.find((r: { current: boolean }) => r.current).id as string;

    // The shop's own case expects 48小时: changing the answer fails it.
    const old = (await server.app.inject({ url: `${B}/faq/shipping-time`, headers: as('boss') })).json();
    await server.app.inject({ method: 'PUT', url: `${B}/faq/shipping-time`, headers: { ...as('boss'), 'if-match': `"${old.version}"` }, payload: { question: old.question, similar: old.similar, tags: old.tags, answer: '付款后72小时内发货。' } });
    const check = await server.app.inject({ method: 'POST', url: `${B}/publish/check`, headers: as('boss') });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ published: false, tests: { cases: 1, passed: 0, newlyFailing: [{ case: 'ship', file: 'faq.jsonl' }] } });
    // A test file that cannot be read is said, not silently skipped.
    expect(check.json().tests.problems).toEqual([expect.stringMatching(/^broken\.yaml: /)]);
    const refused = await server.app.inject({ method: 'POST', url: `${B}/publish`, headers: as('boss'), payload: {} });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'XIAOER_PUBLISH_NEW_FAILURES']);
    expect(refused.json().error.details[0]).toMatch(/faq\.jsonl#ship: turn 1 answer_contains/);
    expect(await shopperAsks('什么时候发货')).toContain('48小时');

    const published = await server.app.inject({ method: 'POST', url: `${B}/publish`, headers: as('boss'), payload: { confirm: true, note: '双十二发货时间' } });
    expect(published.statusCode).toBe(201);
    const p = published.json();
    expect(p).toMatchObject({ published: true, created: true, changes: { faq: { added: ['gift-wrap'], changed: ['shipping-time'] } } });
    expect(await shopperAsks('什么时候发货')).toContain('72小时');
    expect(await shopperAsks('有礼盒吗')).toContain('礼盒');

    const releases = (await server.app.inject({ url: `${B}/releases`, headers: as('boss') })).json().releases;
    expect(releases[0]).toMatchObject({ id: p.releaseId, current: true, publishedBy: 'boss' });
    const diff = (await server.app.inject({ url: `${B}/releases/${p.releaseId}/diff`, headers: as('boss') })).json();
    expect(diff.faq).toEqual({ added: ['gift-wrap'], changed: ['shipping-time'], removed: [] });

    const back = await server.app.inject({ method: 'POST', url: `${B}/releases/${live}/rollback`, headers: as('boss') });
    expect(back.json()).toEqual({ releaseId: live, previous: p.releaseId });
    expect(await shopperAsks('什么时候发货')).toContain('48小时');
    // The draft keeps the edits: it differs from the live release again.
    expect((await server.app.inject({ url: `${B}/draft`, headers: as('boss') })).json().changes.faq.changed).toEqual(['shipping-time']);
  });

  it('refuses a flow with an error at its line, and saves a valid one with its diagram', async () => {
    const bad = ['id: gift_flow', 'name: { zh: 礼品 }', 'triggers:', '  - keywords: [礼品卡]', 'steps:', '  - id: hello', '    say: hello_text', '    next: nowhere', 'templates:', '  hello_text: [{ text: 您好 }]', ''].join('\n');
    const checked = (await server.app.inject({ method: 'POST', url: `${B}/flows/validate`, headers: as('boss'), payload: { yaml: bad } })).json();
    expect(checked.ok).toBe(false);
    expect(checked.problems[0]).toMatchObject({ line: 8 });
    expect(checked.problems[0].message).toMatch(/nowhere/);
    const refused = await server.app.inject({ method: 'PUT', url: `${B}/flows/gift_flow`, headers: as('boss'), payload: { yaml: bad } });
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'XIAOER_FLOW_INVALID']);
    expect(refused.json().error.details[0]).toMatch(/^8:\d+ /);
    const good = bad.replace('    next: nowhere\n', '');
    const saved = await server.app.inject({ method: 'PUT', url: `${B}/flows/gift_flow`, headers: { ...as('boss'), 'if-match': '"0"' }, payload: { yaml: good } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ id: 'gift_flow', version: 1, status: 'added', yaml: good });
    const diagram = (await server.app.inject({ method: 'POST', url: `${B}/flows/validate`, headers: as('boss'), payload: { yaml: good } })).json().diagram;
    expect(diagram.nodes).toEqual([{ id: 'hello', kind: 'say', label: 'hello: say' }]);
    const syntax = (await server.app.inject({ method: 'POST', url: `${B}/flows/validate`, headers: as('boss'), payload: { yaml: 'id: [unclosed\nname: x\n' } })).json();
    expect(syntax.ok).toBe(false);
    expect(syntax.problems[0].line).toBeGreaterThanOrEqual(1);
  });

  it('previews a CSV import with its problems at their rows, then saves all rows or none', async () => {
    const csv = 'id,question,answer,similar\nsize-help,尺码怎么选？,参考详情页尺码表。,尺码|选哪个码\nbad row,缺答案,,\n';
    const preview = (await server.app.inject({ method: 'POST', url: `${B}/faq/import?dry_run=true`, headers: { ...as('boss'), 'content-type': 'text/csv' }, payload: csv })).json();
    expect(preview).toMatchObject({ rows: 2, saved: false });
    expect(preview.problems.join('\n')).toMatch(/faq\.csv:3:1: id/);
    expect(preview.problems.join('\n')).toMatch(/faq\.csv:3:3: answer/);
    const refused = (await server.app.inject({ method: 'POST', url: `${B}/faq/import?dry_run=false`, headers: { ...as('boss'), 'content-type': 'text/csv' }, payload: csv })).json();
    expect(refused.saved).toBe(false);
    expect((await server.app.inject({ url: `${B}/faq/size-help`, headers: as('boss') })).statusCode).toBe(404);
    const ok = (await server.app.inject({ method: 'POST', url: `${B}/faq/import?dry_run=false`, headers: { ...as('boss'), 'content-type': 'text/csv' }, payload: csv.split('\n').slice(0, 2).join('\n') })).json();
    expect(ok).toMatchObject({ rows: 1, added: 1, saved: true });
    const exported = await server.app.inject({ url: `${B}/faq.csv`, headers: as('boss') });
    expect(exported.body).toMatch(/^size-help,尺码怎么选？,参考详情页尺码表。,尺码\|选哪个码,$/m);
  });

  it('imports products from products.csv: previewed, refused whole with a bad row, then saved', async () => {
    const csv = 'product_id,title,category,sku,spec,price,stock,材质\ngift-box,礼盒,配件,BOX-S,小号,19.9,100,牛皮纸\ngift-box,,,BOX-L,大号,29.9,50,\n';
    const post = (body: string, dryRun: boolean) => server.app.inject({ method: 'POST', url: `${B}/products/import?dry_run=${dryRun}`, headers: { ...as('boss'), 'content-type': 'text/csv' }, payload: body });
    const preview = (await post(csv, true)).json();
    expect(preview).toMatchObject({ rows: 1, added: 1, problems: [], saved: false, sample: [{ id: 'gift-box', question: '礼盒', status: 'added' }] });
    expect(preview.sample[0].answer).toBe('BOX-S ¥19.90 ×100; BOX-L ¥29.90 ×50');
    const bad = (await post(csv.replace('29.9', '二十九'), false)).json();
    expect(bad.saved).toBe(false);
    expect(bad.problems.join('\n')).toMatch(/products\.csv:3:6: /);
    expect((await server.app.inject({ url: `${B}/products/gift-box`, headers: as('boss') })).statusCode).toBe(404);
    expect((await post(csv, false)).json()).toMatchObject({ saved: true, added: 1 });
    const product = (await server.app.inject({ url: `${B}/products/gift-box`, headers: as('boss') })).json();
    expect(product).toMatchObject({ name: '礼盒', priceMinor: 1990, facts: { 材质: '牛皮纸' }, status: 'added' });
    expect(product.variants.map((v: { sku: string; priceMinor: number }) => [v.sku, v.priceMinor])).toEqual([['BOX-S', 1990], ['BOX-L', 2990]]);
    expect((await post(csv, true)).json()).toMatchObject({ unchanged: 1, added: 0 });
  });

  it('manages accounts: a disabled one cannot sign in, and the last admin stays', async () => {
    const created = await server.app.inject({ method: 'POST', url: `${B}/staff`, headers: as('boss'), payload: { username: 'lin', role: 'agent', password: 'a long enough password' } });
    expect(created.statusCode).toBe(201);
    const lin = created.json();
    const login = () => server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { shop: 'tiny', username: 'lin', password: 'a long enough password' } });
    expect((await login()).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'PATCH', url: `${B}/staff/${lin.id}`, headers: as('boss'), payload: { disabled: true } })).json().disabled).toBe(true);
    const refused = await login();
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'XIAOER_ACCOUNT_DISABLED']);
    const weak = await server.app.inject({ method: 'POST', url: `${B}/staff/${lin.id}/password`, headers: as('boss'), payload: { password: 'short' } });
    expect(weak.statusCode).toBe(400);
    const team = (await server.app.inject({ url: `${B}/staff`, headers: as('boss') })).json().staff;
    const boss2 = team.find((s: { username: string }) => s.username === 'boss2');
    const boss = team.find((s: { username: string }) => s.username === 'boss');
    expect((await server.app.inject({ method: 'PATCH', url: `${B}/staff/${boss2.id}`, headers: as('boss'), payload: { role: 'agent' } })).statusCode).toBe(200);
    const last = await server.app.inject({ method: 'PATCH', url: `${B}/staff/${boss.id}`, headers: as('boss'), payload: { disabled: true } });
    expect([last.statusCode, last.json().error.code]).toEqual([409, 'XIAOER_LAST_ADMIN']);
  });

  it('records who changed what in the audit log', async () => {
    const audit = (await server.app.inject({ url: `${B}/audit?limit=200`, headers: as('boss') })).json();
    const actions = audit.entries.map((e: { action: string; staff: string }) => `${e.staff} ${e.action}`);
    for (const a of ['boss faq.put', 'boss2 faq.put', 'boss publish', 'boss rollback', 'boss flow.put', 'boss faq.import', 'boss staff.create', 'boss staff.update']) expect(actions).toContain(a);
    expect(audit.entries.find((e: { action: string }) => e.action === 'publish').summary).toMatch(/confirmed with 1 new failure/);
  });

  it('finds what spans items only when asked (it compiles), and refuses to publish a draft with such a problem', async () => {
    const csv = 'product_id,title,category,sku,spec,price,stock\nCOTTON-TEE,大写的T恤,上衣,TEE-UPPER-1,均码,59,3\n';
    expect((await server.app.inject({ method: 'POST', url: `${B}/products/import?dry_run=false`, headers: { ...as('boss'), 'content-type': 'text/csv' }, payload: csv })).json().saved).toBe(true);
    expect((await server.app.inject({ url: `${B}/draft`, headers: as('boss') })).json().problems).toEqual([]);
    const checked = (await server.app.inject({ url: `${B}/draft?check=true`, headers: as('boss') })).json();
    expect(checked.problems).toEqual([expect.stringMatching(/COTTON-TEE.*cotton-tee|cotton-tee.*COTTON-TEE/)]);
    const refused = await server.app.inject({ method: 'POST', url: `${B}/publish`, headers: as('boss'), payload: { confirm: true } });
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'XIAOER_DRAFT_INVALID']);
  });
});
