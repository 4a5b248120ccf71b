// The one gate a model's answer passes before a shopper sees it: every guardrail run in turn,
// each broken rule reported with the words that broke it.
import { unallowedCommitments } from './commitments.js';
import { echoesInstruction } from './injection.js';
import { personalDataIn, personalDataSpans } from './mask.js';
import { unsupportedQuantities } from './quantities.js';
import { abusiveIn } from './tone.js';
import type { GuardrailOptions, GuardrailVerdict, Violation } from './types.js';

const DEFAULT_MAX_CHARS = 600;
/** A code fence, a JSON object or a role tag: the model answered in a format, not in chat. */
const NOT_CHAT = /```|^\s*\[?\s*\{|\{\s*"|"\s*:\s*[[{"\d]|^\s*(?:system|assistant|user)\s*:|<\|/im;

/**
 * Checks a generated answer against its sources and the shop's rules: malformed, unsupported
 * numbers, unallowed commitments, tone, personal data and echoed instructions; ok only if none.
 */
export function checkGenerated(text: string, opts: GuardrailOptions): GuardrailVerdict {
  const violations: Violation[] = [];
  const trimmed = text.trim();
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  if (trimmed.length === 0) return { ok: false, violations: [{ kind: 'malformed', text: '', detail: 'empty answer' }] };
  if (trimmed.length > maxChars) {
    violations.push({ kind: 'malformed', text: trimmed.slice(0, 40), detail: `${trimmed.length} characters, at most ${maxChars}` });
  }
  const format = NOT_CHAT.exec(trimmed);
  if (format) violations.push({ kind: 'malformed', text: format[0].trim(), detail: 'code, JSON or a role tag, not a chat reply' });

  // A phone or id card is judged by the personal-data rule below, not as numbers: its digits
  // (all the groups of 1381 234 5678) are blanked before the numbers are checked.
  const spans = personalDataSpans(trimmed);
  const data = spans.map((s) => s.value);
  let numeric = trimmed;
  for (const s of spans) numeric = numeric.slice(0, s.start) + ' '.repeat(s.end - s.start) + numeric.slice(s.end);
  for (const q of unsupportedQuantities(numeric, opts.sources)) {
    violations.push({ kind: 'unsupported_number', text: q.text, detail: `no source states ${q.text}` });
  }
  for (const c of unallowedCommitments(trimmed, opts.allowedCommitments, opts.language)) {
    violations.push({ kind: 'commitment', text: c.text, detail: `${c.kind} commitment not on the allowlist` });
  }
  for (const word of abusiveIn(trimmed, opts.language)) violations.push({ kind: 'tone', text: word });

  const known = new Set(opts.sources.flatMap((s) => personalDataIn(s.text)));
  for (const item of data) {
    if (!known.has(item)) violations.push({ kind: 'personal_data', text: item, detail: 'phone, email or id card in no source' });
  }
  if (echoesInstruction(trimmed, opts.instructions ?? [])) {
    violations.push({ kind: 'instruction', text: trimmed.slice(0, 40), detail: 'follows or repeats an injected instruction' });
  }
  return { ok: violations.length === 0, violations };
}
