// Durability, as a user of the API sees it: the server is killed with SIGKILL in the middle of a
// burst of conversations and started again on the same data. Every message it acknowledged is
// still there, and every event of an acknowledged change reaches the CDP webhook (de-duplicated
// by delivery id). Loopback only; bounded in time; the processes stop themselves.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, waitUntil } from './cluster-harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = join(root, 'dist/server/main.js');
const built = existsSync(main);
if (!built) console.warn('[xiaoer tests] dist/server/main.js is missing (npm run build): the crash-restart test is SKIPPED.');

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function start(port: number, dataDir: string, hook: string): ChildProcess {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', XIAOER_DATA_DIR: dataDir, LOG_LEVEL: 'error', DATABASE_URL: '', XIAOER_CDP_WEBHOOK_URL: hook, XIAOER_CDP_WEBHOOK_SECRET: 'crash-test-secret-0123', XIAOER_FOLLOW_UP_SECONDS: '0', XIAOER_RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '0', XIAOER_RATE_LIMIT_MESSAGES_PER_MINUTE: '0' },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

describe.skipIf(!built)('SIGKILL in the middle of a burst', () => {
  it('loses no acknowledged message and no event', async () => {
    const deliveries = new Map<string, { type: string; event?: string; context: { conversationId: string } }>();
    const receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        deliveries.set(String(req.headers['x-xiaoer-delivery']), JSON.parse(raw));
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'xiaoer-crash-'));
    try {
      let server = start(port, dataDir, hook);
      expect(await waitUntil(async () => (await fetch(`${base}/healthz`)).ok, 30_000)).toBe(true);

      const started: string[] = [];
      const acked: { conversation: string; message: string }[] = [];
      const tokens = new Map<string, string>();
      const one = async (i: number) => {
        const c = await fetch(`${base}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shop: 'demo-zh', customer: { id: `crash-${i}` } }) });
        if (!c.ok) return;
        const { id, token } = (await c.json()) as { id: string; token: string };
        tokens.set(id, token);
        started.push(id);
        for (let k = 0; k < 3; k++) {
          const m = await fetch(`${base}/api/v1/conversations/${id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ text: '这款面料适合敏感肌吗', clientMessageId: `m${k}` }) });
          if (!m.ok) return;
          acked.push({ conversation: id, message: ((await m.json()) as { message: { id: string } }).message.id });
        }
      };
      const burst = Promise.all(Array.from({ length: 40 }, (_, i) => one(i).catch(() => undefined)));
      await waitUntil(async () => acked.length >= 20, 20_000);
      server.kill('SIGKILL');
      await burst;
      expect(acked.length).toBeGreaterThanOrEqual(20);

      server = start(port, dataDir, hook);
      expect(await waitUntil(async () => (await fetch(`${base}/healthz`)).ok, 30_000)).toBe(true);
      for (const a of acked) {
        const r = await fetch(`${base}/api/v1/conversations/${a.conversation}/messages`, { headers: { authorization: `Bearer ${tokens.get(a.conversation) ?? ''}` } });
        const ids = ((await r.json()) as { messages: { id: string }[] }).messages.map((m) => m.id);
        expect(ids).toContain(a.message);
      }
      // Every acknowledged conversation's start and every acknowledged tagged message reach the CDP.
      const wantStarted = new Set(started);
      const wantTagged = new Set(acked.map((a) => a.conversation));
      const complete = async () => {
        const seen = [...deliveries.values()];
        const gotStarted = new Set(seen.filter((d) => d.event === 'Conversation Started').map((d) => d.context.conversationId));
        const gotTagged = new Set(seen.filter((d) => d.type === 'identify').map((d) => d.context.conversationId));
        return [...wantStarted].every((c) => gotStarted.has(c)) && [...wantTagged].every((c) => gotTagged.has(c));
      };
      expect(await waitUntil(complete, 20_000)).toBe(true);
      server.kill('SIGTERM');
    } finally {
      receiver.close();
    }
  }, 120_000);
});
