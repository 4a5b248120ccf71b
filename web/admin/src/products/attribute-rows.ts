// The attribute declarations as the editable table holds them, and back as the API takes them:
// the table keeps every field of every row (a kind switched back and forth keeps its levels), the
// saved declaration only what its kind uses.
import type { AttributeDeclarationDto } from '../../../../src/contracts/admin.js';

export type AttributeKind = AttributeDeclarationDto['kind'];

export interface AttributeRow {
  /** A key for the table that survives renaming. */
  key: string;
  name: string;
  aliases: string[];
  questions: string[];
  kind: AttributeKind;
  unit: string;
  separator: string;
  yes: string[];
  caution: string[];
  no: string[];
}

export function toRows(attributes: readonly AttributeDeclarationDto[]): AttributeRow[] {
  return attributes.map((a, i) => ({
    key: `a${i}`,
    name: a.name,
    aliases: a.aliases ?? [],
    questions: a.questions ?? [],
    kind: a.kind,
    unit: a.unit ?? '',
    separator: a.separator ?? '',
    yes: a.levels?.yes ?? [],
    caution: a.levels?.caution ?? [],
    no: a.levels?.no ?? [],
  }));
}

/** The declarations to save: names trimmed, a unit only for numbers, a separator only for lists, levels only for scales. */
export function fromRows(rows: readonly AttributeRow[]): AttributeDeclarationDto[] {
  return rows.map((r) => ({
    name: r.name.trim(),
    aliases: r.aliases,
    questions: r.questions,
    kind: r.kind,
    ...(r.kind === 'number' && r.unit.trim() ? { unit: r.unit.trim() } : {}),
    ...(r.kind === 'list' && r.separator ? { separator: r.separator } : {}),
    ...(r.kind === 'scale' ? { levels: { yes: r.yes, caution: r.caution, no: r.no } } : {}),
  }));
}

/** Row numbers (1-based) whose name is empty or repeats an earlier one: the table marks them and refuses to save. */
export function badRows(rows: readonly AttributeRow[]): number[] {
  const seen = new Set<string>();
  const bad: number[] = [];
  rows.forEach((r, i) => {
    const name = r.name.trim();
    if (!name || seen.has(name)) bad.push(i + 1);
    seen.add(name);
  });
  return bad;
}

let fresh = 0;
export function emptyRow(): AttributeRow {
  fresh += 1;
  return { key: `new${fresh}`, name: '', aliases: [], questions: [], kind: 'text', unit: '', separator: '', yes: [], caution: [], no: [] };
}
