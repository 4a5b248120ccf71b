// Identifying shoppers with the shop's signed tokens: valid ones name the customer; forged,
// tampered, expired, other-shop and other-algorithm tokens are refused with stable codes; a visitor
// who signs in mid-conversation brings their tags along.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { TagTaxonomy } from '../../../core/customer/tags.js';
import { appHarness } from '../../../testing/app-harness.js';
import { tinyBundle } from '../../../core/testing/fixtures.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { identifyConversation } from '../../../app/customers/identify-conversation.js';
import { authorizeShopper } from '../../../app/conversations/shopper-access.js';
import { turnContext } from '../../../app/conversations/turn-context.js';

const SECRET = 'tiny-shop-identity-secret-0123456789';
const taxonomy: TagTaxonomy = { groups: [{ id: 'concern', label: { zh: '关注点' } }], tags: [{ id: '敏感肌', group: 'concern' }], rules: [{ id: 'skin', tag: '敏感肌', when: { entity: 'skin_type', value: '敏感肌' }, confidence: 0.9 }] };

async function token(claims: { sub?: string; aud?: string; expSeconds?: number; name?: string }, key = SECRET, alg = 'HS256'): Promise<string> {
  const nowS = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ ...(claims.name ? { name: claims.name } : {}) }).setProtectedHeader({ alg }).setIssuedAt(nowS);
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  if (claims.aud) jwt = jwt.setAudience(claims.aud);
  jwt = jwt.setExpirationTime(nowS + (claims.expSeconds ?? 600));
  return jwt.sign(new TextEncoder().encode(key));
}

async function setUp() {
  const bundle = tinyBundle();
  return appHarness({ bundle: { ...bundle, shop: { ...bundle.shop, identity: { secret_env: 'TINY_IDENTITY_SECRET' } }, tags: taxonomy }, secrets: { TINY_IDENTITY_SECRET: SECRET } });
}

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('identity tokens', () => {
  it('takes the customer from a valid token and refuses every other kind', async () => {
    const h = await setUp();
    const start = (identityToken: string, customerId?: string) => startConversation(h.deps, { shopId: h.shopId, identityToken, ...(customerId ? { customerId } : {}) });
    const c = await start(await token({ sub: 'c42', aud: h.shopId, name: '林' }));
    expect((await h.deps.store.conversations.get(c.id))?.customerId).toBe('c42');

    const good = await token({ sub: 'c42', aud: h.shopId });
    const [head, body, sig] = good.split('.');
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: 'c43' })).toString('base64url')}.${sig}`;
    expect(await code(start(await token({ sub: 'c42', aud: h.shopId }, 'someone-elses-secret-0123456789')))).toBe('XIAOER_IDENTITY_INVALID');
    expect(await code(start(tampered))).toBe('XIAOER_IDENTITY_INVALID');
    expect(await code(start(await token({ sub: 'c42', aud: h.shopId, expSeconds: -60 })))).toBe('XIAOER_IDENTITY_EXPIRED');
    expect(await code(start(await token({ sub: 'c42', aud: 'other-shop' })))).toBe('XIAOER_IDENTITY_OTHER_SHOP');
    expect(await code(start(await token({ sub: 'c42', aud: h.shopId }, SECRET, 'HS512')))).toBe('XIAOER_IDENTITY_INVALID');
    expect(await code(start(await token({ aud: h.shopId })))).toBe('XIAOER_IDENTITY_INVALID');
    expect(await code(start('not.a.token-at-all'))).toBe('XIAOER_IDENTITY_INVALID');
    expect(await code(start(good, 'c99'))).toBe('XIAOER_IDENTITY_INVALID');
    // A shop that identifies with tokens does not take a bare customer id.
    expect(await code(startConversation(h.deps, { shopId: h.shopId, customerId: 'c42' }))).toBe('XIAOER_IDENTITY_REQUIRED');
  });

  it('merges a visitor into the customer who signs in mid-conversation, once', async () => {
    const h = await setUp();
    const c = await startConversation(h.deps, { shopId: h.shopId });
    await handleInboundMessage(h.deps, { conversationId: c.id, text: '我是敏感肌', clientMessageId: 'm1' });
    const now = h.deps.clock.now();
    expect((await h.deps.store.customers.listTags(h.shopId, `visitor:${c.id}`, now)).map((t) => t.tag)).toEqual(['敏感肌']);
    const t = await token({ sub: 'c42', aud: h.shopId });
    expect(await identifyConversation(h.deps, { conversationId: c.id, token: t })).toEqual({ conversationId: c.id, customerId: 'c42', mergedTags: 1 });
    expect((await h.deps.store.customers.listTags(h.shopId, 'c42', now)).map((x) => [x.tag, x.rule])).toEqual([['敏感肌', 'skin']]);
    expect(await h.deps.store.customers.listTags(h.shopId, `visitor:${c.id}`, now)).toEqual([]);
    expect((await h.deps.store.outbox.list(c.id)).map((e) => e.event).filter((e) => e.type === 'customer.identified')).toEqual([{ type: 'customer.identified', conversationId: c.id, customerId: 'c42', previousKey: `visitor:${c.id}` }]);
    // Later tags go to the customer; the same token again changes nothing; another customer is refused.
    await handleInboundMessage(h.deps, { conversationId: c.id, text: '还是敏感肌', clientMessageId: 'm2' });
    expect((await h.deps.store.customers.listTags(h.shopId, 'c42', h.deps.clock.now())).map((x) => x.tag)).toEqual(['敏感肌']);
    expect(await identifyConversation(h.deps, { conversationId: c.id, token: t })).toMatchObject({ mergedTags: 0 });
    expect(await code(identifyConversation(h.deps, { conversationId: c.id, token: await token({ sub: 'c43', aud: h.shopId }) }))).toBe('XIAOER_ALREADY_IDENTIFIED');
  });

  it('cleans the claims it keeps: a name with NUL or a lone surrogate is stored as both stores can', async () => {
    const h = await setUp();
    const c = await startConversation(h.deps, { shopId: h.shopId, identityToken: await token({ sub: 'c42', aud: h.shopId, name: '林\u0000晓\ud800雯' }) });
    expect((await h.deps.store.conversations.get(c.id))?.state.authenticated).toEqual({ customerId: 'c42', name: '林晓\ufffd雯' });
  });

  it("uses the token's name for a customer the shop's order system does not know", async () => {
    const h = await setUp();
    const c = await startConversation(h.deps, { shopId: h.shopId, identityToken: await token({ sub: 'c42', aud: h.shopId, name: '林晓雯' }) });
    const stored = await h.deps.store.conversations.get(c.id);
    expect(stored?.state.authenticated).toEqual({ customerId: 'c42', name: '林晓雯' });
    expect((await turnContext(h.deps, h.deps.commerce.builtin, h.shopId, 'c42', stored?.state.authenticated)).customer?.name).toBe('林晓雯');
    // Signing in mid-conversation brings the name too.
    const visitor = await startConversation(h.deps, { shopId: h.shopId });
    await identifyConversation(h.deps, { conversationId: visitor.id, token: await token({ sub: 'c43', aud: h.shopId, name: '王' }) });
    expect((await h.deps.store.conversations.get(visitor.id))?.state.authenticated).toEqual({ customerId: 'c43', name: '王' });
  });

  it("resumes a signed-in customer's conversation with that customer's identity token, never another's", async () => {
    const h = await setUp();
    const c = await startConversation(h.deps, { shopId: h.shopId, identityToken: await token({ sub: 'c42', aud: h.shopId }) });
    expect((await authorizeShopper(h.deps, c.id, { identityToken: await token({ sub: 'c42', aud: h.shopId }) })).id).toBe(c.id);
    expect((await authorizeShopper(h.deps, c.id, { accessToken: c.accessToken })).id).toBe(c.id);
    expect(await code(authorizeShopper(h.deps, c.id, { identityToken: await token({ sub: 'c43', aud: h.shopId }) }))).toBe('XIAOER_CONVERSATION_ACCESS_DENIED');
    // A forged or expired identity token is refused like a wrong one (its own error would reveal the conversation).
    expect(await code(authorizeShopper(h.deps, c.id, { identityToken: await token({ sub: 'c42', aud: h.shopId }, 'forged-secret-0123456789abcdef') }))).toBe('XIAOER_CONVERSATION_ACCESS_DENIED');
    expect(await code(authorizeShopper(h.deps, c.id, { identityToken: await token({ sub: 'c42', aud: h.shopId, expSeconds: -60 }) }))).toBe('XIAOER_CONVERSATION_ACCESS_DENIED');
    // A visitor's conversation opens to its access token only.
    const visitor = await startConversation(h.deps, { shopId: h.shopId });
    expect(await code(authorizeShopper(h.deps, visitor.id, { identityToken: await token({ sub: 'c42', aud: h.shopId }) }))).toBe('XIAOER_CONVERSATION_ACCESS_DENIED');
    expect(await code(authorizeShopper(h.deps, visitor.id, {}))).toBe('XIAOER_CONVERSATION_TOKEN_REQUIRED');
  });

  it('refuses a bare customer id unless the shop chose to trust it', async () => {
    const plain = tinyBundle();
    delete plain.shop.identity;
    const h = await appHarness({ bundle: plain });
    expect(await code(startConversation(h.deps, { shopId: h.shopId, customerId: 'c1002' }))).toBe('XIAOER_IDENTITY_REQUIRED');
    const trusting = await appHarness({ bundle: tinyBundle({ identity: { trust: 'customer-id' } }) });
    const c = await startConversation(trusting.deps, { shopId: trusting.shopId, customerId: 'c1002' });
    expect((await trusting.deps.store.conversations.get(c.id))?.customerId).toBe('c1002');
  });
});
