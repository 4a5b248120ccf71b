// TEMPORARY STUB (uncommitted) until the guardrails branch is merged.
import type { GuardrailOptions, GuardrailVerdict } from './types.js';
export function checkGenerated(text: string, opts: GuardrailOptions & { instructions?: readonly string[] }): GuardrailVerdict {
  void text; void opts;
  return { ok: false, violations: [{ kind: 'malformed', text: '' }] };
}
