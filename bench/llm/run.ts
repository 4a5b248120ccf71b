// The optional LLM in shopper turns, against the local fake provider (src/testing/fake-llm-server.ts
// on 127.0.0.1; nothing leaves the machine): `npm run bench:llm` writes the <!-- llm:start -->
// section of docs/benchmarks.md. It measures, on the demo shop:
//   1. the share of turns the turn policy routes to the model at the default thresholds, on the
//      demo's evaluation cases, with a fake that answers {"command":"none"} (answers unchanged),
//      and the scores with that fake against no provider;
//   2. the latency a use of the model adds on our side (prompt, masking, loopback HTTP, parsing,
//      guardrails) with a fake that answers at once, and checkGenerated alone;
//   3. a slow provider (a reply in ~1 s) and a hanging one (the 3 s default timeout).
// BENCH_LLM_TURNS (default 300) sets the timed turns per mode of part 2.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, writeSection } from '../report.js';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { createMemoryLlmUsage } from '../../src/adapters/limits/memory-llm-usage.js';
import { createMemoryRateLimiter } from '../../src/adapters/limits/memory-rate-limiter.js';
import { openAiCompatible } from '../../src/adapters/llm/openai-compatible.js';
import { commerceOf } from '../../src/app/commerce/commerce-drivers.js';
import { handleInboundMessage, type HandledMessage } from '../../src/app/conversations/handle-inbound-message.js';
import type { KeyedLock } from '../../src/app/conversations/keyed-lock.js';
import { startConversation } from '../../src/app/conversations/start-conversation.js';
import { turnContext } from '../../src/app/conversations/turn-context.js';
import { parseEvalCases } from '../../src/app/evaluation/eval-case.js';
import { EVAL_REFERENCE_TIME, runEval, type EvalReport } from '../../src/app/evaluation/run-eval.js';
import type { LlmDeps, LlmOutcome, NodeLlmSettings } from '../../src/app/llm/ask-model.js';
import type { ShopBundle, ShopLlmSettings } from '../../src/core/catalog/types.js';
import { decide } from '../../src/core/conversation/decide.js';
import { aiMaySpeak } from '../../src/core/conversation/ownership.js';
import { checkGenerated } from '../../src/core/guardrails/check-generated.js';
import { unallowedCommitments } from '../../src/core/guardrails/commitments.js';
import type { GroundingSource } from '../../src/core/guardrails/types.js';
import { offlineFacts, shouldAskModel } from '../../src/core/policy/turn-policy.js';
import { calendarDay } from '../../src/core/understanding/understand.js';
import { appHarness } from '../../src/testing/app-harness.js';
import { lastUserMessage, startFakeLlm, type FakeLlmRequest, type FakeReply } from '../../src/testing/fake-llm-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TURNS = Number(process.env['BENCH_LLM_TURNS'] ?? 300);
const WARM_UP = 30;
const CASE_FILES = ['faq.jsonl', 'understanding.jsonl', 'faq-dev.jsonl'];
const started = performance.now();
let phaseStart = started;
/** Logs how long the part just finished took. */
function phase(name: string): void {
  const now = performance.now();
  console.log(`${name}: ${((now - phaseStart) / 1000).toFixed(1)} s`);
  phaseStart = now;
}

const read = await readBundleDir(join(root, 'shops/demo-zh'));
if (!read.ok) throw new Error(read.errors.join('\n'));
// The demo shop with its model uses on; budget and rate high enough never to refuse here (their
// gates still run on every use). The answer threshold and every policy rule are the defaults.
const llmSettings: ShopLlmSettings = { enabled: true, understand: true, answer: true, agent_assist: true, daily_tokens: 1_000_000_000, per_minute: 1_000_000, allowed_commitments: [], send_personal_data: false };
const demo: ShopBundle = { ...read.bundle, shop: { ...read.bundle.shop, llm: llmSettings } };

// ---------------------------------------------------------------------------------------------
// The fake provider: what it answers is switched by `script` between runs.

let script: (req: FakeLlmRequest) => FakeReply = () => ({ kind: 'text', text: '{"command":"none"}' });
const fake = await startFakeLlm((req) => script(req));

/** The DATA object the model was sent (the last user message). */
function dataOf(req: FakeLlmRequest): { faq?: { id: string }[]; shopper_message?: string } {
  return JSON.parse(lastUserMessage(req).replace(/^DATA: /, '')) as { faq?: { id: string }[]; shopper_message?: string };
}
const reply = (o: unknown, extra: Partial<Extract<FakeReply, { kind: 'text' }>> = {}): FakeReply => ({ kind: 'text', text: JSON.stringify(o), usage: { prompt_tokens: 900, completion_tokens: 40 }, ...extra });

/** LlmDeps as the server wires them, pointed at the fake (or at nothing: `baseUrl` undefined). */
function llmDeps(node: Partial<NodeLlmSettings>, outcomes: LlmOutcome[] = []): LlmDeps {
  return {
    provider: openAiCompatible(),
    usage: createMemoryLlmUsage(),
    limiter: createMemoryRateLimiter(),
    node: { baseUrl: fake.url, apiKey: 'bench-key', model: 'fake-model', timeoutMs: 3000, ...node },
    secret: () => undefined,
    breakers: new Map(),
    onOutcome: (o) => outcomes.push(o),
  };
}
const NO_PROVIDER = { baseUrl: undefined, model: undefined };

const h = await appHarness({ bundle: demo });
const shopId = h.shopId;
const kb = await h.deps.knowledge.get(h.releaseId);
const shop = kb.release.bundle.shop;

// ---------------------------------------------------------------------------------------------
// 1. Share of turns routed to the model, on the demo's evaluation cases.

/** A turn as seen from outside the app: the conversation before it, and the replies it got. */
interface SeenTurn {
  before: Awaited<ReturnType<typeof h.store.conversations.get>>;
  text: string;
  replies: { trace: { policy?: { ask: string } } | null }[];
}

/**
 * A lock that lets every turn through as the real one does and notes, for each shopper message,
 * the conversation as it stood before the turn and the replies stored for it.
 */
function watchingLock(inner: KeyedLock, seen: SeenTurn[]): KeyedLock {
  return {
    async run(key, task) {
      const before = await h.store.conversations.get(key);
      const out = await inner.run(key, task);
      if (!before) return out;
      const messages = await h.store.messages.list(key, 50);
      const inbound = messages.filter((m) => m.direction === 'in').at(-1);
      if (inbound && !seenIds.has(inbound.id)) {
        seenIds.add(inbound.id);
        seen.push({ before, text: inbound.text, replies: messages.filter((m) => m.replyTo === inbound.id).map((m) => ({ trace: m.trace as SeenTurn['replies'][number]['trace'] })) });
      }
      return out;
    },
  };
}
const seenIds = new Set<string>();

/**
 * The ask rule of a turn, replayed from the conversation before it with the same pure calls the
 * app makes (decide, then shouldAskModel on the offline facts); a person owning it: not asked.
 */
async function askRuleOf(t: SeenTurn): Promise<string> {
  const c = t.before;
  if (!c) return 'no_conversation';
  const owner = c.ownership.owner === 'closed' ? 'ai' : c.ownership.owner;
  if (!aiMaySpeak({ ...c.ownership, owner })) return 'person_owns';
  const state = { ...c.state };
  if (c.ownership.owner === 'closed') delete state.handoff;
  const ctx = await turnContext(h.deps, commerceOf(h.deps.commerce, shop), shopId, c.customerId, state.authenticated);
  const today = calendarDay(new Date(EVAL_REFERENCE_TIME), shop.businessHours.timezone);
  const offline = decide(state, { text: t.text, today }, kb, ctx);
  return shouldAskModel(offlineFacts(offline, shop.answerThreshold)).rule;
}

interface FileRouting {
  file: string;
  cases: number;
  turns: number;
  requests: number;
  /** Turns by the ask rule the replay found. */
  rules: Map<string, number>;
  /** Asked turns whose stored trace names the same rule as the replay. */
  traceAgrees: number;
  asked: number;
  /** Turns with a failed expectation with no provider, and how many of them the policy routes to the model. */
  failedTurns: number;
  failedAsked: number;
  offline: EvalReport;
  withNone: EvalReport;
}

const ASKING = new Set(['offline_fallback', 'asks_which_product', 'faq_below_threshold']);
const routing: FileRouting[] = [];
script = () => reply({ command: 'none' });
for (const file of CASE_FILES) {
  const parsed = parseEvalCases(await readFile(join(root, 'shops/demo-zh/tests', file), 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const offline = await runEval({ ...h.deps, llm: llmDeps(NO_PROVIDER) }, shopId, parsed.cases);
  const seen: SeenTurn[] = [];
  const before = fake.requests.length;
  const withNone = await runEval({ ...h.deps, llm: llmDeps({}), lock: watchingLock(h.deps.lock, seen) }, shopId, parsed.cases);
  const requests = fake.requests.length - before;
  if (seen.length !== withNone.turns) throw new Error(`${file}: watched ${seen.length} turns of ${withNone.turns}`);
  const rules = new Map<string, number>();
  let traceAgrees = 0;
  let asked = 0;
  const ruleOf: string[] = [];
  for (const t of seen) {
    const rule = await askRuleOf(t);
    ruleOf.push(rule);
    rules.set(rule, (rules.get(rule) ?? 0) + 1);
    const traced = t.replies[0]?.trace?.policy?.ask;
    if (ASKING.has(rule)) {
      asked++;
      if (traced === rule) traceAgrees++;
    } else if (traced !== undefined) throw new Error(`${file}: "${t.text}" was asked (${traced}) but the replay says ${rule}`);
  }
  // The watched turns come in the order runEval sends them: case by case, turn by turn.
  const keys = parsed.cases.flatMap((c) => ('turns' in c ? c.turns.map((_, i) => `${c.id}#${i + 1}`) : []));
  if (keys.length !== seen.length) throw new Error(`${file}: user_sim cases are not counted here`);
  const askedKeys = new Set(keys.filter((_, i) => ASKING.has(ruleOf[i] ?? '')));
  const failed = new Set(offline.failures.map((f) => `${f.case}#${f.turn}`));
  const failedAsked = [...failed].filter((k) => askedKeys.has(k)).length;
  routing.push({ file, cases: parsed.cases.length, turns: withNone.turns, requests, rules, traceAgrees, asked, failedTurns: failed.size, failedAsked, offline, withNone });
  console.log(`${file}: ${withNone.turns} turns, ${requests} model requests, replay ${asked} asked (${traceAgrees} agree with the traces)`);
  const byField = new Map<string, number>();
  for (const f of offline.failures) byField.set(f.field, (byField.get(f.field) ?? 0) + 1);
  console.log(`${file}: failures by field with no provider`, Object.fromEntries(byField));
}

phase('part 1: routing share');

// ---------------------------------------------------------------------------------------------
// 2. Added latency per use, against a fake that answers at once.

// 丧亲可以退票吗 after a first FAQ question: the demo shop has no answer, the offline pipeline falls back.
const FIRST = '运费怎么算';
const UNSURE = '丧亲可以退票吗';
const GROUNDED = '亲，快递派送时可以直接拒收，包裹退回仓库后48小时内审核哦～';
const INVENTED = '这款连体衣现在只要9块9，赶紧下单吧';

interface Mode {
  name: string;
  node: Partial<NodeLlmSettings>;
  script: (req: FakeLlmRequest) => FakeReply;
  /** Whether the reply is what this mode must produce. */
  check: (r: HandledMessage) => boolean;
}
const traceOf = (r: HandledMessage) => r.replies[0]?.trace;
const firstShownFaq = (req: FakeLlmRequest) => dataOf(req).faq?.[0]?.id ?? 'none-shown';
const modes: Mode[] = [
  { name: '(a) no provider', node: NO_PROVIDER, script: () => reply({ command: 'none' }), check: (r) => traceOf(r)?.source === 'fallback' && traceOf(r)?.llm === undefined },
  {
    name: '(b) `answer_faq` for an entry shown',
    node: {},
    script: (req) => reply({ command: 'answer_faq', faq: firstShownFaq(req) }),
    check: (r) => traceOf(r)?.policy?.choose === 'model_command' && traceOf(r)?.source === 'faq',
  },
  {
    name: '(c) grounded `answer`, passes the guardrails',
    node: {},
    script: (req) => {
      const shown = (dataOf(req).faq ?? []).map((e) => e.id);
      return reply(shown.includes('logistics-reject') ? { command: 'answer', text: GROUNDED, sources: ['faq:logistics-reject'] } : { command: 'none' });
    },
    check: (r) => traceOf(r)?.policy?.choose === 'model_answer' && r.replies[0]?.text === GROUNDED,
  },
  {
    name: '(d) grounded `answer`, blocked by the guardrails',
    node: {},
    script: (req) => reply({ command: 'answer', text: INVENTED, sources: [`faq:${firstShownFaq(req)}`] }),
    check: (r) => traceOf(r)?.policy?.choose === 'model_blocked' && traceOf(r)?.source === 'fallback',
  },
];

interface Stats {
  p50: number;
  p99: number;
  max: number;
  n: number;
}
function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99), max: s.at(-1) ?? NaN, n: s.length };
}

/** One use: a new shopper asks a FAQ question first (untimed), then the unsure message (timed). */
async function timedTurn(deps: typeof h.deps & { llm: LlmDeps }, text: string): Promise<{ ms: number; r: HandledMessage }> {
  const c = await startConversation(deps, { shopId });
  await handleInboundMessage(deps, { conversationId: c.id, text: FIRST, clientMessageId: 'm0' });
  const t0 = performance.now();
  const r = await handleInboundMessage(deps, { conversationId: c.id, text, clientMessageId: 'm1' });
  return { ms: performance.now() - t0, r };
}

const modeDeps = modes.map((m) => ({ ...h.deps, llm: llmDeps(m.node) }));
const times: number[][] = modes.map(() => []);
const wrong: number[] = modes.map(() => 0);
// Rounds interleave the modes, so drift (JIT, GC, the store growing) falls on all of them alike.
for (let round = 0; round < WARM_UP + TURNS; round++) {
  for (const [i, m] of modes.entries()) {
    script = m.script;
    const { ms, r } = await timedTurn(modeDeps[i] as (typeof modeDeps)[number], UNSURE);
    if (!m.check(r)) wrong[i] = (wrong[i] ?? 0) + 1;
    if (round >= WARM_UP) times[i]?.push(ms);
  }
}
modes.forEach((m, i) => {
  if (wrong[i]) throw new Error(`${m.name}: ${wrong[i]} turns did not end as the mode must (check the demo shop's FAQ ids)`);
});
const latency = modes.map((m, i) => ({ name: m.name, ...stats(times[i] ?? []) }));
console.log(latency);

// checkGenerated alone on 1,000 generated answers of 100-200 characters built from the demo's FAQ
// answers (each citing its entries); every fifth carries an invented price, so both paths run.
const faq = demo.faq;
const sourceOf = (i: number): GroundingSource => {
  const e = faq[i % faq.length] as (typeof faq)[number];
  return { id: `faq:${e.id}`, kind: 'faq', text: `${e.question}\n${e.answer}` };
};
const answers: { text: string; sources: GroundingSource[]; invented: boolean }[] = [];
for (let i = 0; answers.length < 1000; i++) {
  const cited = [sourceOf(i), sourceOf(i + 1)];
  let text = `亲，${(faq[i % faq.length] as (typeof faq)[number]).answer}`;
  if (text.length < 100) text += (faq[(i + 1) % faq.length] as (typeof faq)[number]).answer;
  if (i % 5 === 4) text = `现在下单只要9块9～${text}`;
  text = text.slice(0, 200);
  if (text.length < 100) continue;
  answers.push({ text, sources: [...cited, sourceOf(i + 2)], invented: i % 5 === 4 });
}
const guardOpts = (a: (typeof answers)[number]) => ({ sources: a.sources, allowedCommitments: [], language: shop.language, instructions: [] });
for (const a of answers) checkGenerated(a.text, guardOpts(a)); // warm-up
/** FAQ entries whose own answer holds a commitment word (退款, 退货, 券, 包邮…) the empty allowlist refuses. */
const committing = faq.filter((e) => unallowedCommitments(e.answer, [], shop.language).length > 0).length;
const guardTimes: number[] = [];
let passed = 0;
/** Answers without an invented price that were still blocked for a number. */
let numbersInCopies = 0;
/** Blocked answers by the kinds of violation found in them. */
const blockedBy = new Map<string, number>();
for (const a of answers) {
  const t0 = performance.now();
  const v = checkGenerated(a.text, guardOpts(a));
  guardTimes.push(performance.now() - t0);
  if (v.ok) passed++;
  for (const kind of new Set(v.violations.map((x) => x.kind))) blockedBy.set(kind, (blockedBy.get(kind) ?? 0) + 1);
  if (!a.invented && v.violations.some((x) => x.kind === 'unsupported_number')) numbersInCopies++;
}
const guard = stats(guardTimes);
const answerLengths = answers.map((a) => a.text.length);
console.log({ guard, passed, blockedBy });
phase('part 2: latency and checkGenerated');

// ---------------------------------------------------------------------------------------------
// 3. A slow provider and a hanging one, at the default 3 s timeout.

const SLOW_TURNS = 5;
interface SlowRun {
  name: string;
  ms: number[];
  answered: number;
  outcomes: Map<string, number>;
}
async function slowRun(name: string, s: (req: FakeLlmRequest) => FakeReply, turns: number, deps: typeof h.deps & { llm: LlmDeps }): Promise<SlowRun> {
  script = s;
  const run: SlowRun = { name, ms: [], answered: 0, outcomes: new Map() };
  for (let i = 0; i < turns; i++) {
    const { ms, r } = await timedTurn(deps, UNSURE);
    run.ms.push(ms);
    if (r.replies.length > 0 && r.replies.every((m) => m.text.trim() !== '')) run.answered++;
    const outcome = `${traceOf(r)?.llm?.outcome ?? 'not asked'} → ${traceOf(r)?.policy?.choose ?? 'offline'}`;
    run.outcomes.set(outcome, (run.outcomes.get(outcome) ?? 0) + 1);
  }
  return run;
}
const SLOW_TARGET_MS = 1000;
const slowDeps = { ...h.deps, llm: llmDeps({ timeoutMs: 3000 }) };
const slow = await slowRun(
  'slow: the reply streams one character at a time over ~1 s',
  (req) => {
    const text = JSON.stringify({ command: 'answer_faq', faq: firstShownFaq(req) });
    return { kind: 'text', text, chunkChars: 1, tokenDelayMs: Math.round(SLOW_TARGET_MS / text.length) };
  },
  SLOW_TURNS,
  slowDeps,
);
// A fresh breaker: five timeouts in a row open it, so the sixth turn shows what an open circuit does.
const hangDeps = { ...h.deps, llm: llmDeps({ timeoutMs: 3000 }) };
const hang = await slowRun('hang: no headers, ever (timeout 3 s)', () => ({ kind: 'hang' }), SLOW_TURNS, hangDeps);
const afterHang = await slowRun('hang, sixth turn: circuit open after five timeouts', () => ({ kind: 'hang' }), 1, hangDeps);
console.log({ slow, hang, afterHang });
phase('part 3: slow and hanging provider');

await fake.close();
const totalS = (performance.now() - started) / 1000;

// ---------------------------------------------------------------------------------------------
// The report.

const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? 'unknown CPU';
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
const ms = (x: number) => `${x.toFixed(2)} ms`;
const score = (r: EvalReport, k: string) => (r.metrics[k] === undefined ? '—' : (r.metrics[k] as number).toFixed(4));

const total = routing.reduce(
  (a, f) => ({ turns: a.turns + f.turns, requests: a.requests + f.requests, asked: a.asked + f.asked, agrees: a.agrees + f.traceAgrees, failed: a.failed + f.failedTurns, failedAsked: a.failedAsked + f.failedAsked }),
  { turns: 0, requests: 0, asked: 0, agrees: 0, failed: 0, failedAsked: 0 },
);
const shareOf = (file: string) => {
  const f = routing.find((x) => x.file === file);
  return f && f.turns ? f.requests / f.turns : 0;
};
const ruleOrder = ['offline_fallback', 'asks_which_product', 'faq_below_threshold', 'offline_sure', 'flow_took_turn', 'handoff', 'not_sold', 'nothing_said', 'person_owns'];
const allRules = [...new Set([...ruleOrder, ...routing.flatMap((f) => [...f.rules.keys()])])].filter((r) => routing.some((f) => f.rules.has(r)));
const ruleCount = (f: FileRouting, r: string) => f.rules.get(r) ?? 0;
const scoreKeys = ['cases_passed', 'faq_accuracy', 'intent_accuracy', 'entities_accuracy', 'answer_contains_accuracy', 'product_accuracy'];
const scoresSame = routing.every((f) => JSON.stringify(f.offline.metrics) === JSON.stringify(f.withNone.metrics) && f.offline.failures.length === f.withNone.failures.length);
const base = latency[0] as (typeof latency)[number];
const range = (xs: number[]) => `${ms(Math.min(...xs))}-${ms(Math.max(...xs))}`;
const runLine = (r: SlowRun) => {
  const s = stats(r.ms);
  return `| ${r.name} | ${r.ms.length} | ${ms(Math.min(...r.ms))} | ${ms(s.p50)} | ${ms(s.max)} | ${r.answered}/${r.ms.length} | ${[...r.outcomes].map(([o, n]) => `${o} ×${n}`).join(', ')} |`;
};

const section = `<!-- llm:start (written by npm run bench:llm) -->
## LLM (bench:llm)

Measured by \`npm run bench:llm\` (bench/llm/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${availableParallelism()} × ${cpuModel} (\`nproc\` ${availableParallelism()}), Node ${process.version};
SQLite in memory, the whole run ${totalS.toFixed(0)} s. The model is the local fake provider
(src/testing/fake-llm-server.ts, an OpenAI-compatible server on 127.0.0.1) reached through the real
adapter (\`openAiCompatible\`, streamed), with every gate on the way (budget, rate, circuit breaker);
nothing leaves the machine. The shop is the demo shop (shops/demo-zh) with its model uses on and the
default answer threshold and policy rules.

### Turns routed to the model

The demo's evaluation cases run through \`runEval\` (real turns through \`handleInboundMessage\`) with a
fake that answers \`{"command":"none"}\` at once, so every answer stays the offline one. "Requests" are
what the fake received. Each turn's ask rule is replayed from the conversation as stored before the
turn (\`decide\`, then \`shouldAskModel(offlineFacts(…))\`, as consultModel does); for the asked turns
the rule stored in the reply's trace (\`trace.policy.ask\`) agreed with the replay on
${total.agrees} of ${total.asked}, and the replay's asked turns equal the requests (${total.asked} vs ${total.requests}).

| cases | turns | model requests | share asked | turns failed offline | of them asked |
|---|---|---|---|---|---|
${routing.map((f) => `| ${f.file} (${f.cases} cases) | ${f.turns} | ${f.requests} | ${pct(f.requests, f.turns)} | ${f.failedTurns} | ${f.failedAsked} (${pct(f.failedAsked, f.failedTurns)}) |`).join('\n')}
| all | ${total.turns} | ${total.requests} | **${pct(total.requests, total.turns)}** | ${total.failed} | ${total.failedAsked} (${pct(total.failedAsked, total.failed)}) |

"Turns failed offline" are turns with at least one expectation not met with no provider; "of them
asked" is how many of those the policy sends to the model, the most a model could mend at these
thresholds (the others are answered offline with confidence, right or wrong).

By the policy's ask rule (turns; the first three ask the model):

| rule | ${routing.map((f) => f.file).join(' | ')} | all |
|---|${routing.map(() => '---|').join('')}---|
${allRules.map((r) => `| ${ASKING.has(r) ? `**${r}**` : r} | ${routing.map((f) => ruleCount(f, r)).join(' | ')} | ${routing.reduce((a, f) => a + ruleCount(f, r), 0)} |`).join('\n')}

Scores with no provider and with the \`none\` fake (${scoresSame ? 'identical: every metric and every failure count match' : '**they differ**'}):

| cases | ${scoreKeys.join(' | ')} |
|---|${scoreKeys.map(() => '---|').join('')}
${routing.flatMap((f) => [`| ${f.file}, no provider | ${scoreKeys.map((k) => score(f.offline, k)).join(' | ')} |`, `| ${f.file}, \`none\` fake | ${scoreKeys.map((k) => score(f.withNone, k)).join(' | ')} |`]).join('\n')}

### Latency a use of the model adds (our own overhead)

${TURNS} timed turns per mode after ${WARM_UP} warm-up rounds, the modes interleaved round by round. Each
use is a new conversation: "${FIRST}" (untimed), then "${UNSURE}", which the demo shop cannot answer, so
the offline pipeline falls back and the policy asks the model (\`offline_fallback\`). The time is
\`handleInboundMessage\` of that second message (performance.now): the offline turn, and for (b)-(d) the
context and prompt, masking, the HTTP request on loopback with a streamed reply, parsing, the command
run or the guardrails, and the policy's choice. The fake answers at once, so (b)-(d) minus (a) is our
overhead alone. Every timed turn was checked to end as its mode must (the FAQ entry, the generated
words, or the offline fallback with the block in the trace).

| mode | p50 | p99 | max | added p50 | added p99 |
|---|---|---|---|---|---|
${latency.map((l, i) => `| ${l.name} | ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | ${i === 0 ? '—' : `+${ms(l.p50 - base.p50)}`} | ${i === 0 ? '—' : `+${ms(l.p99 - base.p99)}`} |`).join('\n')}

\`checkGenerated\` alone (every guardrail: format, quantities against the sources, commitments, tone,
personal data, echoed instructions) on ${answers.length} generated answers of ${Math.min(...answerLengths)}-${Math.max(...answerLengths)} characters made from
the demo's FAQ answers, each with three sources (every fifth has an invented price), after one
warm-up pass: p50 ${guard.p50.toFixed(3)} ms, p99 ${guard.p99.toFixed(3)} ms, max ${guard.max.toFixed(3)} ms. ${passed} pass; the blocked ones by kind
(an answer may break several): ${[...blockedBy].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}; of the numbers, ${answers.filter((a) => a.invented).length} answers
carry the invented price and ${numbersInCopies} without one were blocked for a number. The commitments are words copied
from the FAQ answers themselves: ${committing} of the demo's ${faq.length} answers hold one (退款, 退货, 券, 包邮…) and its
allowlist \`llm.allowed_commitments\` is empty, so a model restating such an entry in its own words is
not shown and the offline answer stands (a shop lists what its policies promise to allow it).
The time is the point here; the p99 is a few scattered calls (garbage collection), not a slow kind
of input.

### A slow provider and a hanging one

The same use at the default timeout (\`XIAOER_LLM_TIMEOUT_MS\`, 3000 ms), a handful of turns each.

| provider | turns | min | p50 | max | answered | model outcome → policy choice |
|---|---|---|---|---|---|---|
${runLine(slow)}
${runLine(hang)}
${runLine(afterHang)}

### What the numbers mean

- On the demo cases, ${pct(total.requests, total.turns)} of turns ask the model (${total.requests} of ${total.turns}); the rest are answered
  offline with no request at all. A shop's model bill and its added latency scale with that share,
  not with its traffic. The share depends on the shop's knowledge and on how shoppers phrase
  things${shareOf('faq-dev.jsonl') > shareOf('faq.jsonl') ? ': faq-dev.jsonl, phrased apart from the FAQ, asks more than faq.jsonl' : ''}.
- ${total.failedAsked * 2 < total.failed ? 'Most turns the offline pipeline gets wrong are not sent to the model' : 'Of the turns the offline pipeline gets wrong'}: ${total.failedAsked} of ${total.failed} are asked here.
  The others were settled offline (\`offline_sure\`: a FAQ entry above the threshold, a product
  answer…; \`flow_took_turn\`) and never reach it, so at these thresholds a model can mend at most
  those ${total.failedAsked}; what it gains on them needs a real model to measure. In understanding.jsonl the
  expectations are of the understanding (intent, sentiment, entities), which a model's command does
  not rewrite (the trace keeps the offline understanding).
- A turn that asks a real provider takes the offline turn + the provider's own time (time to its
  last token; it streams, but the command is read whole) + the overhead above:
  ${range(latency.slice(1).map((l) => l.p50 - base.p50))} at p50 and ${range(latency.slice(1).map((l) => l.p99 - base.p99))} at p99 over the offline turn
  here, loopback HTTP included. The guardrails are a small part of it (${guard.p50.toFixed(3)} ms p50 alone).
  Against a hosted model's hundreds of milliseconds to seconds, our side is negligible.
- The machine is shared with other work, so the tails move between runs: over six runs on
  2026-12-07 the added p50 was 2.8-4.5 ms and the added p99 5-17 ms; the p50s are the figures to
  compare.
- The timeout bounds a turn: a provider that never answers costs the shopper
  ${ms(stats(hang.ms).max)} at worst here, then the offline answer; after five failures in a row the
  circuit opens and the next turn is answered offline without asking (${ms(stats(afterHang.ms).max)}). Every turn
  was answered in every mode.
- These runs are sequential, one turn at a time; concurrency (many turns waiting on a slow provider
  at once) is not measured here.

Reproduce: \`npm run bench:llm\` (\`BENCH_LLM_TURNS=1000\` for more timed turns per mode). It starts the
fake on a free loopback port, stops by itself and rewrites only this section.
<!-- llm:end -->`;

console.log(section);
writeSection(join(root, 'docs/benchmarks.md'), 'llm', section);
console.log('wrote the LLM section of docs/benchmarks.md');
await h.store.close();
// The app harness's worker sandbox may hold the loop open for a while; the run is done.
process.exit(0);
