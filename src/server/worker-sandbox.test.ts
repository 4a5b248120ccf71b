// The worker sandbox on the demo shop: tries and the shop's own tests run on a release in a
// worker thread's throw-away database; warm workers are reused, broken ones replaced.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readBundleDir } from '../adapters/bundle/read-bundle-dir.js';
import type { ReleaseBytes, SandboxSetup } from '../app/ports.js';
import { tinyBundle } from '../core/testing/fixtures.js';
import { workerReleaseCompiler } from './worker-knowledge-builder.js';
import { createWorkerSandbox } from './worker-sandbox.js';

// Every worker the sandbox starts, so a test can kill one mid-request.
const started = vi.hoisted(() => [] as Worker[]);
vi.mock('./start-worker.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./start-worker.js')>();
  return {
    startWorker: (...args: Parameters<typeof real.startWorker>) => {
      const worker = real.startWorker(...args);
      started.push(worker);
      return worker;
    },
  };
});

const shopDir = fileURLToPath(new URL('../../shops/demo-zh/', import.meta.url));
const ORDER = '261119203518264093';

let releaseId = '';
let releaseJson = '';
let image: Uint8Array = new Uint8Array();
let setup: SandboxSetup = {};
let loads = 0;
/** The stored release's bytes, fresh each time: the sandbox moves them to its worker. */
const load = async (): Promise<ReleaseBytes> => {
  loads++;
  return { json: new TextEncoder().encode(releaseJson), image: image.slice() };
};

beforeAll(async () => {
  const read = await readBundleDir(shopDir);
  if (!read.ok) throw new Error(read.errors.join('\n'));
  const compiled = await workerReleaseCompiler().compile(read.bundle);
  releaseId = compiled.release.id;
  releaseJson = JSON.stringify(compiled.release);
  image = compiled.image;
  setup = read.seed ? { seed: read.seed } : {};
}, 120_000);

describe('the worker sandbox', () => {
  const sandbox = createWorkerSandbox();
  afterAll(() => sandbox.close());

  it('answers a shipping question with its FAQ entry, after the greeting, loading the release once for two tries', async () => {
    const first = await sandbox.converse(releaseId, load, setup, { messages: ['付完款了亲 大概几天给我发呀'] });
    expect(first).toHaveLength(2);
    expect(first[0]?.user).toBe('');
    expect(first[0]?.replies[0]?.trace.rule).toBe('welcome');
    expect(first[1]?.user).toBe('付完款了亲 大概几天给我发呀');
    expect(first[1]?.replies.map((r) => r.trace.faqId)).toContain('shipping-time');
    expect(first[1]?.replies.map((r) => r.trace.releaseId)).toContain(releaseId);
    const second = await sandbox.converse(releaseId, load, setup, { messages: ['什么时候发货啊'] });
    expect(second[1]?.replies.map((r) => r.trace.faqId)).toContain('shipping-time');
    expect(loads).toBe(1);
  }, 120_000);

  it('keeps a flow\'s state between the messages of a conversation, on fresh seed orders each try', async () => {
    const talk = () => sandbox.converse(releaseId, load, setup, { customerId: 'c1001', messages: ['我要退货', ORDER, '衣服好多线头，还有一处开线了', '是'] });
    const flows = (turns: Awaited<ReturnType<typeof talk>>) => turns.map((t) => t.replies.map((r) => r.trace.flow).filter((f) => f !== undefined).at(-1)?.step ?? null);
    const first = await talk();
    expect(flows(first)).toEqual([null, 'ask_order', 'ask_reason', 'confirm_return', 'done']);
    expect(first[4]?.replies.map((r) => r.text).join('\n')).toContain('退货申请已提交');
    // The return went in the first time; the second try starts from the seed again, so it goes in again.
    const second = await talk();
    expect(flows(second)).toEqual(flows(first));
  }, 60_000);

  it('rejects a page product the release does not have with its error code', async () => {
    await expect(sandbox.converse(releaseId, load, setup, { productId: 'NO-SUCH', messages: ['有货吗'] })).rejects.toMatchObject({ code: 'XIAOER_PRODUCT_NOT_FOUND' });
  }, 30_000);

  it('runs the shop\'s tests case by case, naming what a failing case got wrong, and lists files it cannot read', async () => {
    const files = (await readdir(`${shopDir}tests`)).filter((f) => /\.(jsonl|ya?ml)$/.test(f)).sort();
    const tests = await Promise.all(files.map(async (file) => ({ file, text: await readFile(`${shopDir}tests/${file}`, 'utf8') })));
    tests.push({ file: 'wrong.jsonl', text: JSON.stringify({ id: 'ship-time-paid', turns: [{ user: '付完款了亲 大概几天给我发呀', expect: { faq: 'return-7day' } }] }) + '\n' });
    tests.push({ file: 'broken.yaml', text: 'conversations:\n  - id: x\n    turns: [ {user: 你好\n' });
    tests.push({ file: 'broken.jsonl', text: '{"id": "a", "turns": [}\n' });
    const started = Date.now();
    const run = await sandbox.test(releaseId, load, setup, tests);
    const passed = run.cases.filter((c) => c.passed).length;
    const perFile = files.map((f) => `${f} ${run.cases.filter((c) => c.file === f && c.passed).length}/${run.cases.filter((c) => c.file === f).length}`);
    console.log(`demo-zh tests in the sandbox: ${passed} of ${run.cases.length} cases passed (${Date.now() - started} ms): ${perFile.join(', ')}`);
    expect(run.cases.length).toBeGreaterThan(100);
    expect(passed).toBeGreaterThan(run.cases.length / 2);
    // Every conversation fixture holds (npm test checks them too).
    expect(run.cases.filter((c) => /\.ya?ml$/.test(c.file) && !c.passed)).toEqual([]);
    // The same id in two files keeps each file's verdict.
    expect(run.cases.find((c) => c.file === 'faq.jsonl' && c.id === 'ship-time-paid')).toMatchObject({ passed: true, detail: '' });
    const wrong = run.cases.find((c) => c.file === 'wrong.jsonl');
    expect(wrong?.passed).toBe(false);
    expect(wrong?.detail).toBe('turn 1 faq: expected "return-7day" got "shipping-time"');
    expect(run.problems.some((p) => p.startsWith('broken.yaml: '))).toBe(true);
    expect(run.problems).toContain('broken.jsonl:1: not valid JSON');
    expect(run.cases.some((c) => c.file.startsWith('broken'))).toBe(false);
    expect(loads).toBe(1);
  }, 600_000);

  it('rejects a request whose worker is killed, and serves the next call on a fresh worker', async () => {
    const before = loads;
    const text = await readFile(`${shopDir}tests/faq.jsonl`, 'utf8');
    const running = sandbox.test(releaseId, load, setup, [{ file: 'faq.jsonl', text }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await started.at(-1)?.terminate();
    await expect(running).rejects.toThrow(/sandbox worker of release .* stopped/);
    const after = await sandbox.converse(releaseId, load, setup, { messages: ['什么时候发货啊'] });
    expect(after[1]?.replies.map((r) => r.trace.faqId)).toContain('shipping-time');
    expect(loads).toBe(before + 1);
  }, 60_000);
});

describe('the worker sandbox\'s limits', () => {
  it('keeps at most maxWarm releases warm, ending the least recently used, and ends idle workers', async () => {
    const tiny = await workerReleaseCompiler().compile(tinyBundle());
    const tinyJson = JSON.stringify(tiny.release);
    const counted = { demo: 0, tiny: 0 };
    const loadDemo = async () => (counted.demo++, load());
    const loadTiny = async (): Promise<ReleaseBytes> => (counted.tiny++, { json: new TextEncoder().encode(tinyJson), image: tiny.image.slice() });
    const sandbox = createWorkerSandbox({ maxWarm: 1, idleMs: 1_000 });
    try {
      const ask = async (id: string, from: () => Promise<ReleaseBytes>) => (await sandbox.converse(id, from, {}, { messages: ['什么时候发货'] }))[1]?.replies[0]?.trace.faqId;
      expect(await ask(releaseId, loadDemo)).toBe('shipping-time');
      expect(await ask(tiny.release.id, loadTiny)).toBe('shipping-time');
      // Only one may stay warm: the demo's worker was ended for the tiny shop's.
      expect(await ask(releaseId, loadDemo)).toBe('shipping-time');
      expect(counted).toEqual({ demo: 2, tiny: 1 });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await ask(releaseId, loadDemo)).toBe('shipping-time');
      expect(counted).toEqual({ demo: 3, tiny: 1 });
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('stops a worker whose request overruns its time, and serves the next request on a fresh one', async () => {
    const sandbox = createWorkerSandbox({ converseTimeoutMs: 5 });
    try {
      const messages = Array.from({ length: 20 }, () => '什么时候发货啊');
      await expect(sandbox.converse(releaseId, load, setup, { messages })).rejects.toThrow(/took longer than 5 ms; its worker was stopped/);
      const before = loads;
      const run = await sandbox.test(releaseId, load, setup, [{ file: 'one.jsonl', text: JSON.stringify({ id: 'ship', turns: [{ user: '什么时候发货啊', expect: { faq: 'shipping-time' } }] }) }]);
      expect(run).toEqual({ cases: [{ id: 'ship', file: 'one.jsonl', passed: true, detail: '' }], problems: [] });
      expect(loads).toBe(before + 1);
      await expect(sandbox.converse(releaseId, load, setup, { messages })).rejects.toThrow(/took longer/);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('rejects the calls of a release that cannot be loaded or opened, naming it', async () => {
    const sandbox = createWorkerSandbox();
    try {
      const failing = async (): Promise<ReleaseBytes> => {
        throw new Error('no such release');
      };
      await expect(sandbox.converse('rel-gone', failing, {}, { messages: ['你好'] })).rejects.toThrow('the sandbox could not load release rel-gone: no such release');
      // Bytes of another release: the worker refuses them, and both waiting calls hear why.
      const calls = [sandbox.converse('rel-other', load, setup, { messages: ['你好'] }), sandbox.test('rel-other', load, setup, [])];
      for (const call of calls) await expect(call).rejects.toThrow('the sandbox could not open release rel-other: the bytes given are not release rel-other');
    } finally {
      await sandbox.close();
    }
  }, 30_000);

  it('rejects every call once closed', async () => {
    const sandbox = createWorkerSandbox();
    await sandbox.close();
    await expect(sandbox.converse(releaseId, load, setup, { messages: [] })).rejects.toThrow('the sandbox is closed');
  });
});
