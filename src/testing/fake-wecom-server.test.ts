import { afterEach, describe, expect, it } from 'vitest';
import { readCallback, verifyUrl } from '../adapters/channels/wecom/crypto.js';
import { signedKfCallback, signedVerification, startFakeWecom, type FakeWecom } from './fake-wecom-server.js';

const secrets = { token: 'tok3n', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'ww1234567890abcdef' };
let fake: FakeWecom | undefined;
afterEach(() => fake?.close());

describe('fake WeCom callbacks', () => {
  it('signs a URL verification the real crypto accepts', () => {
    expect(verifyUrl(secrets, signedVerification(secrets, '1616140317555161061'))).toEqual({ ok: true, echo: '1616140317555161061' });
  });

  it('signs a kf callback whose sync token the fake then accepts', async () => {
    fake = await startFakeWecom({ corpId: secrets.corpId });
    const syncToken = fake.mintSyncToken();
    const { query, body } = signedKfCallback(secrets, { syncToken, openKfId: 'wkA' });
    const read = readCallback(secrets, query, body);
    expect(read.ok && read.kf).toEqual({ syncToken, openKfId: 'wkA' });
    expect(read.ok && read.fields.ToUserName).toBe(secrets.corpId);
  });

  it('closes with a request still hanging', async () => {
    fake = await startFakeWecom();
    fake.failNext('/gettoken', { hang: true });
    const hanging = fetch(`${fake.url}/cgi-bin/gettoken`).catch((e: unknown) => e);
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await fake.close();
    expect(await hanging).toBeInstanceOf(Error);
    fake = undefined;
  });
});
