// The knowledge base in the draft: list and search, read, create or replace, delete, bulk import
// (all rows or none, previewed first) and export. Every change is audited; a write based on an
// older version of an entry is refused (XIAOER_EDIT_CONFLICT) rather than overwriting it.
import type { FaqEntry } from '../../core/catalog/types.js';
import { csvCell } from '../../core/text/csv-cell.js';
import { XiaoerError } from '../errors.js';
import type { DraftItem } from '../ports.js';
import { faqFileSchema } from '../shops/bundle-schema.js';
import { audit, ensureDraft, written, type Actor, type ConsoleDeps } from './console-deps.js';
import { faqWrite } from './draft-items.js';
import { checkRows, previewAndSave, rowNumber, type ImportPreview, type Locate } from './import-rows.js';
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

/**
 * Imports rows read from a faq.csv / faq.xlsx (records in faq.yaml's shape; `locate` names a
 * record's field as "row:column"): checked whole, then saved all together, or with any problem
 * not at all. A dry run only previews. Rows for ids already in the draft replace those entries.
 */
export async function importFaq(deps: Deps, shopId: string, actor: Actor, file: string, records: unknown[], locate: Locate, dryRun: boolean): Promise<ImportPreview> {
  await ensureDraft(deps, shopId);
  const { items: entries, problems } = checkRows(faqFileSchema, records, file, locate);
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const first = seen.get(e.id);
    if (first !== undefined) problems.push(`${file}:${locate([i, 'id'])}: id "${e.id}" is also on row ${rowNumber(locate, first)}`);
    else seen.set(e.id, i);
  });
  return previewAndSave(deps, shopId, actor, {
    file,
    rows: records.length,
    writes: entries.map(faqWrite),
    problems,
    sample: (i) => ({ id: entries[i]?.id ?? '', question: entries[i]?.question ?? '', answer: entries[i]?.answer ?? '' }),
    dryRun,
    action: 'faq.import',
    target: `faq/${file}`,
  });
}

/** Every entry of the draft, as faq.csv (id, question, answer, similar, tags; lists joined by "|"). */
export async function exportFaqCsv(deps: Deps, shopId: string): Promise<string> {
  await ensureDraft(deps, shopId);
  const rows = (await deps.store.drafts.bodies(shopId, 'faq')).map((b) => JSON.parse(b.body) as FaqEntry);
  const lines = rows.map((e) => [e.id, e.question, e.answer, e.similar.join('|'), e.tags.join('|')].map(csvCell).join(','));
  return ['id,question,answer,similar,tags', ...lines].join('\n') + '\n';
}
