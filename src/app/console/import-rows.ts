// What every import of sheet rows into the draft does once its own rows are read and checked:
// problems located as `file:row:column: field: message`, each row's status against the draft, the
// preview, and — unless a dry run or a problem — the changed rows saved together and audited.
import type { z } from 'zod';
import type { DraftWrite } from '../ports.js';
import { audit, type Actor, type ConsoleDeps } from './console-deps.js';
import { itemHash } from './draft-items.js';

/** Names a record's field (path [record, field, …]) as "row:column" in the file the shop sees. */
export type Locate = (path: readonly (string | number)[]) => string;

/** What an import would do (or did): counts, the first rows, and every problem as `file:row:column: message`. */
export interface ImportPreview {
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  sample: { id: string; question: string; answer: string; status: 'added' | 'changed' | 'unchanged' }[];
  problems: string[];
  saved: boolean;
}

/** Records checked against a file schema: the parsed items (none with a problem) and each problem at its row and column. */
export function checkRows<T>(schema: z.ZodType<T[]>, records: unknown[], file: string, locate: Locate): { items: T[]; problems: string[] } {
  const parsed = schema.safeParse(records);
  if (parsed.success) return { items: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return `${file}:${locate(path)}: ${path.slice(1).join('.') || 'row'}: ${issue.message}`;
  });
  return { items: [], problems };
}

/** The row number of record `i` (for "also on row N"). */
export const rowNumber = (locate: Locate, i: number) => locate([i, 'id']).split(':')[0] ?? '1';

/**
 * Previews the writes against the draft and, unless `dryRun` or a problem, saves the changed ones
 * together (unchanged rows are not written: their versions stay, so nobody editing them gets a
 * conflict) and audits the import as `action`. `sample` describes write i for the preview.
 */
export async function previewAndSave(
  deps: Pick<ConsoleDeps, 'store' | 'clock'>,
  shopId: string,
  actor: Actor,
  input: { file: string; rows: number; writes: DraftWrite[]; problems: string[]; sample: (i: number) => { id: string; question: string; answer: string }; dryRun: boolean; action: string; target: string },
): Promise<ImportPreview> {
  const kinds = new Set(input.writes.map((w) => w.kind));
  const draft = new Map((await deps.store.drafts.hashes(shopId)).filter((h) => kinds.has(h.kind)).map((h) => [`${h.kind}\u0000${h.id}`, h.hash]));
  const status = input.writes.map((w) => {
    const was = draft.get(`${w.kind}\u0000${w.id}`);
    return was === undefined ? ('added' as const) : was === itemHash(w) ? ('unchanged' as const) : ('changed' as const);
  });
  const count = (s: string) => status.filter((x) => x === s).length;
  const preview: ImportPreview = {
    rows: input.rows,
    added: count('added'),
    changed: count('changed'),
    unchanged: count('unchanged'),
    sample: input.writes.slice(0, 20).map((_, i) => ({ ...input.sample(i), status: status[i] ?? 'added' })),
    problems: input.problems,
    saved: false,
  };
  if (input.dryRun || input.problems.length > 0 || input.writes.length === 0) return preview;
  await deps.store.drafts.put(shopId, input.writes.filter((_, i) => status[i] !== 'unchanged').map((item) => ({ item })), deps.clock.now(), actor.username);
  await audit(deps, shopId, actor, input.action, input.target, `${preview.added} added, ${preview.changed} changed, ${preview.unchanged} unchanged`);
  return { ...preview, saved: true };
}
