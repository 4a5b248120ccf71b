// What a model may answer: one command, read from its JSON with zod. The model proposes, the SOP
// engine and the knowledge layer dispose: every command names something of the shop's release
// (a flow, a FAQ entry, a product and its attribute) that deterministic code then runs as if the
// offline pipeline had chosen it. Only `answer` carries generated words, and those pass the guardrails.
import { z } from 'zod';

const id = z.string().trim().min(1).max(100);

/** The commands, by name. */
export const modelCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('start_flow'), flow: id }),
  z.object({ command: z.literal('set_slot'), slot: id, value: z.union([z.string().trim().min(1).max(200), z.number().finite()]) }),
  z.object({ command: z.literal('answer_faq'), faq: id }),
  z.object({ command: z.literal('answer_product'), product: id, attribute: z.string().trim().min(1).max(50) }),
  z.object({ command: z.literal('handoff'), reason: z.string().trim().max(200).default('') }),
  z.object({ command: z.literal('smalltalk'), kind: z.enum(['greeting', 'thanks', 'chitchat']) }),
  z.object({ command: z.literal('answer'), text: z.string().max(2000), sources: z.array(id).max(10).default([]) }),
  z.object({ command: z.literal('none') }),
]);

/** Slots a model may fill with set_slot: choices and entity types, whose values the flow checks; never free text. */
export const SETTABLE = (slotType: string): boolean => slotType !== 'text';

/** One command a model proposed, validated. */
export type ModelCommand = z.infer<typeof modelCommandSchema>;

/** The names of the commands. */
export type ModelCommandName = ModelCommand['command'];

/** A model's output read as a command, or why it could not be. */
export type ReadCommand = { ok: true; command: ModelCommand } | { ok: false; reason: 'not_json' | 'not_a_command'; detail: string };

/**
 * Reads a model's text as one command: the JSON object itself, or one inside a ```json fence or
 * surrounded by words (models add them). Anything else is refused, never guessed at.
 */
export function readModelCommand(text: string): ReadCommand {
  const r = readModelJson(text, modelCommandSchema);
  return r.ok ? { ok: true, command: r.value } : { ok: false, reason: r.reason === 'invalid' ? 'not_a_command' : 'not_json', detail: r.detail };
}

/** A model's JSON object read with `schema`: the object itself, or one in a fence or among words; `invalid` when it does not fit. */
export function readModelJson<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; reason: 'not_json' | 'invalid'; detail: string } {
  const raw = jsonPart(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not_json', detail: raw.slice(0, 80) };
  }
  const r = schema.safeParse(parsed);
  if (!r.success) return { ok: false, reason: 'invalid', detail: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ').slice(0, 200) };
  return { ok: true, value: r.data };
}

/** The text between the first `{` and the last `}` (fences and chatter around it dropped). */
function jsonPart(text: string): string {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : text.trim();
}
