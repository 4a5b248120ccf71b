// TEMPORARY STUB (uncommitted) until the guardrails branch is merged.
import type { MaskedItem } from './types.js';
export function maskPersonalData(text: string, opts: { orderIdPatterns: readonly string[] }): { text: string; masked: MaskedItem[] } { void opts; return { text, masked: [] }; }
