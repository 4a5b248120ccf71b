// Test harness: a scripted OpenAI-compatible chat-completions server on a loopback port, so the LLM
// adapter's tests meet every way a real provider answers (streamed text, one JSON body, an error
// status, a hang before or after the headers, a line that is not JSON, a dropped connection).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One request as the fake received it: its parsed body and the header the tests check. */
export interface FakeLlmRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream: boolean;
  response_format?: { type: string };
  max_tokens?: number;
  /** Anything else the body held (stream_options, temperature…). */
  body: Record<string, unknown>;
  headers: { authorization?: string };
}

/** OpenAI's usage object. */
export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** How the fake answers one request. */
export type FakeReply =
  | { kind: 'text'; text: string; tokenDelayMs?: number; chunkChars?: number; usage?: FakeUsage }
  | { kind: 'hang' }
  | { kind: 'hang_after_headers' }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'malformed' }
  | { kind: 'cut'; afterChars: number }
  | { kind: 'length'; text: string };

/** A running fake; `close` also drops the connections it left hanging. */
export interface FakeLlm {
  /** Base URL ending in /v1, as a provider's would. */
  url: string;
  requests: FakeLlmRequest[];
  close(): Promise<void>;
}

/** The content of the request's last user message ('' when there is none), for scripts that echo or branch. */
export function lastUserMessage(req: FakeLlmRequest): string {
  return req.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
}

/** Starts a fake on 127.0.0.1 (a free port) that answers each POST …/v1/chat/completions as `script` says. */
export async function startFakeLlm(script: (req: FakeLlmRequest) => FakeReply | Promise<FakeReply>): Promise<FakeLlm> {
  const requests: FakeLlmRequest[] = [];
  const closing = new AbortController(); // ends the drip loops of replies still being written

  const server = createServer((httpReq, res) => {
    void handle(httpReq, res).catch(() => res.destroy());
  });

  async function handle(httpReq: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(httpReq);
    if (httpReq.method !== 'POST' || !httpReq.url?.endsWith('/v1/chat/completions')) return sendStatus(res, 404, '{"error":{"message":"not found"}}');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return sendStatus(res, 400, '{"error":{"message":"body is not JSON"}}');
    }
    const req: FakeLlmRequest = {
      model: String(body['model']),
      messages: (body['messages'] ?? []) as FakeLlmRequest['messages'],
      stream: body['stream'] === true,
      response_format: body['response_format'] as FakeLlmRequest['response_format'],
      max_tokens: body['max_tokens'] as number | undefined,
      body,
      headers: httpReq.headers.authorization === undefined ? {} : { authorization: httpReq.headers.authorization },
    };
    requests.push(req);
    const reply = await script(req);
    await answer(req, reply, res);
  }

  async function answer(req: FakeLlmRequest, reply: FakeReply, res: ServerResponse) {
    switch (reply.kind) {
      case 'hang':
        return; // the socket stays open, no headers, until the client gives up or close()
      case 'hang_after_headers':
        startStream(res);
        return;
      case 'status':
        return sendStatus(res, reply.status, reply.body ?? JSON.stringify({ error: { message: `status ${reply.status}` } }));
      case 'malformed':
        startStream(res);
        res.write(sse(chunk(req, { role: 'assistant', content: '' }, null)));
        res.write('data: {"choices": [ this is not JSON\n\n');
        res.end('data: [DONE]\n\n');
        return;
      case 'cut': {
        startStream(res);
        const text = 'Part of an answer that never ends. '.repeat(20).slice(0, reply.afterChars);
        res.write(sse(chunk(req, { role: 'assistant', content: text }, null)));
        await sleep(20); // let the bytes leave before the connection drops
        res.socket?.destroy();
        return;
      }
      case 'length':
      case 'text': {
        const finish = reply.kind === 'length' ? 'length' : 'stop';
        const usage = reply.kind === 'text' ? reply.usage : undefined;
        if (!req.stream) return sendJson(res, completion(req, reply.text, finish, usage));
        const size = (reply.kind === 'text' && reply.chunkChars) || 4;
        const delay = (reply.kind === 'text' && reply.tokenDelayMs) || 0;
        startStream(res);
        res.write(sse(chunk(req, { role: 'assistant', content: '' }, null)));
        for (let i = 0; i < reply.text.length; i += size) {
          if (delay) await sleep(delay, undefined, { signal: closing.signal });
          if (res.destroyed) return;
          res.write(sse(chunk(req, { content: reply.text.slice(i, i + size) }, null)));
        }
        res.write(sse(chunk(req, {}, finish)));
        const includeUsage = (req.body['stream_options'] as { include_usage?: boolean } | undefined)?.include_usage;
        if (usage && includeUsage) res.write(sse({ ...envelope(req, 'chat.completion.chunk'), choices: [], usage: withTotal(usage) }));
        res.end('data: [DONE]\n\n');
        return;
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections(); // hanging requests included
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (text += part));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function startStream(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}

function sendStatus(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

function sendJson(res: ServerResponse, value: unknown) {
  sendStatus(res, 200, JSON.stringify(value));
}

const sse = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const withTotal = (u: FakeUsage) => ({ ...u, total_tokens: u.prompt_tokens + u.completion_tokens });
const envelope = (req: FakeLlmRequest, object: string) => ({ id: 'chatcmpl-fake', object, created: 1_700_000_000, model: req.model, system_fingerprint: 'fp_fake' });

/** One streamed chunk, as OpenAI writes it. */
function chunk(req: FakeLlmRequest, delta: Record<string, string>, finish: string | null) {
  return { ...envelope(req, 'chat.completion.chunk'), choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
}

/** A whole (non-streamed) completion, as OpenAI writes it. */
function completion(req: FakeLlmRequest, text: string, finish: string, usage: FakeUsage | undefined) {
  return {
    ...envelope(req, 'chat.completion'),
    choices: [{ index: 0, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: finish }],
    ...(usage ? { usage: withTotal(usage) } : {}),
  };
}
