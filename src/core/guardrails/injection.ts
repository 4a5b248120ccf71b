// TEMPORARY STUB (uncommitted) until the guardrails branch is merged.
export function instructionsIn(text: string): string[] { void text; return []; }
