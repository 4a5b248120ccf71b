// A shop's spreadsheets as its seller centre exports them: products.csv (one row per SKU; every
// column beyond the fixed ones is an attribute the shop names itself) and faq.csv (one question,
// its answer, optional other phrasings). Rows become the same data a catalog/*.yaml or faq.yaml
// file holds, so one schema validates both; problems come back as `file:row:column: message`.
import { parse } from 'csv-parse/sync';

/** The fixed columns of products.csv; any other column is an attribute named by its header. */
export const PRODUCT_COLUMNS = ['product_id', 'title', 'category', 'sku', 'spec', 'price', 'stock', 'description'] as const;
/** The columns of faq.csv (`similar` optional: other phrasings separated by "|"). */
export const FAQ_COLUMNS = ['id', 'question', 'answer', 'similar', 'tags'] as const;

/** A sheet turned into catalog or FAQ data, with where each record and field came from. */
export interface SheetData {
  /** Records in the shape of catalog/*.yaml (products) or faq.yaml (entries). */
  records: Record<string, unknown>[];
  /** Locates a schema problem's path ([record, field, …]) as "row:column" (1-based, row 1 the header). */
  locate(path: readonly (string | number)[]): string;
}

/** The first worksheet of an .xlsx file as rows of trimmed text cells (numbers as written, dates as YYYY-MM-DD). */
export async function parseXlsx(data: Buffer): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  // Rows keep their sheet positions (a blank row stays an empty one), so problems name the row the shop sees.
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      cells.push(cellText(cell.value, cell.numFmt));
    }
    rows[row.number - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

/**
 * A spreadsheet cell's value as the text a shop sees in it: a percentage as 32%, a date as
 * YYYY-MM-DD, a time as HH:MM, TRUE/FALSE as Excel shows them, a computed number without float noise.
 */
function cellText(v: unknown, numFmt?: string): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const iso = v.toISOString();
    // Excel keeps a time of day as a date on 1899-12-30.
    return iso.startsWith('1899-12-3') ? iso.slice(11, 16) : iso.slice(0, 10);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    const n = Number(v.toPrecision(12));
    return numFmt?.includes('%') ? `${Number((n * 100).toPrecision(12))}%` : String(n);
  }
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('').trim();
    if (o.result !== undefined) return cellText(o.result, numFmt);
    if (typeof o.text === 'string') return o.text.trim();
    return '';
  }
  return String(v).trim();
}

/**
 * Parses CSV text into rows of trimmed cells; a byte-order mark is skipped. Blank rows stay (empty),
 * so a row's position is the row number a spreadsheet shows (a cell over several lines is one row).
 */
export function parseCsv(text: string): string[][] {
  const rows = parse(text, { bom: true, skip_empty_lines: false, relax_column_count: true, trim: true }) as string[][];
  while (rows.length > 0 && isBlank(rows[rows.length - 1] ?? [])) rows.pop();
  return rows;
}

function isBlank(row: readonly string[]): boolean {
  return !row.some((c) => c !== '');
}

/** Header positions, a row's cell by column name, and the problems of a header that lacks a required column or repeats one. */
function header(cells: readonly string[], required: readonly string[], file: string): { at: Map<string, number>; cell: (row: readonly string[], name: string) => string; problems: string[] } {
  const at = new Map<string, number>();
  const problems: string[] = [];
  cells.forEach((name, i) => {
    if (name === '') return;
    if (at.has(name)) problems.push(`${file}:1:${i + 1}: column "${name}" appears twice`);
    else at.set(name, i);
  });
  for (const r of required) if (!at.has(r)) problems.push(`${file}:1:1: missing column "${r}" (the header row needs ${required.join(', ')})`);
  const cell = (row: readonly string[], name: string) => {
    const i = at.get(name);
    return i === undefined ? '' : (row[i] ?? '');
  };
  return { at, cell, problems };
}

/** A price cell in yuan ("89", "¥89.9", "1,299") as a number; the text itself when it is none. */
function money(cell: string): number | string {
  const t = cell.replace(/^[¥￥]/, '').replace(/,/g, '').trim();
  return /^\d+(\.\d{1,2})?$/.test(t) ? Number(t) : cell;
}

/** A stock cell as a whole number; the text itself when it is none (the schema says why). */
function count(cell: string): number | string {
  return /^\d+$/.test(cell.trim()) ? Number(cell.trim()) : cell;
}

/**
 * products.csv: rows grouped by product_id, in order of first appearance. A product's title,
 * category and attributes come from its rows (later rows may leave them empty); an attribute whose
 * rows differ by SKU keeps each value with its spec ("2L：…；3L：…"). An empty cell is not stated.
 */
export function productsFromCsv(rows: string[][], file = 'products.csv'): { ok: true; data: SheetData } | { ok: false; errors: string[] } {
  const [head = [], ...body] = rows;
  const { at, cell, problems } = header(head, ['product_id', 'title', 'sku', 'price', 'stock'], file);
  if (problems.length) return { ok: false, errors: problems };
  const attributeColumns = head.map((name, i) => ({ name, i })).filter((c) => c.name !== '' && !(PRODUCT_COLUMNS as readonly string[]).includes(c.name));
  const groups = new Map<string, { rows: { row: readonly string[]; line: number }[] }>();
  const errors: string[] = [];
  body.forEach((row, k) => {
    if (isBlank(row)) return;
    const line = k + 2;
    const id = cell(row, 'product_id');
    if (id === '') {
      errors.push(`${file}:${line}:${(at.get('product_id') ?? 0) + 1}: product_id is empty`);
      return;
    }
    const g = groups.get(id) ?? { rows: [] };
    g.rows.push({ row, line });
    groups.set(id, g);
  });
  if (errors.length) return { ok: false, errors };
  const records: Record<string, unknown>[] = [];
  const linesOf: number[][] = [];
  for (const [id, g] of groups) {
    const first = (name: string) => g.rows.map((r) => cell(r.row, name)).find((v) => v !== '') ?? '';
    const facts: Record<string, string> = {};
    for (const c of attributeColumns) {
      const stated = g.rows.map((r) => ({ spec: cell(r.row, 'spec') || cell(r.row, 'sku'), value: r.row[c.i] ?? '' })).filter((x) => x.value !== '');
      const values = [...new Set(stated.map((x) => x.value))];
      if (values.length === 1) facts[c.name] = values[0]!;
      else if (values.length > 1) facts[c.name] = stated.map((x) => `${x.spec}：${x.value}`).join('；');
    }
    const category = first('category');
    const description = first('description');
    records.push({
      id,
      name: first('title'),
      category: category || '其他',
      // Shoppers name a product by its kind (电饭煲, 猫砂) far more often than by its full title.
      // 电烤箱 is asked for as 烤箱: an electric appliance's kind without its 电 is a name too.
      ...(category ? { aliases: [...new Set([category, ...(/^电.{2,}/.test(category) ? [category.slice(1)] : [])])] } : {}),
      ...(description ? { description } : {}),
      ...(Object.keys(facts).length ? { facts } : {}),
      variants: g.rows.map((r) => {
        const spec = cell(r.row, 'spec');
        return { sku: cell(r.row, 'sku'), options: spec ? { spec } : {}, price: money(cell(r.row, 'price')), stock: count(cell(r.row, 'stock')) };
      }),
    });
    linesOf.push(g.rows.map((r) => r.line));
  }
  const columnOf: Record<string, string> = { id: 'product_id', name: 'title', category: 'category', price: 'price', description: 'description', sku: 'sku', options: 'spec', stock: 'stock' };
  return {
    ok: true,
    data: {
      records,
      locate(path) {
        const [i, field, j, sub] = path;
        const lines = typeof i === 'number' ? linesOf[i] : undefined;
        if (!lines) return '1:1';
        const line = field === 'variants' && typeof j === 'number' ? (lines[j] ?? lines[0]) : lines[0];
        const col = field === 'facts' && typeof j === 'string' ? head.indexOf(j) : at.get(columnOf[String(field === 'variants' ? (sub ?? 'sku') : field)] ?? '') ?? -1;
        return `${line}:${col >= 0 ? col + 1 : 1}`;
      },
    },
  };
}

/** faq.csv: one entry per row; `similar` holds other phrasings separated by "|". */
export function faqFromCsv(rows: string[][], file = 'faq.csv'): { ok: true; data: SheetData } | { ok: false; errors: string[] } {
  const [head = [], ...body] = rows;
  const { at, cell, problems } = header(head, ['id', 'question', 'answer'], file);
  if (problems.length) return { ok: false, errors: problems };
  const kept = body.map((row, k) => ({ row, line: k + 2 })).filter((r) => !isBlank(r.row));
  const records = kept.map(({ row }) => {
    const list = (column: string) => cell(row, column).split('|').map((s) => s.trim()).filter((s) => s !== '');
    const tags = list('tags');
    return { id: cell(row, 'id'), question: cell(row, 'question'), answer: cell(row, 'answer'), similar: list('similar'), ...(tags.length ? { tags } : {}) };
  });
  return {
    ok: true,
    data: {
      records,
      locate(path) {
        const [i, field] = path;
        const col = at.get(String(field)) ?? 0;
        return `${typeof i === 'number' ? (kept[i]?.line ?? 1) : 1}:${col + 1}`;
      },
    },
  };
}
