import { describe, expect, it } from 'vitest';
import { buildFlatXml, parseFlatXml } from './xml.js';
import { buildEncryptedReply, decryptWecom, encryptWecom, parseAesKey, readCallback, verifyUrl, wecomSignature } from './crypto.js';
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';

// The key, token and corp id of WeCom's published callback sample.
const secrets = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wx5823bf96d3bd56c7' };
const fixedRandom = Buffer.from([...Array(16).keys()]);

/** Encrypts a raw plaintext block with the key and no padding logic, to build malformed ciphertexts. */
function rawEncrypt(plain: Buffer): string {
  const key = Buffer.from(`${secrets.encodingAesKey}=`, 'base64');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

/** The plaintext layout WeCom encrypts, unpadded. */
function layout(message: string, corpId = secrets.corpId): Buffer {
  const msg = Buffer.from(message);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  return Buffer.concat([fixedRandom, len, msg, Buffer.from(corpId)]);
}

describe('WeCom callback crypto', () => {
  it('verifies the GET example of WeCom\'s published sample', () => {
    const result = verifyUrl(secrets, {
      msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
      timestamp: '1409659589',
      nonce: '263014780',
      echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    });
    expect(result).toEqual({ ok: true, echo: '1616140317555161061' });
  });

  it('produces a stable ciphertext and signature for a fixed random prefix', () => {
    const encrypted = encryptWecom(secrets.encodingAesKey, '<xml><Content><![CDATA[你好]]></Content></xml>', secrets.corpId, fixedRandom);
    expect(encrypted).toBe('JVwoIzeb5XuqKIT2XqjnoFf13320Vn0AGBzATxzjnck+4VdcXtDVCw/DhuPBFOI1NbLPvslaNrDy0qQV5/29i7IUqElGHmCA1U1eDVKianyiavRJR0k+LD/goUBpZI68');
    expect(wecomSignature('QDG6eK', '1409659813', '1372623149', encrypted)).toBe('8f3f589e9ec5e437a0ad46a7717a8869f12542a3');
  });

  it('round-trips messages of every length around the 32-byte block, Chinese included', () => {
    for (let n = 0; n <= 70; n++) {
      const message = '好'.repeat(n % 7) + 'x'.repeat(n);
      const encrypted = encryptWecom(secrets.encodingAesKey, message, secrets.corpId);
      expect(Buffer.from(encrypted, 'base64').length % 32).toBe(0);
      expect(decryptWecom(secrets.encodingAesKey, encrypted, secrets.corpId)).toEqual({ ok: true, message });
    }
  });

  it('pads with values above 16 and reads them back', () => {
    // 16 + 4 + 1 + 18 = 39 bytes: the next 32-byte boundary is 64, so the pad value is 25.
    const encrypted = encryptWecom(secrets.encodingAesKey, 'a', secrets.corpId, fixedRandom);
    expect(Buffer.from(encrypted, 'base64').length).toBe(64);
    expect(decryptWecom(secrets.encodingAesKey, encrypted, secrets.corpId)).toEqual({ ok: true, message: 'a' });
    // An aligned body still gets a whole block of 32s.
    const aligned = 'y'.repeat(64 - 16 - 4 - secrets.corpId.length);
    const full = encryptWecom(secrets.encodingAesKey, aligned, secrets.corpId, fixedRandom);
    expect(Buffer.from(full, 'base64').length).toBe(96);
    expect(decryptWecom(secrets.encodingAesKey, full, secrets.corpId)).toEqual({ ok: true, message: aligned });
  });

  it('refuses a wrong corp id, bad base64, a truncated or odd-length ciphertext and a bad key', () => {
    const encrypted = encryptWecom(secrets.encodingAesKey, 'hello', secrets.corpId);
    expect(decryptWecom(secrets.encodingAesKey, encrypted, 'wwsomeoneelse')).toEqual({ ok: false, reason: 'wrong_corp_id' });
    expect(decryptWecom(secrets.encodingAesKey, 'not base64!', secrets.corpId)).toEqual({ ok: false, reason: 'bad_base64' });
    expect(decryptWecom(secrets.encodingAesKey, '', secrets.corpId)).toEqual({ ok: false, reason: 'bad_block_length' });
    const cut = Buffer.from(encrypted, 'base64').subarray(0, 16).toString('base64');
    expect(decryptWecom(secrets.encodingAesKey, cut, secrets.corpId)).toEqual({ ok: false, reason: 'bad_block_length' });
    expect(decryptWecom('short', encrypted, secrets.corpId)).toEqual({ ok: false, reason: 'bad_aes_key' });
    expect(parseAesKey(secrets.encodingAesKey).ok).toBe(true);
    expect(() => encryptWecom('short', 'x', secrets.corpId)).toThrow(/EncodingAESKey/);
  });

  it('refuses bad padding: a zero, a value above 32 and bytes that disagree', () => {
    const body = layout('hi'); // 16 + 4 + 2 + 18 = 40 bytes; 24 bytes of pad make 64
    const withPad = (bytes: number[]) => rawEncrypt(Buffer.concat([body, Buffer.from(bytes)]));
    expect(decryptWecom(secrets.encodingAesKey, withPad(Array(24).fill(24)), secrets.corpId)).toEqual({ ok: true, message: 'hi' });
    expect(decryptWecom(secrets.encodingAesKey, withPad(Array(24).fill(0)), secrets.corpId)).toEqual({ ok: false, reason: 'bad_padding' });
    expect(decryptWecom(secrets.encodingAesKey, withPad([...Array(23).fill(33), 33]), secrets.corpId)).toEqual({ ok: false, reason: 'bad_padding' });
    expect(decryptWecom(secrets.encodingAesKey, withPad([...Array(23).fill(7), 24]), secrets.corpId)).toEqual({ ok: false, reason: 'bad_padding' });
  });

  it('refuses a length field longer than the plaintext', () => {
    const body = layout('hi');
    body.writeUInt32BE(1000, 16);
    const encrypted = rawEncrypt(Buffer.concat([body, Buffer.alloc(24, 24)]));
    expect(decryptWecom(secrets.encodingAesKey, encrypted, secrets.corpId)).toEqual({ ok: false, reason: 'truncated' });
  });

  it('refuses a tampered ciphertext without throwing', () => {
    const encrypted = encryptWecom(secrets.encodingAesKey, 'hello world', secrets.corpId);
    const bytes = Buffer.from(encrypted, 'base64');
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = tampered[i]! ^ 0x01;
      const result = decryptWecom(secrets.encodingAesKey, tampered.toString('base64'), secrets.corpId);
      // CBC flips one plaintext bit for a change in the previous block, so a few tamperings decrypt to
      // another message; what matters is that none throws and none yields the original with the right corp id.
      if (result.ok) expect(result.message).not.toBe('hello world');
    }
  });

  it('reads a signed kf callback and refuses a tampered signature or body', () => {
    const inner = buildFlatXml([
      ['ToUserName', secrets.corpId],
      ['CreateTime', '1348831860'],
      ['MsgType', 'event'],
      ['Event', 'kf_msg_or_event'],
      ['Token', 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR'],
      ['OpenKfId', 'wkxxxxxxxxxxxxxxxxxx'],
    ]);
    const encrypted = encryptWecom(secrets.encodingAesKey, inner, secrets.corpId);
    const query = { timestamp: '1409659813', nonce: '1372623149', msg_signature: wecomSignature(secrets.token, '1409659813', '1372623149', encrypted) };
    const body = buildFlatXml([['ToUserName', secrets.corpId], ['Encrypt', encrypted], ['AgentID', '']]);

    const read = readCallback(secrets, query, body);
    expect(read.ok && read.kf).toEqual({ syncToken: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', openKfId: 'wkxxxxxxxxxxxxxxxxxx' });

    expect(readCallback(secrets, { ...query, msg_signature: '0'.repeat(40) }, body)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(readCallback(secrets, { ...query, nonce: '1' }, body)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(readCallback({ ...secrets, token: 'other' }, query, body)).toEqual({ ok: false, reason: 'bad_signature' });
    const otherBody = buildFlatXml([['Encrypt', encryptWecom(secrets.encodingAesKey, inner, secrets.corpId)]]);
    expect(readCallback(secrets, query, otherBody)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(readCallback(secrets, query, '<xml></xml>')).toEqual({ ok: false, reason: 'missing_field' });
    expect(readCallback(secrets, query, '<!DOCTYPE x><xml></xml>')).toEqual({ ok: false, reason: 'xml_doctype_or_declaration' });
    expect(readCallback({ ...secrets, corpId: 'wwother' }, query, body)).toEqual({ ok: false, reason: 'wrong_corp_id' });
  });

  it('gives no kf notice for another event', () => {
    const encrypted = encryptWecom(secrets.encodingAesKey, buildFlatXml([['Event', 'change_contact']]), secrets.corpId);
    const query = { timestamp: '1', nonce: '2', msg_signature: wecomSignature(secrets.token, '1', '2', encrypted) };
    const read = readCallback(secrets, query, buildFlatXml([['Encrypt', encrypted]]));
    expect(read).toMatchObject({ ok: true, kf: null });
  });

  it('builds an encrypted reply envelope that reads back', () => {
    const xml = buildEncryptedReply(secrets, 'success', '1700000000', 'abc');
    const fields = parseFlatXml(xml);
    expect(fields.ok).toBe(true);
    if (!fields.ok) return;
    const encrypted = fields.fields.Encrypt!;
    expect(fields.fields.MsgSignature).toBe(wecomSignature(secrets.token, '1700000000', 'abc', encrypted));
    expect(decryptWecom(secrets.encodingAesKey, encrypted, secrets.corpId)).toEqual({ ok: true, message: 'success' });
  });
});

describe('WeCom crypto on arbitrary input', () => {
  it('round-trips any message and never throws on any ciphertext or body', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (message) => {
        const encrypted = encryptWecom(secrets.encodingAesKey, message, secrets.corpId);
        expect(decryptWecom(secrets.encodingAesKey, encrypted, secrets.corpId)).toEqual({ ok: true, message });
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.base64String(), fc.uint8Array({ maxLength: 160 }), (text, b64, bytes) => {
        expect(() => decryptWecom(secrets.encodingAesKey, text, secrets.corpId)).not.toThrow();
        expect(() => decryptWecom(secrets.encodingAesKey, b64, secrets.corpId)).not.toThrow();
        expect(() => decryptWecom(secrets.encodingAesKey, Buffer.from(bytes).toString('base64'), secrets.corpId)).not.toThrow();
        expect(() => readCallback(secrets, { msg_signature: text, timestamp: '1', nonce: '2' }, text)).not.toThrow();
      }),
    );
  });
});
