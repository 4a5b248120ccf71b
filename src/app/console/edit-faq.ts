// The knowledge base in the draft: list and search, read, create or replace, delete, bulk import
// (all rows or none, previewed first) and export. Every change is audited; a write based on an
// older version of an entry is refused (XIAOER_EDIT_CONFLICT) rather than overwriting it.
import { createHash } from 'node:crypto';
import type { FaqEntry } from '../../core/catalog/types.js';
import { csvCell } from '../../core/text/csv-cell.js';
import { XiaoerError } from '../errors.js';
import type { DraftItem } from '../ports.js';
import { faqFileSchema } from '../shops/bundle-schema.js';
import { audit, ensureDraft, written, type Actor, type ConsoleDeps } from './console-deps.js';
import { faqWrite } from './draft-items.js';
import { liveHashes, statusOf, type HashMap } from './release-items.js';

/** An entry as the console shows it. */
export type FaqView = FaqEntry & { status: 'added' | 'changed' | 'unchanged'; version: number; updatedAt: string; updatedBy: string | null };

type Deps = Pick<ConsoleDeps, 'store' | 'clock'>;

function view(item: DraftItem, release: HashMap | undefined): FaqView {
  const e = JSON.parse(item.body) as FaqEntry;
  return { ...e, status: statusOf(item, release), version: item.version, updatedAt: item.updatedAt, updatedBy: item.updatedBy };
}

/** A page of entries matching `q` (id, question, phrasings, answer) and `tag`, with every tag in use. */
export async function listFaq(deps: Deps, shopId: string, query: { q?: string; tag?: string; offset: number; limit: number }): Promise<{ total: number; items: FaqView[]; tags: string[] }> {
  await ensureDraft(deps, shopId);
  const [page, tags, release] = await Promise.all([deps.store.drafts.list(shopId, 'faq', query), deps.store.drafts.tags(shopId, 'faq'), liveHashes(deps, shopId)]);
  return { total: page.total, items: page.items.map((i) => view(i, release)), tags };
}

export async function getFaq(deps: Deps, shopId: string, id: string): Promise<FaqView> {
  await ensureDraft(deps, shopId);
  const item = await deps.store.drafts.get(shopId, 'faq', id);
  if (!item) throw new XiaoerError('XIAOER_FAQ_NOT_FOUND', `no FAQ entry ${id} in the draft of ${shopId}`);
  return view(item, await liveHashes(deps, shopId));
}

/** Creates or replaces an entry; with `expected` (If-Match) only if it is still at that version. */
export async function putFaq(deps: Deps, shopId: string, actor: Actor, entry: FaqEntry, expected: number | undefined): Promise<FaqView> {
  await ensureDraft(deps, shopId);
  const [result] = await deps.store.drafts.put(shopId, [{ item: faqWrite(entry), ...(expected !== undefined ? { expected } : {}) }], deps.clock.now(), actor.username);
  const item = written(result, `FAQ entry ${entry.id}`);
  await audit(deps, shopId, actor, 'faq.put', `faq/${entry.id}`, `${item.version === 1 ? 'created' : 'changed'}: ${entry.question}`);
  return view(item, await liveHashes(deps, shopId));
}

export async function deleteFaq(deps: Deps, shopId: string, actor: Actor, id: string, expected: number | undefined): Promise<void> {
  await ensureDraft(deps, shopId);
  const r = await deps.store.drafts.delete(shopId, 'faq', id, expected);
  if (!r.ok && !r.current) throw new XiaoerError('XIAOER_FAQ_NOT_FOUND', `no FAQ entry ${id} in the draft of ${shopId}`);
  const item = written(r, `FAQ entry ${id}`);
  await audit(deps, shopId, actor, 'faq.delete', `faq/${id}`, `deleted: ${item.label}`);
}

/** What an import would do (or did): counts, the first rows, and every problem as `file:row:column: message`. */
export interface FaqImportPreview {
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  sample: { id: string; question: string; answer: string; status: 'added' | 'changed' | 'unchanged' }[];
  problems: string[];
  saved: boolean;
}

/**
 * Imports rows read from a faq.csv / faq.xlsx (records in faq.yaml's shape; `locate` names a
 * record's field as "row:column"): checked whole, then saved all together, or with any problem
 * not at all. A dry run only previews. Rows for ids already in the draft replace those entries.
 */
export async function importFaq(deps: Deps, shopId: string, actor: Actor, file: string, records: unknown[], locate: (path: readonly (string | number)[]) => string, dryRun: boolean): Promise<FaqImportPreview> {
  await ensureDraft(deps, shopId);
  const problems: string[] = [];
  const parsed = faqFileSchema.safeParse(records);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      problems.push(`${file}:${locate(path)}: ${path.slice(1).join('.') || 'row'}: ${issue.message}`);
    }
  }
  const entries = parsed.success ? parsed.data : [];
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const first = seen.get(e.id);
    if (first !== undefined) problems.push(`${file}:${locate([i, 'id'])}: id "${e.id}" is also on row ${locate([first, 'id']).split(':')[0]}`);
    else seen.set(e.id, i);
  });
  const draft = new Map((await deps.store.drafts.hashes(shopId)).filter((h) => h.kind === 'faq').map((h) => [h.id, h.hash]));
  const writes = entries.map(faqWrite);
  const status = writes.map((w) => {
    const was = draft.get(w.id);
    return was === undefined ? 'added' : was === createHash('sha256').update(w.body).digest('hex') ? 'unchanged' : 'changed';
  });
  const count = (s: string) => status.filter((x) => x === s).length;
  const preview: FaqImportPreview = {
    rows: records.length,
    added: count('added'),
    changed: count('changed'),
    unchanged: count('unchanged'),
    sample: entries.slice(0, 20).map((e, i) => ({ id: e.id, question: e.question, answer: e.answer, status: status[i] ?? 'added' })),
    problems,
    saved: false,
  };
  if (dryRun || problems.length > 0 || records.length === 0) return preview;
  // Unchanged rows are not written: their versions stay, so nobody editing them gets a conflict.
  const changed = writes.filter((_, i) => status[i] !== 'unchanged');
  await deps.store.drafts.put(shopId, changed.map((item) => ({ item })), deps.clock.now(), actor.username);
  await audit(deps, shopId, actor, 'faq.import', `faq/${file}`, `${preview.added} added, ${preview.changed} changed, ${preview.unchanged} unchanged`);
  return { ...preview, saved: true };
}

/** Every entry of the draft, as faq.csv (id, question, answer, similar, tags; lists joined by "|"). */
export async function exportFaqCsv(deps: Deps, shopId: string): Promise<string> {
  await ensureDraft(deps, shopId);
  const rows = (await deps.store.drafts.bodies(shopId, 'faq')).map((b) => JSON.parse(b.body) as FaqEntry);
  const lines = rows.map((e) => [e.id, e.question, e.answer, e.similar.join('|'), e.tags.join('|')].map(csvCell).join(','));
  return ['id,question,answer,similar,tags', ...lines].join('\n') + '\n';
}
