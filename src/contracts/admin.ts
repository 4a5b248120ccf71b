// HTTP payloads of the shop console's API (issue 22), shared by the server and web/admin. Every
// route is under /api/v1/admin/shops/:shop, needs the session cookie of one of that shop's admins
// (an agent gets 403), and edits the shop's draft: nothing a shopper sees changes until a publish.
//
// Concurrency: every editable item carries a `version` (an integer bumped on each change). A write
// may send the version it was based on in an `If-Match` header (the console always does); when the
// item changed meanwhile the write is refused with 409 XIAOER_EDIT_CONFLICT and the current item,
// never silently overwritten. A write without If-Match replaces the item (a script's upsert).
import { z } from 'zod';

/** A product or FAQ id as the shop writes it (P01, F-12, size-guide). */
export const itemId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" and "-" (at most 64)');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

export const adminShopParams = z.object({ shop: z.string().min(1).max(64) });
export const adminItemParams = adminShopParams.extend({ id: itemId });

/** Who changed an item last, and when; `version` is what If-Match carries. */
const stamp = { version: z.number().int(), updatedAt: z.string(), updatedBy: z.string().nullable() };

/** How a draft item stands against the current release. */
export const draftStatus = z.enum(['added', 'changed', 'unchanged']);

// ---------------------------------------------------------------- knowledge base

/** PUT /faq/:id — creates or replaces an entry in the draft. */
export const faqBody = z.strictObject({
  question: text(500),
  answer: text(5000),
  similar: z.array(text(500)).max(200).default([]),
  tags: z.array(text(50)).max(50).default([]),
});

export const faqEntrySchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.string(),
  similar: z.array(z.string()),
  tags: z.array(z.string()),
  status: draftStatus,
  ...stamp,
});

/** GET /faq?q=&tag=&offset=&limit= — q matches id, question, similar phrasings and answer. */
export const faqListQuery = z.object({
  q: z.string().max(200).optional(),
  tag: z.string().max(50).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const faqListSchema = z.object({ total: z.number().int(), items: z.array(faqEntrySchema), tags: z.array(z.string()) });

/** DELETE answers this; deleting an entry that is not there is 404. */
export const deletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });

/**
 * POST /faq/import?dry_run=true|false — the body is the file itself (Content-Type text/csv or the
 * xlsx MIME type), columns id, question, answer, optional similar (phrasings separated by "|") and
 * tags ("|"). A dry run only previews; a real one saves all rows or, with any problem, none.
 */
export const importQuery = z.object({ dry_run: z.enum(['true', 'false']).default('true') });
export const importPreviewSchema = z.object({
  rows: z.number().int(),
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  /** The first rows as they will be saved. */
  sample: z.array(z.object({ id: z.string(), question: z.string(), answer: z.string(), status: draftStatus })),
  /** `file:row:column: message`, all of them (nothing is saved while there is one). */
  problems: z.array(z.string()),
  saved: z.boolean(),
});

// ---------------------------------------------------------------- catalog

export const variantSchema = z.object({ sku: z.string(), options: z.record(z.string(), z.string()), priceMinor: z.number().int(), stock: z.number().int() });
export const productSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  aliases: z.array(z.string()),
  priceMinor: z.number().int(),
  description: z.string(),
  /** The shop's own attributes by the name it gives them (保质期 → 24个月). */
  facts: z.record(z.string(), z.string()),
  variants: z.array(variantSchema),
  status: draftStatus,
  ...stamp,
});
export const productListQuery = z.object({
  q: z.string().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const productListSchema = z.object({ total: z.number().int(), items: z.array(productSchema) });

/** PATCH /products/:id/variants/:sku — a price (minor units: fen) or stock change. */
export const variantParams = adminItemParams.extend({ sku: z.string().min(1).max(128) });
export const variantPatch = z
  .strictObject({ priceMinor: z.number().int().min(0).max(1_000_000_000).optional(), stock: z.number().int().min(0).max(100_000_000).optional() })
  .refine((b) => b.priceMinor !== undefined || b.stock !== undefined, 'give priceMinor or stock');

/** PUT /products/:id — name, category, description, aliases and facts (variants are edited one by one). */
export const productBody = z.strictObject({
  name: text(200),
  category: text(100),
  description: z.string().max(5000).default(''),
  aliases: z.array(text(100)).max(50).default([]),
  facts: z.record(text(50), z.string().trim().max(2000)).default({}),
});

/** GET/PUT /attributes — the shop's attribute declarations (docs/shop-bundle.md), as a table. */
export const attributeDeclarationSchema = z.object({
  name: text(50),
  aliases: z.array(text(50)).max(50).default([]),
  questions: z.array(text(50)).max(50).default([]),
  kind: z.enum(['text', 'number', 'scale', 'list']),
  unit: z.string().max(20).optional(),
  separator: z.string().max(5).optional(),
  levels: z.object({ yes: z.array(text(20)), caution: z.array(text(20)), no: z.array(text(20)) }).optional(),
});
export const attributesBody = z.strictObject({ attributes: z.array(attributeDeclarationSchema).max(200) });
export const attributesSchema = z.object({ attributes: z.array(attributeDeclarationSchema), ...stamp });

// ---------------------------------------------------------------- SOP flows

/** A problem of a YAML document, at its line and column (1-based) when the source locates it. */
export const yamlProblemSchema = z.object({ line: z.number().int().nullable(), column: z.number().int().nullable(), path: z.string(), message: z.string() });

/** A flow drawn as a graph: steps and where each can go next. */
export const flowDiagramSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), kind: z.string(), label: z.string() })),
  edges: z.array(z.object({ from: z.string(), to: z.string(), label: z.string() })),
});

export const flowSchema = z.object({ id: z.string(), name: z.string(), yaml: z.string(), status: draftStatus, ...stamp });
export const flowListSchema = z.object({ flows: z.array(flowSchema.omit({ yaml: true })) });
/** PUT /flows/:id and POST /flows/validate: the flow's YAML text as the editor holds it. */
export const flowBody = z.strictObject({ yaml: z.string().max(200_000) });
/** POST /flows/validate — problems at their line; the diagram when the flow is valid. */
export const flowCheckSchema = z.object({ ok: z.boolean(), problems: z.array(yamlProblemSchema), diagram: flowDiagramSchema.nullable() });

// ---------------------------------------------------------------- settings

/**
 * GET/PUT /settings — shop.yaml. The form's fields (greeting, fallback, answer threshold) are
 * written into the YAML keeping its comments; everything else (handoff hours, triggers and
 * thresholds, identity, coupons, experiments…) is edited in the YAML itself, checked against the
 * same schema as an import, with problems at their line.
 */
export const settingsBody = z
  .strictObject({
    greeting: text(500).optional(),
    fallback: text(500).optional(),
    /** 0..1: minimum knowledge-answer confidence before the fallback is used. */
    answerThreshold: z.number().min(0).max(1).optional(),
    /** The whole shop.yaml; with it, the fields above are ignored. */
    yaml: z.string().max(500_000).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'give yaml, or greeting, fallback or answerThreshold');
export const settingsSchema = z.object({ greeting: z.string(), fallback: z.string(), answerThreshold: z.number(), yaml: z.string(), ...stamp });

/** GET/PUT /tags — tags.yaml as text. */
export const tagsBody = z.strictObject({ yaml: z.string().max(200_000) });
export const tagsSchema = tagsBody.extend(stamp);

// ---------------------------------------------------------------- try a sentence, simulate

export const tryBody = z.strictObject({
  text: text(2000),
  /** The product page the shopper is on, if any. */
  productId: itemId.optional(),
});
/** One reply and why: intent, entities and the trace (flow/step/template, FAQ entry, rule). */
export const triedReplySchema = z.object({
  text: z.string(),
  intent: z.string().nullable(),
  confidence: z.number().nullable(),
  entities: z.array(z.object({ type: z.string(), value: z.string() })),
  faq: z.string().nullable(),
  flow: z.string().nullable(),
  source: z.string(),
  trace: z.record(z.string(), z.unknown()),
});
export const tryResultSchema = z.object({
  draft: z.object({ releaseId: z.string(), replies: z.array(triedReplySchema) }),
  /** null when the shop has no release yet. */
  live: z.object({ releaseId: z.string(), replies: z.array(triedReplySchema) }).nullable(),
});

/** POST /simulate — the whole conversation so far (the shopper's messages); each is answered by the draft. */
export const simulateBody = z.strictObject({ messages: z.array(text(2000)).min(1).max(30), productId: itemId.optional(), customerId: itemId.optional() });
export const simulateResultSchema = z.object({ releaseId: z.string(), turns: z.array(z.object({ user: z.string(), replies: z.array(triedReplySchema) })) });

// ---------------------------------------------------------------- drafts and releases

const changeList = z.object({ added: z.array(z.string()), changed: z.array(z.string()), removed: z.array(z.string()) });
/** What differs between two versions of a shop, by kind of item (ids). */
export const changesSchema = z.object({ faq: changeList, products: changeList, flows: changeList, settings: changeList });

/** The shop's tests against a version: cases passed, and the failing ones. */
export const testSummarySchema = z.object({
  cases: z.number().int(),
  passed: z.number().int(),
  failed: z.array(z.string()),
  /** Cases that pass on the current release and fail on the draft. */
  newlyFailing: z.array(z.object({ case: z.string(), file: z.string(), detail: z.string() })),
  /** Cases that failed on the current release and pass on the draft. */
  newlyPassing: z.array(z.string()),
  /** Test files that could not be read (`file: message`): their cases did not run. */
  problems: z.array(z.string()),
});

/**
 * GET /draft?check= — what publishing would change; with check=true also the draft's problems that
 * span items (that compiles the draft in a worker, so the header's indicator does not ask for it).
 */
export const draftQuery = z.object({ check: z.enum(['true', 'false']).default('false') });
export const draftSchema = z.object({ basedOn: z.string().nullable(), changes: changesSchema, problems: z.array(z.string()) });

/** POST /publish (and POST /publish/check, which only reports). */
export const publishBody = z.strictObject({ confirm: z.boolean().default(false), note: z.string().max(500).optional() });
export const publishResultSchema = z.object({ releaseId: z.string(), created: z.boolean(), published: z.boolean(), changes: changesSchema, tests: testSummarySchema });

export const releaseSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  publishedBy: z.string().nullable(),
  current: z.boolean(),
  /** Conversations still open that started on this release (they stay on it). */
  openConversations: z.number().int(),
});
export const releaseListSchema = z.object({ releases: z.array(releaseSchema) });
export const releaseParams = adminShopParams.extend({ release: z.string().regex(/^rel-[0-9a-f]{16}$/, 'a release id, rel- and 16 hex digits') });
export const releaseDiffQuery = z.object({ against: z.string().regex(/^rel-[0-9a-f]{16}$/).optional() });
export const rollbackResultSchema = z.object({ releaseId: z.string(), previous: z.string().nullable() });

// ---------------------------------------------------------------- team

export const staffAdminSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['admin', 'agent']),
  groups: z.array(z.string()),
  capacity: z.number().int().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export const staffListSchema = z.object({ staff: z.array(staffAdminSchema), groups: z.array(z.object({ id: z.string(), name: z.string() })) });
export const newStaffBody = z.strictObject({
  username: z.string().min(1).max(64),
  displayName: z.string().trim().max(64).optional(),
  role: z.enum(['admin', 'agent']),
  groups: z.array(z.string().max(64)).max(20).default([]),
  password: z.string().min(1).max(256),
  capacity: z.number().int().min(1).max(50).optional(),
});
export const staffPatch = z
  .strictObject({
    displayName: z.string().trim().min(1).max(64).optional(),
    role: z.enum(['admin', 'agent']).optional(),
    groups: z.array(z.string().max(64)).max(20).optional(),
    capacity: z.number().int().min(1).max(50).nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export const staffParams = adminShopParams.extend({ staff: z.string().min(1).max(128) });
export const passwordBody = z.strictObject({ password: z.string().min(1).max(256) });

// ---------------------------------------------------------------- audit

export const auditQuery = z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  staff: z.string().nullable(),
  /** faq.put, faq.delete, faq.import, product.put, variant.patch, attributes.put, flow.put, flow.delete, settings.put, tags.put, publish, rollback, staff.create, staff.update, staff.password */
  action: z.string(),
  target: z.string(),
  summary: z.string(),
});
export const auditListSchema = z.object({ total: z.number().int(), entries: z.array(auditEntrySchema) });

export type FaqBody = z.infer<typeof faqBody>;
export type FaqEntryDto = z.infer<typeof faqEntrySchema>;
export type FaqList = z.infer<typeof faqListSchema>;
export type ImportPreview = z.infer<typeof importPreviewSchema>;
export type ProductDto = z.infer<typeof productSchema>;
export type ProductList = z.infer<typeof productListSchema>;
export type ProductBody = z.infer<typeof productBody>;
export type VariantPatch = z.infer<typeof variantPatch>;
export type AttributeDeclarationDto = z.infer<typeof attributeDeclarationSchema>;
export type AttributesDto = z.infer<typeof attributesSchema>;
export type YamlProblem = z.infer<typeof yamlProblemSchema>;
export type FlowDiagram = z.infer<typeof flowDiagramSchema>;
export type FlowDto = z.infer<typeof flowSchema>;
export type FlowList = z.infer<typeof flowListSchema>;
export type FlowCheck = z.infer<typeof flowCheckSchema>;
export type SettingsBody = z.infer<typeof settingsBody>;
export type SettingsDto = z.infer<typeof settingsSchema>;
export type TagsDto = z.infer<typeof tagsSchema>;
export type TriedReply = z.infer<typeof triedReplySchema>;
export type TryResult = z.infer<typeof tryResultSchema>;
export type SimulateResult = z.infer<typeof simulateResultSchema>;
export type Changes = z.infer<typeof changesSchema>;
export type TestSummary = z.infer<typeof testSummarySchema>;
export type DraftDto = z.infer<typeof draftSchema>;
export type PublishResult = z.infer<typeof publishResultSchema>;
export type ReleaseDto = z.infer<typeof releaseSchema>;
export type StaffAdminDto = z.infer<typeof staffAdminSchema>;
export type StaffList = z.infer<typeof staffListSchema>;
export type NewStaffBody = z.infer<typeof newStaffBody>;
export type StaffPatch = z.infer<typeof staffPatch>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditList = z.infer<typeof auditListSchema>;
