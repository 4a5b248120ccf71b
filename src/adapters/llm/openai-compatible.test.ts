// The OpenAI-compatible provider against the fake server, one test per way a provider answers.
// Deadlines are short (a few hundred ms) and only "it came back as timeout" is asserted, never a duration.
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LlmRequest } from '../../app/ports.js';
import { lastUserMessage, startFakeLlm, type FakeLlm, type FakeReply } from '../../testing/fake-llm-server.js';
import { estimateTokens, openAiCompatible } from './openai-compatible.js';

let fake: FakeLlm | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const provider = openAiCompatible();
const ask = (over: Partial<LlmRequest> = {}): LlmRequest => ({
  baseUrl: fake?.url ?? 'http://127.0.0.1:9/v1',
  apiKey: 'sk-test',
  model: 'deepseek-chat',
  messages: [
    { role: 'system', content: '你是店铺客服小二。' },
    { role: 'user', content: '这件衣服有黑色吗？' },
  ],
  maxTokens: 200,
  timeoutMs: 2000,
  ...over,
});
async function serve(reply: FakeReply | ((text: string) => FakeReply)) {
  fake = await startFakeLlm((req) => (typeof reply === 'function' ? reply(lastUserMessage(req)) : reply));
  return fake;
}

describe('openAiCompatible', () => {
  it('streams an answer and sends the request OpenAI-style', async () => {
    const f = await serve((question) => ({ kind: 'text', text: `您问：${question} 有的，黑色有货。`, chunkChars: 3, usage: { prompt_tokens: 21, completion_tokens: 9 } }));
    const r = await provider.complete(ask({ baseUrl: `${f.url}/` }));
    expect(r).toMatchObject({ ok: true, text: '您问：这件衣服有黑色吗？ 有的，黑色有货。', usage: { promptTokens: 21, completionTokens: 9 } });
    expect(r.ms).toBeGreaterThanOrEqual(0);
    const [req] = f.requests;
    expect(req?.headers.authorization).toBe('Bearer sk-test');
    expect(req).toMatchObject({ model: 'deepseek-chat', stream: true, max_tokens: 200 });
    expect(req?.response_format).toBeUndefined();
    expect(req?.body).toMatchObject({ stream_options: { include_usage: true }, temperature: 0 });
  });

  it('asks for a JSON object when told, and sends no Authorization without a key (Ollama)', async () => {
    const f = await serve({ kind: 'text', text: '{"intent":"stock"}', usage: { prompt_tokens: 5, completion_tokens: 6 } });
    const r = await provider.complete(ask({ json: true, apiKey: '' }));
    expect(r).toMatchObject({ ok: true, text: '{"intent":"stock"}' });
    expect(f.requests[0]?.response_format).toEqual({ type: 'json_object' });
    expect(f.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('estimates usage when the provider reports none', async () => {
    await serve({ kind: 'text', text: '有的，黑色有货。' });
    const r = await provider.complete(ask());
    expect(r.ok && r.usage).toEqual({ promptTokens: 4 + estimateTokens('你是店铺客服小二。') + 4 + estimateTokens('这件衣服有黑色吗？'), completionTokens: estimateTokens('有的，黑色有货。') });
    expect(estimateTokens('有的')).toBe(2); // 2 × 0.6, rounded up
    expect(estimateTokens('hello world')).toBe(4); // 11 × 0.3, rounded up
  });

  it('reads a non-streamed JSON body from a server that ignores `stream`', async () => {
    // The fake streams only when asked to, so this fetch drops `stream` from the body on the way out.
    const unstreamed: typeof fetch = (url, init) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      delete body['stream'];
      return fetch(url, { ...init, body: JSON.stringify(body) });
    };
    await serve({ kind: 'text', text: '有货', usage: { prompt_tokens: 3, completion_tokens: 2 } });
    const r = await openAiCompatible({ fetch: unstreamed }).complete(ask());
    expect(r).toMatchObject({ ok: true, text: '有货', usage: { promptTokens: 3, completionTokens: 2 } });
  });

  it('times out on a provider that never answers, one that hangs after the headers, and one that drips', async () => {
    for (const reply of [{ kind: 'hang' }, { kind: 'hang_after_headers' }, { kind: 'text', text: '慢慢地一个字一个字地说', chunkChars: 1, tokenDelayMs: 60 }] as FakeReply[]) {
      await serve(reply);
      const r = await provider.complete(ask({ timeoutMs: 250 }));
      expect(r, reply.kind).toMatchObject({ ok: false, reason: 'timeout' });
      await fake?.close();
      fake = undefined;
    }
  });

  it('maps error statuses', async () => {
    const cases: [number, string][] = [
      [429, 'rate_limited'],
      [500, 'server_error'],
      [503, 'server_error'],
      [400, 'refused'],
      [401, 'refused'],
      [403, 'refused'],
      [404, 'refused'],
    ];
    let status = 0;
    await serve(() => ({ kind: 'status', status }));
    for (const [s, reason] of cases) {
      status = s;
      expect(await provider.complete(ask())).toMatchObject({ ok: false, reason, status: s });
    }
  });

  it('is a network failure when nothing listens', async () => {
    const port = await closedPort();
    expect(await provider.complete(ask({ baseUrl: `http://127.0.0.1:${port}/v1` }))).toMatchObject({ ok: false, reason: 'network' });
  });

  it('is cut when the connection drops mid-answer, and when the answer hit max_tokens', async () => {
    await serve({ kind: 'cut', afterChars: 40 });
    expect(await provider.complete(ask())).toMatchObject({ ok: false, reason: 'cut' });
    await fake?.close();
    await serve({ kind: 'length', text: '这是一个被截断的回答' });
    expect(await provider.complete(ask())).toMatchObject({ ok: false, reason: 'cut' });
  });

  it('is cut when the stream ends cleanly but without [DONE] or a finish_reason', async () => {
    const noEnd: typeof fetch = async () => sseResponse('data: {"choices":[{"index":0,"delta":{"content":"半句"},"finish_reason":null}]}\n\n');
    expect(await openAiCompatible({ fetch: noEnd }).complete(ask())).toMatchObject({ ok: false, reason: 'cut' });
  });

  it('accepts a stream that has a finish_reason but no [DONE]', async () => {
    const noDone: typeof fetch = async () => sseResponse(': keep-alive\n\ndata: {"choices":[{"index":0,"delta":{"content":"好的"},"finish_reason":"stop"}]}\n\n');
    expect(await openAiCompatible({ fetch: noDone }).complete(ask())).toMatchObject({ ok: true, text: '好的' });
  });

  it('keeps a finished answer when the stream then hangs before [DONE] until the deadline', async () => {
    const finishedThenHangs: typeof fetch = async (_url, init) => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":"好的"},"finish_reason":"stop"}]}\n\n'));
          init?.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    expect(await openAiCompatible({ fetch: finishedThenHangs }).complete(ask({ timeoutMs: 200 }))).toMatchObject({ ok: true, text: '好的' });
  });

  it('is malformed on a data line that is not JSON, a response without choices, or a body past the cap', async () => {
    await serve({ kind: 'malformed' });
    expect(await provider.complete(ask())).toMatchObject({ ok: false, reason: 'malformed' });
    const noChoices: typeof fetch = async () => sseResponse('data: {"id":"x","object":"chat.completion.chunk"}\n\ndata: [DONE]\n\n');
    expect(await openAiCompatible({ fetch: noChoices }).complete(ask())).toMatchObject({ ok: false, reason: 'malformed' });
    const emptyJson: typeof fetch = async () => new Response('{"choices":[]}', { headers: { 'content-type': 'application/json' } });
    expect(await openAiCompatible({ fetch: emptyJson }).complete(ask())).toMatchObject({ ok: false, reason: 'malformed' });
    const html: typeof fetch = async () => new Response('<html><body>Bad gateway</body></html>\n', { headers: { 'content-type': 'text/html' } });
    expect(await openAiCompatible({ fetch: html }).complete(ask())).toMatchObject({ ok: false, reason: 'malformed' });
    await fake?.close();
    await serve({ kind: 'text', text: '长'.repeat(2000), chunkChars: 50 });
    expect(await openAiCompatible({ maxBodyBytes: 4096 }).complete(ask())).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('never throws, even when fetch itself throws synchronously', async () => {
    const broken = (() => {
      throw new Error('boom');
    }) as unknown as typeof fetch;
    expect(await openAiCompatible({ fetch: broken }).complete(ask())).toMatchObject({ ok: false, reason: 'network' });
  });
});

/** A Response carrying `text` as an event stream. */
function sseResponse(text: string): Response {
  return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
}

/** A loopback port that was free a moment ago and is closed now: connecting to it is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
