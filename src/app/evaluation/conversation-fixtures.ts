// Conversation fixtures (shops/<name>/tests/*.yaml): the evaluation case format written as YAML,
// many conversations per file. Every fixture must pass; they are a shop's executable SOP spec.
import { z } from 'zod';
import { evalCaseSchema, type EvalCase } from './eval-case.js';

const fixtureFileSchema = z.strictObject({ conversations: z.array(evalCaseSchema).min(1).max(1_000) });

/** Validates a parsed fixture file; problems as `file: path: message`. */
export function parseConversationFixtures(data: unknown, file: string): { ok: true; cases: EvalCase[] } | { ok: false; errors: string[] } {
  const r = fixtureFileSchema.safeParse(data);
  if (r.success) return { ok: true, cases: r.data.conversations };
  return { ok: false, errors: r.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`) };
}
