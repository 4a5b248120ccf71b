// zod schema of a flow file (sops/*.yaml) and its conversion to the core's Flow. The YAML form is
// written for shop owners (one key per step kind, templates as plain text when there is one
// wording); the core form is explicit.
import { PREFERENCE_NAMES } from '../../core/customer/preferences.js';
import { z } from 'zod';
import type { Condition, Flow, Step, TemplateVariant, Trigger } from '../../core/sop/types.js';

/** Limits that keep a flow file human-sized and its execution bounded. */
export const SOP_LIMITS = { steps: 300, templates: 500, templateChars: 2_000, flows: 100, conditionItems: 50 } as const;

const ident = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'use lowercase letters, digits and "_", starting with a letter (at most 64)');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

/**
 * A union told apart by which key is present (a step's `say`/`ask`/…, a trigger's `intent`/…), so
 * errors speak about the chosen variant instead of "Invalid input".
 */
function keyed<T>(variants: Record<string, z.ZodType<T>>, what: string): z.ZodType<T> {
  const keys = Object.keys(variants);
  return z.unknown().transform((v, ctx): T => {
    const present = v && typeof v === 'object' && !Array.isArray(v) ? keys.filter((k) => Object.prototype.hasOwnProperty.call(v, k)) : [];
    const key = present[0];
    const schema = key !== undefined ? variants[key] : undefined;
    if (present.length !== 1 || !schema) {
      ctx.addIssue({ code: 'custom', message: `${what} needs exactly one of: ${keys.join(', ')}` });
      return z.NEVER;
    }
    const r = schema.safeParse(v);
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.filter((p): p is string | number => typeof p !== 'symbol') });
    return z.NEVER;
  });
}

const OPS = ['equals', 'not_equals', 'contains', 'in', 'lt', 'lte', 'gt', 'gte', 'exists'] as const;

type ConditionInput = { var: string } & Partial<Record<(typeof OPS)[number], unknown>>;

const comparison = z
  .strictObject({
    var: z.string().max(100),
    equals: scalar.optional(),
    not_equals: scalar.optional(),
    contains: scalar.optional(),
    in: z.array(z.union([z.string().max(200), z.number()])).max(SOP_LIMITS.conditionItems).optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    exists: z.boolean().optional(),
  })
  .refine((c) => OPS.filter((op) => (c as ConditionInput)[op] !== undefined).length === 1, `give exactly one of ${OPS.join(', ')}`)
  .transform((c): Condition => {
    const op = OPS.find((o) => (c as ConditionInput)[o] !== undefined) ?? 'exists';
    return { var: c.var, op, value: (c as ConditionInput)[op] } as Condition;
  });

// Recursive conditions; nesting depth is checked before parsing (see MAX_YAML_DEPTH).
const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(condition).min(1).max(SOP_LIMITS.conditionItems) }),
    z.strictObject({ any: z.array(condition).min(1).max(SOP_LIMITS.conditionItems) }),
    z.strictObject({ not: condition }),
    comparison,
  ]),
);

const templateText = text(SOP_LIMITS.templateChars);
const template = z.union([
  templateText.transform((t): TemplateVariant[] => [{ text: t }]),
  z
    .array(z.strictObject({ when: condition.optional(), text: templateText }))
    .min(1)
    .max(20)
    .transform((vs): TemplateVariant[] => vs.map((v) => (v.when ? { when: v.when, text: v.text } : { text: v.text }))),
]);

const keyword = z.union([z.string(), z.number()]).transform((k) => String(k).trim()).pipe(text(30));
const triggerVariants = {
    intent: z.strictObject({ intent: ident, min_confidence: z.number().min(0).max(1).default(0.5) }).transform((t): Trigger => ({ kind: 'intent', intent: t.intent, minConfidence: t.min_confidence })),
    keywords: z.strictObject({ keywords: z.array(keyword).min(1).max(100) }).transform((t): Trigger => ({ kind: 'keyword', keywords: t.keywords })),
    entity: z.strictObject({ entity: ident }).transform((t): Trigger => ({ kind: 'entity', entity: t.entity })),
    event: z
      .strictObject({ event: z.enum(['first_message', 'customer_silent', 'order_delivered']), after_minutes: z.number().int().min(1).max(1440).optional() })
      .refine((t) => t.after_minutes === undefined || t.event === 'customer_silent', 'after_minutes is for customer_silent only')
      .transform((t): Trigger => ({ kind: 'event', event: t.event, ...(t.after_minutes !== undefined ? { afterMinutes: t.after_minutes } : {}) })),
};
const trigger = keyed<Trigger>(triggerVariants, 'a trigger');

const slot = z.strictObject({
  type: ident,
  choices: z
    .array(z.strictObject({ value: text(50), synonyms: z.array(text(50)).max(100).default([]) }))
    .min(1)
    .max(100)
    .optional(),
  pattern: z.string().min(1).max(200).optional(),
  min_length: z.number().int().min(1).max(1000).optional(),
  when_asked: z.boolean().optional(),
  fill_from_trigger: z.boolean().optional(),
  listen: z.boolean().optional(),
  from_profile: z.enum(PREFERENCE_NAMES, { error: `one of the profile's preferences: ${PREFERENCE_NAMES.join(', ')}` }).optional(),
}).refine((s) => !s.listen || (s.type === 'text' && s.pattern !== undefined), 'listen needs a text slot with a pattern');

const attempts = z.number().int().min(1).max(10).default(2);
const common = { id: ident, next: ident.optional() };

const stepVariants = {
  say: z.strictObject({ ...common, say: ident }).transform((s): Step => ({ id: s.id, kind: 'say', template: s.say, ...(s.next ? { next: s.next } : {}) })),
  ask: z
    .strictObject({
      ...common,
      ask: z.strictObject({ slot: ident, template: ident, reprompt: ident.optional(), max_attempts: attempts, on_fail: ident.optional(), force: z.boolean().optional() }),
    })
    .transform(
      (s): Step => ({
        id: s.id,
        kind: 'ask',
        slot: s.ask.slot,
        template: s.ask.template,
        maxAttempts: s.ask.max_attempts,
        ...(s.ask.reprompt ? { reprompt: s.ask.reprompt } : {}),
        ...(s.ask.on_fail ? { onFail: s.ask.on_fail } : {}),
        ...(s.ask.force ? { force: true } : {}),
        ...(s.next ? { next: s.next } : {}),
      }),
    ),
  branch: z
    .strictObject({
      id: ident,
      branch: z
        .array(z.union([z.strictObject({ if: condition, goto: ident }), z.strictObject({ else: ident })]))
        .min(1)
        .max(50)
        .refine((cs) => cs.filter((c) => 'else' in c).length === 1 && 'else' in (cs.at(-1) ?? {}), 'a branch ends with exactly one "- else: <step>"'),
    })
    .transform((s): Step => {
      const cases = s.branch.flatMap((c) => ('if' in c ? [{ if: c.if, goto: c.goto }] : []));
      const last = s.branch.at(-1);
      return { id: s.id, kind: 'branch', cases, else: last && 'else' in last ? last.else : '' };
    }),
  call: z
    .strictObject({
      ...common,
      call: z.strictObject({ tool: ident, args: z.record(ident, z.union([z.string().max(500), z.number()]).transform(String)).default({}), save_as: ident, on_error: ident.optional() }),
    })
    .transform(
      (s): Step => ({
        id: s.id,
        kind: 'call',
        tool: s.call.tool,
        args: s.call.args,
        saveAs: s.call.save_as,
        ...(s.call.on_error ? { onError: s.call.on_error } : {}),
        ...(s.next ? { next: s.next } : {}),
      }),
    ),
  confirm: z
    .strictObject({ id: ident, confirm: z.strictObject({ template: ident, reprompt: ident.optional(), max_attempts: attempts, yes: ident, no: ident }) })
    .transform(
      (s): Step => ({ id: s.id, kind: 'confirm', template: s.confirm.template, maxAttempts: s.confirm.max_attempts, yes: s.confirm.yes, no: s.confirm.no, ...(s.confirm.reprompt ? { reprompt: s.confirm.reprompt } : {}) }),
    ),
  tag: z.strictObject({ ...common, tag: z.array(text(50)).min(1).max(20) }).transform((s): Step => ({ id: s.id, kind: 'tag', tags: s.tag, ...(s.next ? { next: s.next } : {}) })),
  forget: z.strictObject({ ...common, forget: z.array(ident).min(1).max(50) }).transform((s): Step => ({ id: s.id, kind: 'forget', slots: s.forget, ...(s.next ? { next: s.next } : {}) })),
  use: z.strictObject({ ...common, use: ident }).transform((s): Step => ({ id: s.id, kind: 'use', flow: s.use, ...(s.next ? { next: s.next } : {}) })),
  handoff: z
    .strictObject({ id: ident, handoff: z.strictObject({ reason: ident, template: ident.optional() }) })
    .transform((s): Step => ({ id: s.id, kind: 'handoff', reason: s.handoff.reason, ...(s.handoff.template ? { template: s.handoff.template } : {}) })),
  end: z.strictObject({ id: ident, end: z.union([z.literal(true), ident]) }).transform((s): Step => ({ id: s.id, kind: 'end', ...(s.end === true ? {} : { template: s.end }) })),
};
const stepSchema = keyed<Step>(stepVariants, 'a step');

/** The fields of a flow file, over a step and a trigger schema (parsing and JSON Schema differ there). */
function flowShape<S extends z.ZodType, T extends z.ZodType>(stepsSchema: S, triggerSchema: T) {
  return {
    id: ident,
    name: z.strictObject({ zh: text(50).optional(), en: text(50).optional() }).refine((n) => n.zh !== undefined || n.en !== undefined, 'give a zh or en name'),
    description: text(500).optional(),
    priority: z.number().int().min(0).max(1000).default(0),
    interrupts: z.boolean().optional(),
    triggers: z.array(triggerSchema).max(50).default([]),
    slots: z.record(ident, slot).default({}),
    steps: z.array(stepsSchema).min(1, 'a flow needs at least one step').max(SOP_LIMITS.steps, `at most ${SOP_LIMITS.steps} steps in one flow`),
    templates: z
      .record(ident, template)
      .default({})
      .refine((t) => Object.keys(t).length <= SOP_LIMITS.templates, `at most ${SOP_LIMITS.templates} templates`),
  };
}

/** One sops/*.yaml file: one flow. */
export const flowFileSchema = z
  .strictObject(flowShape(stepSchema, trigger))
  .transform(
    (f): Flow => ({
      id: f.id,
      name: f.name,
      ...(f.description ? { description: f.description } : {}),
      priority: f.priority,
      ...(f.interrupts ? { interrupts: true } : {}),
      triggers: f.triggers,
      slots: Object.fromEntries(
        Object.entries(f.slots).map(([k, s]) => [
          k,
          {
            type: s.type,
            ...(s.choices ? { choices: s.choices } : {}),
            ...(s.pattern ? { pattern: s.pattern } : {}),
            ...(s.min_length ? { minLength: s.min_length } : {}),
            ...(s.when_asked ? { whenAsked: true } : {}),
            ...(s.fill_from_trigger ? { fromTrigger: true } : {}),
            ...(s.listen ? { listen: true } : {}),
            ...(s.from_profile ? { fromProfile: s.from_profile } : {}),
          },
        ]),
      ),
      steps: f.steps,
      templates: f.templates,
    }),
  );

/** Nesting deeper than this in a flow file is refused before parsing (conditions nest at most 8). */
export const MAX_YAML_DEPTH = 32;

/** The nesting depth of plain data, counted without recursion so hostile input cannot overflow the stack. */
export function dataDepth(data: unknown, limit: number): number {
  let max = 0;
  const stack: { v: unknown; d: number }[] = [{ v: data, d: 0 }];
  while (stack.length) {
    const top = stack.pop();
    if (!top) break;
    max = Math.max(max, top.d);
    if (max > limit) return max;
    if (top.v && typeof top.v === 'object') for (const child of Object.values(top.v)) stack.push({ v: child, d: top.d + 1 });
  }
  return max;
}

/** JSON Schema of a flow file for editor completion (docs/sop.schema.json is generated from it). */
export function flowJsonSchema(): unknown {
  const union = (vs: Record<string, z.ZodType>) => z.union(Object.values(vs) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  const schema = z.strictObject(flowShape(union(stepVariants), union(triggerVariants))).meta({ title: 'Xiaoer SOP flow (sops/*.yaml)', description: 'One flow per file; see docs/sop.md.' });
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}
