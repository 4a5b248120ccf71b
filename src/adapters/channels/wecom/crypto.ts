// WeCom's callback crypto ("加解密方案"): SHA-1 signatures over sorted strings and AES-256-CBC with
// 32-byte PKCS#7 blocks. Everything a caller sends in is outside data, so reading never throws:
// bad base64, padding, lengths or corp ids come back as reasons.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { buildFlatXml, parseFlatXml, type FlatXmlFailure, type FlatXmlFields } from './xml.js';

/** Why a ciphertext, a signature or a callback was refused. */
export type WecomCryptoFailure =
  | 'bad_aes_key'
  | 'bad_base64'
  | 'bad_block_length'
  | 'bad_padding'
  | 'truncated'
  | 'bad_utf8'
  | 'wrong_corp_id'
  | 'bad_signature'
  | 'missing_field'
  | `xml_${FlatXmlFailure}`;

/** WeCom pads to 32-byte blocks, not AES's 16, so pad values run 1..32. */
const PAD_BLOCK = 32;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const AES_KEY = /^[A-Za-z0-9+/]{43}$/;

/** The settings one callback URL is verified with, as entered in the WeCom admin. */
export interface WecomCallbackSecrets {
  token: string;
  encodingAesKey: string;
  corpId: string;
}

/** Decodes the 43-character EncodingAESKey into its 32-byte AES key, so config can check it at boot. */
export function parseAesKey(encodingAesKey: string): { ok: true; key: Buffer } | { ok: false; reason: 'bad_aes_key' } {
  if (!AES_KEY.test(encodingAesKey)) return { ok: false, reason: 'bad_aes_key' };
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  return key.length === 32 ? { ok: true, key } : { ok: false, reason: 'bad_aes_key' };
}

/** The `msg_signature` WeCom sends: SHA-1 hex of the four strings sorted and joined with nothing between. */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  const joined = [token, timestamp, nonce, encrypted].sort().join('');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

/** Compares a received signature with the expected one in constant time, so timing leaks nothing. */
export function signatureMatches(secrets: Pick<WecomCallbackSecrets, 'token'>, signature: string, timestamp: string, nonce: string, encrypted: string): boolean {
  const expected = Buffer.from(wecomSignature(secrets.token, timestamp, nonce, encrypted), 'utf8');
  const got = Buffer.from(signature.toLowerCase(), 'utf8');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** Decrypts one `Encrypt` value or `echostr`; refuses anything malformed and any receiveid but `corpId`. */
export function decryptWecom(encodingAesKey: string, encrypted: string, corpId: string): { ok: true; message: string } | { ok: false; reason: WecomCryptoFailure } {
  const key = parseAesKey(encodingAesKey);
  if (!key.ok) return key;
  if (!BASE64.test(encrypted)) return { ok: false, reason: 'bad_base64' };
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % PAD_BLOCK !== 0) return { ok: false, reason: 'bad_block_length' };
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key.key, key.key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return { ok: false, reason: 'bad_block_length' };
  }
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > PAD_BLOCK) return { ok: false, reason: 'bad_padding' };
  for (let k = plain.length - pad; k < plain.length; k++) if (plain[k] !== pad) return { ok: false, reason: 'bad_padding' };
  const body = plain.subarray(0, plain.length - pad);
  // 16 random bytes, a 4-byte big-endian length, the message, then the receiveid.
  if (body.length < 20) return { ok: false, reason: 'truncated' };
  const length = body.readUInt32BE(16);
  if (length > body.length - 20) return { ok: false, reason: 'truncated' };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let message: string;
  let receiveId: string;
  try {
    message = decoder.decode(body.subarray(20, 20 + length));
    receiveId = decoder.decode(body.subarray(20 + length));
  } catch {
    return { ok: false, reason: 'bad_utf8' };
  }
  if (receiveId !== corpId) return { ok: false, reason: 'wrong_corp_id' };
  return { ok: true, message };
}

/** Encrypts as WeCom does (tests, the fake and encrypted replies); `random16` fixes the prefix for stable vectors. */
export function encryptWecom(encodingAesKey: string, message: string, corpId: string, random16: Buffer = randomBytes(16)): string {
  const key = parseAesKey(encodingAesKey);
  if (!key.ok) throw Object.assign(new Error('EncodingAESKey must be 43 base64 characters'), { code: 'XIAOER_WECOM_BAD_AES_KEY' });
  if (random16.length !== 16) throw Object.assign(new Error('the random prefix must be 16 bytes'), { code: 'XIAOER_WECOM_BAD_RANDOM' });
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([random16, length, msg, Buffer.from(corpId, 'utf8')]);
  const pad = PAD_BLOCK - (body.length % PAD_BLOCK); // 1..32; a full block when already aligned
  const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key.key, key.key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** The query of WeCom's GET that checks a callback URL. */
export interface WecomVerifyQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
  echostr: string;
}

/** Answers the GET verification: the echostr's plaintext when the signature and corp id hold. */
export function verifyUrl(secrets: WecomCallbackSecrets, query: WecomVerifyQuery): { ok: true; echo: string } | { ok: false; reason: WecomCryptoFailure } {
  if (!signatureMatches(secrets, query.msg_signature, query.timestamp, query.nonce, query.echostr)) return { ok: false, reason: 'bad_signature' };
  const plain = decryptWecom(secrets.encodingAesKey, query.echostr, secrets.corpId);
  return plain.ok ? { ok: true, echo: plain.message } : plain;
}

/** The query of WeCom's POST callback (the ciphertext travels in the body). */
export type WecomCallbackQuery = Omit<WecomVerifyQuery, 'echostr'>;

/** What a 微信客服 callback says: new messages or events wait behind this sync token for this kf account. */
export interface KfNotice {
  syncToken: string;
  openKfId: string;
}

/** A callback read: every decrypted field, and the kf notice when the event is `kf_msg_or_event`. */
export type ReadCallbackResult = { ok: true; fields: FlatXmlFields; kf: KfNotice | null } | { ok: false; reason: WecomCryptoFailure };

/** Checks, decrypts and reads a POST callback body, so the route only has to act on the kf notice. */
export function readCallback(secrets: WecomCallbackSecrets, query: WecomCallbackQuery, body: string): ReadCallbackResult {
  const outer = parseFlatXml(body);
  if (!outer.ok) return { ok: false, reason: `xml_${outer.reason}` };
  const encrypted = outer.fields.Encrypt;
  if (!encrypted) return { ok: false, reason: 'missing_field' };
  if (!signatureMatches(secrets, query.msg_signature, query.timestamp, query.nonce, encrypted)) return { ok: false, reason: 'bad_signature' };
  const plain = decryptWecom(secrets.encodingAesKey, encrypted, secrets.corpId);
  if (!plain.ok) return plain;
  const inner = parseFlatXml(plain.message);
  if (!inner.ok) return { ok: false, reason: `xml_${inner.reason}` };
  const f = inner.fields;
  const kf = f.Event === 'kf_msg_or_event' && f.Token && f.OpenKfId ? { syncToken: f.Token, openKfId: f.OpenKfId } : null;
  return { ok: true, fields: f, kf };
}

/** Wraps a plaintext reply in WeCom's signed, encrypted envelope (kf callbacks want only "success", but other apps reply so). */
export function buildEncryptedReply(secrets: WecomCallbackSecrets, plaintext: string, timestamp: string, nonce: string, random16?: Buffer): string {
  const encrypted = encryptWecom(secrets.encodingAesKey, plaintext, secrets.corpId, random16);
  return buildFlatXml([
    ['Encrypt', encrypted],
    ['MsgSignature', wecomSignature(secrets.token, timestamp, nonce, encrypted)],
    ['TimeStamp', timestamp],
    ['Nonce', nonce],
  ]);
}
