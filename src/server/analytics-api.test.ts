// The shopper's rating and the admins' outcome report over HTTP: a rating is taken once, with the
// conversation's token; the report and its CSV are for the shop's admins only, over valid dates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../app/staff/accounts.js';
import { appHarness } from '../testing/app-harness.js';
import { outcomeReport } from '../core/analytics/outcomes.js';
import { buildServer, type XiaoerServer } from './build-server.js';
import { reportCsv } from './routes/analytics.js';

const PASSWORD = 'correct horse battery';

describe('ratings and the analytics API', () => {
  let server: XiaoerServer;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    const h = await appHarness();
    await createStaff(h.deps, { shopId: 'tiny', username: 'boss', role: 'admin', groups: [], password: PASSWORD });
    await createStaff(h.deps, { shopId: 'tiny', username: 'mei', role: 'agent', groups: [], password: PASSWORD });
    server = await buildServer(h.deps, { logLevel: 'silent' });
    for (const username of ['boss', 'mei']) {
      const r = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { shop: 'tiny', username, password: PASSWORD } });
      cookies.set(username, String(r.headers['set-cookie']).split(';')[0] ?? '');
    }
  });
  afterAll(() => server.app.close());

  async function conversationWithAMessage() {
    const c = (await server.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: { shop: 'tiny' } })).json<{ id: string; token: string }>();
    const auth = { authorization: `Bearer ${c.token}` };
    await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${c.id}/messages`, headers: auth, payload: { text: '谢谢', clientMessageId: 'm1' } });
    return { id: c.id, auth };
  }

  it('takes a rating once, with the conversation token, and counts it in the report', async () => {
    const { id, auth } = await conversationWithAMessage();
    const rate = (payload: object, headers: Record<string, string> = auth) => server.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/rating`, headers, payload });
    expect((await rate({ score: 5 }, {})).statusCode).toBe(401);
    const bad = await Promise.all([rate({ score: 0 }), rate({ score: 6 }), rate({ score: 4.5 }), rate({ score: '5' }), rate({ score: 5, extra: 1 })]);
    expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400, 400, 400]);
    expect([(await rate({ score: 5, comment: '很快' })).statusCode]).toEqual([200]);
    const again = await rate({ score: 1 });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'XIAOER_ALREADY_RATED']);
    const today = new Date().toISOString().slice(0, 10);
    const report = await server.app.inject({ url: `/api/v1/admin/shops/tiny/analytics?from=${today}&to=${today}`, headers: { cookie: cookies.get('boss') } });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ conversations: 1, csat: { count: 1, mean: 5 }, resolution: { confirmed: 1 } });
  });

  it("gives the report and its CSV to the shop's admins only", async () => {
    const url = '/api/v1/admin/shops/tiny/analytics';
    expect((await server.app.inject({ url })).statusCode).toBe(401);
    const agent = await server.app.inject({ url, headers: { cookie: cookies.get('mei') } });
    expect([agent.statusCode, agent.json().error.code]).toEqual([403, 'XIAOER_FORBIDDEN']);
    const other = await server.app.inject({ url: '/api/v1/admin/shops/other/analytics', headers: { cookie: cookies.get('boss') } });
    expect(other.statusCode).toBe(403);
    const csv = await server.app.inject({ url: `${url}.csv`, headers: { cookie: cookies.get('boss') } });
    expect([csv.statusCode, csv.headers['content-type'], csv.body.split('\n')[0]]).toEqual([200, 'text/csv; charset=utf-8', 'figure,value']);
    expect(csv.body).toMatch(/^conversations,\d+$/m);
  });

  it('answers bad dates with 400 and a stable code', async () => {
    const cookie = cookies.get('boss');
    const urls = ['?from=2026-13-01', '?from=2026-02-30', '?from=yesterday', '?from=2026-12-10&to=2026-12-01'];
    const rs = await Promise.all(urls.map((q) => server.app.inject({ url: `/api/v1/admin/shops/tiny/analytics${q}`, headers: { cookie } })));
    expect(rs.map((r) => [r.statusCode, r.json().error.code])).toEqual([
      [400, 'XIAOER_INVALID_DATE_RANGE'],
      [400, 'XIAOER_INVALID_DATE_RANGE'],
      [400, 'XIAOER_VALIDATION'],
      [400, 'XIAOER_INVALID_DATE_RANGE'],
    ]);
  });
});

describe('the report as CSV', () => {
  it('writes every figure, list and experiment arm, and defuses a cell a spreadsheet would run', () => {
    const report = outcomeReport([], [], { from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z', now: '2026-12-03T00:00:00.000Z', attributionDays: 3, experiments: [{ id: 'lift', flow: 'sales', holdout: 10 }] });
    const csv = reportCsv({ ...report, handoff_reasons: [{ reason: 'angry', count: 2 }], top_intents: [{ intent: 'shipping', count: 5 }], gaps: [{ text: '=cmd|calc', count: 1, examples: [] }] });
    const lines = csv.trim().split('\n');
    expect(lines).toContain('conversations,0');
    expect(lines).toContain('handoff_reasons.angry,2');
    expect(lines).toContain('top_intents.shipping,5');
    expect(lines).toContain('experiments.lift.treatment,0 conversations; 0 converted; rate ; 95% ');
    expect(lines).toContain('experiments.lift.too_few,true');
    expect(lines).toContain('gaps.=cmd|calc,1'); // a key never starts with =, so a shopper's words cannot become a formula
    expect(reportCsv({ ...report, range: { from: '=1+1', to: report.range.to } })).toContain("range.from,'=1+1");
  });
});
