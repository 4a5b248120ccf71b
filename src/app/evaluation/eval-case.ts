// The evaluation case format (one JSON object per line of a .jsonl file), validated with zod.
import { z } from 'zod';
import { regexSource } from '../shops/bundle-schema.js';

const entityValue = z.union([z.string(), z.number(), z.strictObject({ min: z.number().optional(), max: z.number().optional() })]);

/** A tool call's arguments: text (numbers read as text) or lists of text. */
const toolArgsSchema = z.record(z.string(), z.union([z.union([z.string(), z.number()]).transform(String), z.array(z.string())]));

/** What a turn's reply is expected to show; only fields present are scored. */
export const expectSchema = z.strictObject({
  faq: z.string().nullable().optional().describe('FAQ id of the answer; null: no FAQ entry should answer'),
  product: z.string().optional().describe('product id (or a SKU of it) the answer is about'),
  answer_contains: z.array(z.string().min(1)).optional().describe('strings the answer text must contain'),
  intent: z.string().min(1).optional().describe('intent id the message is understood as, or out_of_scope'),
  entities: z
    .record(z.string(), z.union([entityValue, z.array(entityValue).min(1)]))
    .optional()
    .describe('every entity of the message: {type: value} or {type: [values]}; {} means none'),
  sentiment: z.enum(['neutral', 'negative', 'angry']).optional(),
  flow: z
    .string()
    .regex(/^[a-z][a-z0-9_]*\/[a-z][a-z0-9_]*$/, 'expected "flow/step"')
    .nullable()
    .optional()
    .describe('"flow/step" of the turn\'s last flow reply; null: no flow reply'),
  tools: z
    .array(z.strictObject({ tool: z.string().min(1), args: toolArgsSchema.default({}) }))
    .optional()
    .describe('the tools called during the turn, in order, with exactly these arguments; [] means none'),
  handoff: z.boolean().optional().describe('whether the turn hands the conversation to a person'),
  handoff_reason: z.string().min(1).max(100).nullable().optional().describe("why the turn hands over (customer_request, complaint, angry, consecutive_fallbacks, vip, keyword…); null: no handoff"),
  reply_not_contains: z.array(z.string().min(1)).optional().describe('strings the answer text must not contain'),
  tags: z.array(z.string().min(1).max(64)).optional().describe('every tag the customer holds after the turn; [] means none'),
  profile: z.record(z.string().max(64), z.string().max(200)).optional().describe("preferences the customer holds after the turn (subset match: name → value, e.g. size: L)"),
});

/** A rule-based shopper: answers each bot reply with the first rule whose regex matches it. */
const userSimSchema = z.strictObject({
  opening: z.string().min(1).max(2000).describe('the first message'),
  rules: z.array(z.strictObject({ when: regexSource(500, 'iu').describe("case-insensitive, matched against the bot's last reply"), say: z.string().min(1).max(2000).describe('the answer; "###STOP###" ends the conversation') })).max(100).default([]),
  default: z.string().min(1).max(2000).optional().describe('the answer when no rule matches; without it the conversation ends there'),
  max_turns: z.number().int().min(1).max(100).default(20),
});

/** What a whole conversation is expected to have done. */
const caseExpectSchema = z.strictObject({
  write_actions: z
    .array(z.strictObject({ name: z.string().min(1), arguments: toolArgsSchema.default({}) }))
    .optional()
    .describe('every call of a tool that changes data, in the conversation, with exactly these arguments (order does not matter)'),
});

const caseBase = {
  id: z.string().min(1).max(200),
  page: z.string().optional().describe('product id of the page the shopper chats from'),
  now: z.iso.datetime({ offset: true }).optional().describe('when the conversation happens (relative dates resolve against it); default: the evaluation reference time'),
  customer: z.string().min(1).max(64).optional().describe("the shop's customer id the shopper is signed in as"),
  expect: caseExpectSchema.optional(),
};

export const evalCaseSchema = z.union([
  z.strictObject({ ...caseBase, turns: z.array(z.strictObject({ user: z.string(), expect: expectSchema.default({}) })).min(1) }),
  z.strictObject({ ...caseBase, user_sim: userSimSchema }),
]);

export type EvalCase = z.infer<typeof evalCaseSchema>;
export type Expect = z.infer<typeof expectSchema>;
export type UserSim = z.infer<typeof userSimSchema>;

/** Parses a .jsonl text; problems are reported as `file:line: message`. */
export function parseEvalCases(text: string, file: string): { ok: true; cases: EvalCase[] } | { ok: false; errors: string[] } {
  const cases: EvalCase[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      errors.push(`${file}:${i + 1}: not valid JSON`);
      return;
    }
    const r = evalCaseSchema.safeParse(json);
    if (r.success) cases.push(r.data);
    else errors.push(...r.error.issues.map((iss) => `${file}:${i + 1}: ${iss.path.join('.')}: ${iss.message}`));
  });
  return errors.length ? { ok: false, errors } : { ok: true, cases };
}
