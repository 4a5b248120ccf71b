// The LlmProvider for any OpenAI-compatible chat-completions API (DeepSeek, Qwen's DashScope
// compatible mode, Kimi, GLM, Ollama, vLLM), on Node's own fetch: one POST …/chat/completions asking
// for a stream, read as server-sent events (or as one JSON body when a server ignores `stream`).
// No SDK: plain fetch lets every failure (status, hang, drip, dropped connection, bad line, size)
// be told apart and mapped to an LlmFailure, with a single deadline and nothing left open.
import type { LlmFailure, LlmProvider, LlmRequest, LlmResult } from '../../app/ports.js';

/** Most text a response may hold; a larger one is `malformed` (no chat answer is that long). */
const MAX_BODY_BYTES = 256 * 1024;

type Usage = { promptTokens: number; completionTokens: number };
/** What a response settled to, before its duration is added. */
type Outcome = { ok: true; text: string; usage: Usage | undefined } | { ok: false; reason: LlmFailure; status?: number };

/** Options for tests and odd deployments: another fetch (a proxy agent, a stub), another size cap. */
export interface OpenAiCompatibleOptions {
  fetch?: typeof fetch;
  maxBodyBytes?: number;
}

/** The provider the app gets when a shop configures a model: never throws, always settles by `timeoutMs`. */
export function openAiCompatible(options: OpenAiCompatibleOptions = {}): LlmProvider {
  const doFetch = options.fetch ?? globalThis.fetch;
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return {
    async complete(request) {
      const started = performance.now();
      let outcome: Outcome;
      try {
        outcome = await run(request, doFetch, maxBytes);
      } catch {
        outcome = { ok: false, reason: 'network' }; // run catches its own; this is the last guard of "never throws"
      }
      const ms = performance.now() - started;
      if (!outcome.ok) return { ...outcome, ms };
      const usage = outcome.usage ?? estimateUsage(request, outcome.text);
      return { ok: true, text: outcome.text, usage, ms };
    },
  };
}

/**
 * Tokens a text is likely to cost when the provider reports no usage (some servers ignore
 * stream_options.include_usage): DeepSeek's published rule of thumb, about 0.6 token per Chinese
 * (CJK) character and 0.3 per other character, rounded up. Used for the daily budget, so it errs high.
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  return Math.ceil(cjk * 0.6 + (text.length - cjk) * 0.3);
}
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/g;

/** The estimate for a whole request: its messages (plus a few tokens of framing each) and the answer. */
function estimateUsage(request: LlmRequest, answer: string): Usage {
  const promptTokens = request.messages.reduce((sum, m) => sum + 4 + estimateTokens(m.content), 0);
  return { promptTokens, completionTokens: estimateTokens(answer) };
}

async function run(req: LlmRequest, doFetch: typeof fetch, maxBytes: number): Promise<Outcome> {
  const abort = new AbortController();
  let timedOut = false;
  // One deadline for everything: the headers, every chunk, the end of the body.
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, Math.max(0, req.timeoutMs));
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    let res: Response;
    try {
      res = await doFetch(`${req.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream, application/json',
          ...(req.apiKey ? { authorization: `Bearer ${req.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: req.model,
          messages: req.messages,
          max_tokens: req.maxTokens,
          stream: true,
          stream_options: { include_usage: true },
          temperature: 0,
          ...(req.json ? { response_format: { type: 'json_object' } } : {}),
        }),
        signal: abort.signal,
        redirect: 'manual', // a redirected POST would lose its body (and maybe its key): refused below
      });
    } catch {
      return { ok: false, reason: timedOut ? 'timeout' : 'network' };
    }
    if (res.status < 200 || res.status > 299) {
      res.body?.cancel().catch(() => undefined); // not awaited: nothing may outlast the deadline
      return { ok: false, reason: statusFailure(res.status), status: res.status };
    }
    if (!res.body) return { ok: false, reason: 'malformed' };
    reader = res.body.getReader();
    const json = /\bjson\b/i.test(res.headers.get('content-type') ?? '');
    const body = json ? new JsonBody() : new EventStream();
    try {
      const size = await readText(reader, maxBytes, (text) => body.push(text));
      if (size === 'too_big') return { ok: false, reason: 'malformed' };
      return body.end();
    } catch {
      // The body broke off: our deadline, or the connection dropped. An answer that had already
      // finished (a finish_reason seen, only [DONE] or usage missing) still counts.
      const finished = body.settledEarly();
      if (finished) return finished;
      return { ok: false, reason: timedOut ? 'timeout' : 'cut' };
    }
  } finally {
    clearTimeout(timer);
    // Cancelling a reader whose stream ended is a no-op; otherwise it releases the socket. Not
    // awaited, so a socket slow to close cannot hold the answer past the deadline.
    reader?.cancel().catch(() => undefined);
  }
}

/** How an HTTP error status reads as a failure. */
function statusFailure(status: number): LlmFailure {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'refused'; // 400 (bad request, or a content check), 401/403 (key), 404 (model or URL), redirects
}

/**
 * Reads the body as text into `push` until it ends, `push` says stop, or more than `maxBytes` came.
 * Rejects when the stream errors (an abort, a dropped connection).
 */
async function readText(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number, push: (text: string) => 'more' | 'stop'): Promise<'done' | 'too_big'> {
  const decoder = new TextDecoder();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      push(decoder.decode());
      return 'done';
    }
    bytes += value.byteLength;
    if (bytes > maxBytes) return 'too_big';
    if (push(decoder.decode(value, { stream: true })) === 'stop') return 'done';
  }
}

/** A response body being read: fed text as it comes, then asked what it amounts to. */
interface Body {
  push(text: string): 'more' | 'stop';
  end(): Outcome;
  /** What the body amounts to if it breaks off now, when that is already decided; else undefined. */
  settledEarly(): Outcome | undefined;
}

/** A non-streamed completion: `choices[0].message.content` and `usage` of one JSON object. */
class JsonBody implements Body {
  private text = '';
  push(text: string) {
    this.text += text;
    return 'more' as const;
  }
  settledEarly() {
    return undefined;
  }
  end(): Outcome {
    let value: unknown;
    try {
      value = JSON.parse(this.text);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (!isObject(value)) return { ok: false, reason: 'malformed' };
    if (value['error']) return { ok: false, reason: 'server_error' };
    const choice = firstChoice(value['choices']);
    const message = choice?.['message'];
    if (!isObject(message) || typeof message['content'] !== 'string') return { ok: false, reason: 'malformed' };
    const failure = finishFailure(choice?.['finish_reason']);
    if (failure) return { ok: false, reason: failure };
    return { ok: true, text: message['content'], usage: readUsage(value['usage']) };
  }
}

/**
 * A streamed completion: server-sent events whose `data:` is a chunk (JSON) or `[DONE]`. Comment
 * lines (DeepSeek's `: keep-alive` while a request queues) are skipped; a line that is neither a
 * comment nor an SSE field means the body is not an event stream (an HTML error page): malformed.
 */
class EventStream implements Body {
  private buffer = '';
  private data: string[] = [];
  private text = '';
  private finish: string | undefined;
  private usage: Usage | undefined;
  private sawChoice = false;
  private done = false;
  private failure: LlmFailure | undefined;

  push(text: string) {
    this.buffer += text;
    let newline: number;
    while (!this.done && !this.failure && (newline = this.buffer.indexOf('\n')) >= 0) {
      this.line(this.buffer.slice(0, newline).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(newline + 1);
    }
    return this.done || this.failure ? ('stop' as const) : ('more' as const);
  }

  end(): Outcome {
    // Lenient about a last event without its blank line (`data: [DONE]` then the end).
    if (!this.done && !this.failure) {
      if (this.buffer) this.line(this.buffer.replace(/\r$/, ''));
      this.dispatch();
    }
    if (this.failure) return { ok: false, reason: this.failure };
    if (!this.sawChoice) return { ok: false, reason: 'malformed' };
    const failure = finishFailure(this.finish);
    if (failure) return { ok: false, reason: failure };
    if (!this.done && this.finish === undefined) return { ok: false, reason: 'cut' }; // ended mid-answer
    return { ok: true, text: this.text, usage: this.usage };
  }

  settledEarly() {
    return this.finish !== undefined && !this.failure ? this.end() : undefined;
  }

  private line(line: string) {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field === 'data') this.data.push(line.slice(colon + 1).replace(/^ /, ''));
    else if (field !== 'event' && field !== 'id' && field !== 'retry') this.failure = 'malformed';
  }

  private dispatch() {
    if (this.data.length === 0) return;
    const data = this.data.join('\n');
    this.data = [];
    if (data.trim() === '[DONE]') {
      this.done = true;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.failure = 'malformed';
      return;
    }
    if (!isObject(chunk)) return void (this.failure = 'malformed');
    if (chunk['error']) return void (this.failure = 'server_error'); // an error reported mid-stream
    const usage = readUsage(chunk['usage']);
    if (usage) this.usage = usage;
    const choices = chunk['choices'];
    if (choices === undefined || choices === null) {
      if (!usage) this.failure = 'malformed';
      return;
    }
    if (!Array.isArray(choices)) return void (this.failure = 'malformed');
    const choice = firstChoice(choices);
    if (!choice) return; // the usage chunk: `choices: []`
    this.sawChoice = true;
    const delta = choice['delta'];
    // Only `content`: reasoning models' `reasoning_content` is their scratchpad, not the answer.
    if (isObject(delta) && typeof delta['content'] === 'string') this.text += delta['content'];
    if (typeof choice['finish_reason'] === 'string') this.finish = choice['finish_reason'];
  }
}

/**
 * The failure a finish_reason means, if any: `length` is a truncated answer (cut); a content filter
 * (`content_filter`, GLM's `sensitive`) a refusal; GLM's `network_error` the provider's own failure.
 */
function finishFailure(reason: unknown): LlmFailure | undefined {
  if (reason === 'length') return 'cut';
  if (reason === 'content_filter' || reason === 'sensitive') return 'refused';
  if (reason === 'network_error') return 'server_error';
  return undefined;
}

function firstChoice(choices: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(choices)) return undefined;
  const choice: unknown = choices.find((c) => isObject(c) && c['index'] === 0) ?? choices[0];
  return isObject(choice) ? choice : undefined;
}

/** OpenAI's usage object, when it has both counts as numbers. */
function readUsage(value: unknown): Usage | undefined {
  if (!isObject(value)) return undefined;
  const prompt = wholeCount(value['prompt_tokens']);
  const completion = wholeCount(value['completion_tokens']);
  return prompt === undefined || completion === undefined ? undefined : { promptTokens: prompt, completionTokens: completion };
}

/** A token count we can add up: a whole, safe, non-negative number (a provider may send 10.5 or 1e400; then the estimate is used). */
function wholeCount(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
