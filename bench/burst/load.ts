// The open-loop generator: arrivals come on a fixed schedule (rate × time), never waiting for
// responses, so an overloaded server shows as latency, queueing and shoppers all busy
// (`not_offered`) rather than as a generator that quietly slows down. A shopper never has two
// messages outstanding; each message has its own clientMessageId, and a network error or 5xx is
// retried with the same id (Retry-After honoured up to 2 s). A 202 (queued) is followed by
// polling the transcript until the reply to that message is there.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { NetworkError, retryAfterMs, type Client, type HttpResult } from './http.js';
import { sleep } from './processes.js';
import type { Pushes } from './pushes.js';

export type Phase = 'baseline' | 'peak';

export interface Shopper {
  index: number;
  conversationId: string;
  token: string;
  busy: boolean;
  /** Out of the pool: the conversation went to a person (a handoff reply, or no AI reply). */
  retired: boolean;
  messages: Msg[];
}

export interface Msg {
  seq: number;
  cmid: string;
  text: string;
  shopper: Shopper;
  phase: Phase;
  /** performance.now() of the scheduled arrival (latency is measured from here). */
  scheduledAt: number;
  attempts: number;
  outcome: 'pending' | 'acked' | 'failed' | 'abandoned';
  /** The status of the acknowledging response (200 or 202) or of the last failed one. */
  status?: number;
  messageId?: string;
  respondedAt?: number;
  /** Replies in the 200 response. */
  replyCount?: number;
  duplicateFlag?: boolean;
  queuedPosition?: number;
  /** 202: when polling first saw the reply, and the reply's own createdAt (as performance time). */
  replySeenAt?: number;
  replyCreatedAt?: number;
  /** When the turn was complete from the shopper's side (200 received, or a 202's reply seen). */
  completedAt?: number;
  /** A 200 with no reply (the AI stays silent once a person owns the conversation). */
  emptyReply?: boolean;
  /** The acknowledged message's createdAt (epoch ms). */
  ackCreatedAt?: number;
}

export interface AttemptStats {
  attempts: number;
  retries: number;
  http5xx: number;
  http4xx: number;
  errors: number;
  /** "409 XIAOER_CONCURRENT_UPDATE", "503", "ECONNRESET", "timeout"… → count (every attempt). */
  codes: Record<string, number>;
  badBodies: number;
  polls: number;
  pollFailures: number;
}

interface WireMessage {
  id: string;
  direction: 'in' | 'out';
  text: string;
  clientMessageId: string | null;
  replyTo: string | null;
  trace: { source?: string } | null;
  createdAt: string;
}

const MAX_RETRIES = 3;
/** A shopper's messages (in + replies + greeting) must fit GET /messages' window of 200. */
export const MAX_MESSAGES_PER_SHOPPER = 60;
const RETRY_AFTER_CAP_MS = 2000;

/** performance.now() of an epoch time (the server runs on this machine: same clock). */
export function perfOf(epochMs: number): number {
  return epochMs - performance.timeOrigin;
}

function parse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function errorCode(r: HttpResult): string {
  const code = parse<{ error?: { code?: string } }>(r.body)?.error?.code;
  return code ? `${r.status} ${code}` : String(r.status);
}

export class Burst {
  readonly stats: AttemptStats = { attempts: 0, retries: 0, http5xx: 0, http4xx: 0, errors: 0, codes: {}, badBodies: 0, polls: 0, pollFailures: 0 };
  readonly offered: Record<Phase, number> = { baseline: 0, peak: 0 };
  readonly notOffered: Record<Phase, number> = { baseline: 0, peak: 0 };
  readonly windows: Partial<Record<Phase, { start: number; end: number }>> = {};
  readonly messages: Msg[] = [];
  /** Peak phase: how late each arrival left the generator (ms after its scheduled time). */
  readonly lag: number[] = [];
  private readonly inflight = new Set<Msg>();
  private readonly free: Shopper[] = [];
  private freeHead = 0;
  private node = 0;
  private seq = 0;
  private stopped = false;
  loopDelay: IntervalHistogram | undefined;

  constructor(
    private readonly client: Client,
    private readonly nodes: string[],
    readonly shoppers: Shopper[],
    private readonly questions: string[],
    private readonly label: string,
    /** Whether 202s are followed up (false for the raw server). */
    private readonly poll = true,
    /** Replies pushed over Socket.IO, as a chat page gets them; without it 202s are followed by reading the transcript. */
    private readonly pushes?: Pushes,
  ) {
    for (const s of shoppers) this.free.push(s);
  }

  get outstanding(): number {
    return this.inflight.size;
  }

  /** Round robin over the nodes, per request (no stickiness). */
  private nextNode(): string {
    const n = this.nodes[this.node++ % this.nodes.length];
    if (n === undefined) throw new Error('no nodes');
    return n;
  }

  private takeShopper(): Shopper | undefined {
    while (this.freeHead < this.free.length) {
      const s = this.free[this.freeHead++];
      if (this.freeHead > 4096 && this.freeHead * 2 > this.free.length) {
        this.free.splice(0, this.freeHead);
        this.freeHead = 0;
      }
      if (s && !s.retired) return s;
    }
    return undefined;
  }

  private releaseShopper(s: Shopper): void {
    s.busy = false;
    // Every message and its replies must stay within the transcript window the check reads.
    if (s.messages.length >= MAX_MESSAGES_PER_SHOPPER) s.retired = true;
    if (!s.retired) this.free.push(s);
  }

  /** Offers `rate` messages a second for `seconds`; resolves when the phase's time is over. */
  async runPhase(phase: Phase, rate: number, seconds: number): Promise<void> {
    const total = Math.round(rate * seconds);
    const start = performance.now();
    const end = start + seconds * 1000;
    this.windows[phase] = { start, end };
    if (phase === 'peak') {
      this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
      this.loopDelay.enable();
    }
    let issued = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
        while (issued < due && !this.stopped) {
          this.arrive(phase, start + (issued * 1000) / rate, now);
          issued++;
        }
        if (issued >= total || this.stopped) return resolve();
        setTimeout(tick, Math.max(0, start + (issued * 1000) / rate - performance.now()));
      };
      tick();
    });
    const left = end - performance.now();
    if (left > 0 && !this.stopped) await sleep(left);
    this.loopDelay?.disable();
  }

  private arrive(phase: Phase, scheduledAt: number, now: number): void {
    if (phase === 'peak') this.lag.push(now - scheduledAt);
    const shopper = this.takeShopper();
    if (!shopper) {
      this.notOffered[phase]++;
      return;
    }
    shopper.busy = true;
    this.offered[phase]++;
    const seq = this.seq++;
    const msg: Msg = {
      seq,
      cmid: `burst-${this.label}-${seq}`,
      text: this.questions[seq % this.questions.length] ?? '你好',
      shopper,
      phase,
      scheduledAt,
      attempts: 0,
      outcome: 'pending',
    };
    shopper.messages.push(msg);
    this.messages.push(msg);
    this.inflight.add(msg);
    void this.deliver(msg).finally(() => {
      this.inflight.delete(msg);
      this.releaseShopper(shopper);
    });
  }

  private count(code: string): void {
    this.stats.codes[code] = (this.stats.codes[code] ?? 0) + 1;
  }

  private async deliver(m: Msg): Promise<void> {
    const path = `/api/v1/conversations/${m.shopper.conversationId}/messages`;
    for (;;) {
      m.attempts++;
      this.stats.attempts++;
      let retryAfter: number | undefined;
      try {
        const r = await this.client.request(this.nextNode(), 'POST', path, { body: { text: m.text, clientMessageId: m.cmid }, token: m.shopper.token });
        m.status = r.status;
        if (r.status >= 200 && r.status < 300) {
          this.acknowledged(m, r);
          break;
        }
        this.count(errorCode(r));
        if (r.status < 500) {
          this.stats.http4xx++;
          m.outcome = 'failed';
          break;
        }
        this.stats.http5xx++;
        retryAfter = retryAfterMs(r.headers['retry-after']);
      } catch (e) {
        const code = e instanceof NetworkError ? e.code : String(e);
        if (code === 'aborted') {
          m.outcome = 'abandoned';
          break;
        }
        this.stats.errors++;
        this.count(code);
      }
      if (m.attempts > MAX_RETRIES) {
        m.outcome = 'failed';
        break;
      }
      this.stats.retries++;
      await sleep(Math.min(RETRY_AFTER_CAP_MS, retryAfter ?? 100 * 2 ** (m.attempts - 1)));
      if (this.stopped) {
        m.outcome = 'abandoned';
        break;
      }
    }
    if (m.outcome === 'acked' && m.status === 202 && this.poll) await this.pollReply(m);
  }

  private acknowledged(m: Msg, r: HttpResult): void {
    const now = performance.now();
    const body = parse<{ message?: { id?: string; createdAt?: string }; replies?: { trace?: { source?: string } }[]; duplicate?: boolean; queued?: { position?: number } }>(r.body);
    if (!body?.message?.id) {
      this.stats.badBodies++;
      this.count(`${r.status} without message id`);
      m.outcome = 'failed';
      return;
    }
    m.outcome = 'acked';
    m.messageId = body.message.id;
    if (body.message.createdAt) m.ackCreatedAt = Date.parse(body.message.createdAt);
    m.respondedAt = now;
    m.duplicateFlag = body.duplicate === true;
    if (r.status === 202) {
      m.queuedPosition = body.queued?.position;
      return;
    }
    const replies = body.replies ?? [];
    m.replyCount = replies.length;
    m.completedAt = now;
    if (replies.length === 0) m.emptyReply = true;
    // After a handoff a person owns the conversation and the AI stays silent: take the shopper out.
    if (replies.length === 0 || replies.some((x) => x.trace?.source === 'handoff')) m.shopper.retired = true;
  }

  /**
   * 202: reads the transcript (1 s apart, 3 s after 10 s) until the reply to `m` is there. A real
   * page gets the reply pushed over Socket.IO; polling is the harness's stand-in, kept gentle so it
   * does not become the load (at 250 ms it was two thirds of the cluster's requests). The queue wait
   * is measured from the reply's own createdAt, not from when a poll saw it.
   */
  private async pollReply(m: Msg): Promise<void> {
    const sent = m.respondedAt ?? performance.now();
    // The push first, as a chat page gets it; the transcript only when no push came for 30 s (a socket that was reconnecting).
    while (this.pushes && !this.stopped && m.messageId) {
      const pushed = await this.pushes.replyTo(m.messageId, 30_000);
      if (!pushed) break;
      m.replySeenAt = performance.now();
      m.replyCreatedAt = perfOf(Date.parse(pushed.createdAt));
      m.completedAt = m.replySeenAt;
      if (pushed.source === 'handoff') m.shopper.retired = true;
      return;
    }
    while (!this.stopped) {
      await sleep(performance.now() - sent < 10_000 ? 1000 : 3000);
      if (this.stopped) return;
      this.stats.polls++;
      try {
        const r = await this.client.request(this.nextNode(), 'GET', `/api/v1/conversations/${m.shopper.conversationId}/messages`, { token: m.shopper.token });
        const list = r.status === 200 ? parse<{ messages?: WireMessage[] }>(r.body)?.messages : undefined;
        if (!list) {
          this.stats.pollFailures++;
          continue;
        }
        const reply = list.find((x) => x.direction === 'out' && x.replyTo === m.messageId);
        if (reply) {
          m.replySeenAt = performance.now();
          m.replyCreatedAt = perfOf(Date.parse(reply.createdAt));
          m.completedAt = m.replySeenAt;
          if (reply.trace?.source === 'handoff') m.shopper.retired = true;
          return;
        }
      } catch {
        this.stats.pollFailures++;
      }
    }
  }

  /** Waits up to `timeoutMs` for every accepted message to be answered; then abandons the rest. */
  async drain(timeoutMs: number): Promise<{ ms: number; leftOver: number }> {
    const start = performance.now();
    while (this.inflight.size > 0 && performance.now() - start < timeoutMs) await sleep(50);
    const leftOver = this.inflight.size;
    this.stop();
    const ms = performance.now() - start;
    const hard = performance.now() + 5000;
    while (this.inflight.size > 0 && performance.now() < hard) await sleep(20);
    return { ms, leftOver };
  }

  /** No new arrivals, retries or polls; every open request fails now. */
  stop(): void {
    this.stopped = true;
    this.client.abortAll();
  }
}

/** What the transcripts say at the end. */
export interface Verification {
  conversations: number;
  unverified: number;
  /** Acknowledged messages missing or unanswered: missing + unanswered. */
  lost: number;
  /** Acknowledged, not in the transcript. */
  missing: number;
  /** Acknowledged and stored, but no reply created by the end of the drain (a 200 without replies excepted). */
  unanswered: number;
  lateReplies: number;
  duplicates: number;
  duplicateReplies: number;
  storedUnacked: number;
  /** Older than the newest TRANSCRIPT_WINDOW messages GET /messages returns: not checkable. */
  beyondWindow: number;
  /** One line per finding, for the problems file. */
  problems: Record<string, unknown>[];
}

/** GET /messages returns the newest 200 messages of a conversation (src/app/conversations/list-messages.ts). */
export const TRANSCRIPT_WINDOW = 200;

/**
 * Reads every used conversation's transcript (GET /messages, round robin over the nodes) and checks
 * each acknowledged message: stored exactly once, answered (by a reply created before `answeredBy`,
 * epoch ms) and answered once.
 */
export async function verify(client: Client, nodes: string[], shoppers: Shopper[], answeredBy: number, timeoutMs: number): Promise<Verification> {
  const v: Verification = { conversations: 0, unverified: 0, lost: 0, missing: 0, unanswered: 0, lateReplies: 0, duplicates: 0, duplicateReplies: 0, storedUnacked: 0, beyondWindow: 0, problems: [] };
  const used = shoppers.filter((s) => s.messages.length > 0);
  v.conversations = used.length;
  const deadline = performance.now() + timeoutMs;
  let next = 0;
  let node = 0;
  const fetchTranscript = async (s: Shopper): Promise<WireMessage[] | undefined> => {
    for (let attempt = 0; attempt < 4 && performance.now() < deadline; attempt++) {
      try {
        const r = await client.request(nodes[node++ % nodes.length] ?? '', 'GET', `/api/v1/conversations/${s.conversationId}/messages`, { token: s.token, timeoutMs: 15_000 });
        if (r.status === 200) return parse<{ messages: WireMessage[] }>(r.body)?.messages;
      } catch {
        /* retried */
      }
      await sleep(200);
    }
    return undefined;
  };
  const describe = (kind: string, s: Shopper, m: Msg | undefined, extra: Record<string, unknown> = {}) => ({
    kind,
    conversationId: s.conversationId,
    ...(m ? { clientMessageId: m.cmid, messageId: m.messageId, phase: m.phase, status: m.status, attempts: m.attempts, duplicateFlag: m.duplicateFlag, ackCreatedAt: m.ackCreatedAt } : {}),
    ...extra,
  });
  const check = (s: Shopper, list: WireMessage[]) => {
    const inbound = new Map<string, WireMessage[]>();
    const repliesTo = new Map<string, WireMessage[]>();
    for (const x of list) {
      if (x.direction === 'in' && x.clientMessageId) inbound.set(x.clientMessageId, [...(inbound.get(x.clientMessageId) ?? []), x]);
      if (x.direction === 'out' && x.replyTo) repliesTo.set(x.replyTo, [...(repliesTo.get(x.replyTo) ?? []), x]);
    }
    // A full window may have cut older messages off: those are not checked.
    const windowStart = list.length >= TRANSCRIPT_WINDOW ? Date.parse(list[0]?.createdAt ?? '') : -Infinity;
    const byCmid = new Map(s.messages.map((m) => [m.cmid, m]));
    for (const [cmid, copies] of inbound) {
      const m = byCmid.get(cmid);
      if (copies.length > 1) {
        v.duplicates += copies.length - 1;
        v.problems.push(describe('duplicate', s, m, { storedIds: copies.map((c) => c.id) }));
      }
      if (m && m.outcome !== 'acked') v.storedUnacked++;
      for (const copy of copies) {
        const outs = repliesTo.get(copy.id) ?? [];
        // A turn may legitimately answer with several messages, each different (and a 200 says how many).
        const distinct = new Set(outs.map((o) => o.text)).size;
        const expected = m?.messageId === copy.id && m.replyCount !== undefined && m.replyCount > 0 ? Math.min(m.replyCount, distinct) : distinct;
        if (outs.length > expected) {
          v.duplicateReplies += outs.length - expected;
          v.problems.push(describe('duplicate_reply', s, m, { inboundId: copy.id, replies: outs.map((o) => ({ id: o.id, createdAt: o.createdAt })) }));
        }
      }
    }
    for (const m of s.messages) {
      if (m.outcome !== 'acked') continue;
      const copies = inbound.get(m.cmid) ?? [];
      const stored = copies.some((x) => x.id === m.messageId);
      if (!stored && m.ackCreatedAt !== undefined && m.ackCreatedAt < windowStart) {
        v.beyondWindow++;
        continue;
      }
      if (!stored) {
        v.missing++;
        v.problems.push(describe('missing', s, m, { storedIds: copies.map((c) => c.id), transcriptLength: list.length }));
      }
      let unanswered = false;
      if (stored && !m.emptyReply) {
        // (a 200 without a reply is an answer: a person owns the conversation)
        const outs = m.messageId ? (repliesTo.get(m.messageId) ?? []) : [];
        if (outs.length === 0) unanswered = true;
        else if (!outs.some((o) => Date.parse(o.createdAt) <= answeredBy)) {
          unanswered = true;
          v.lateReplies++;
        }
        if (unanswered) v.problems.push(describe(outs.length ? 'late_reply' : 'unanswered', s, m, { replies: outs.map((o) => ({ id: o.id, createdAt: o.createdAt })) }));
      }
      if (unanswered) v.unanswered++;
      if (!stored || unanswered) v.lost++;
    }
  };
  const worker = async () => {
    for (let i = next++; i < used.length; i = next++) {
      const s = used[i];
      if (!s) continue;
      const list = await fetchTranscript(s);
      if (!list) {
        v.unverified++;
        v.problems.push(describe('unverified', s, undefined));
        continue;
      }
      check(s, list);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return v;
}
