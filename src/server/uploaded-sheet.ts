// A spreadsheet uploaded to the console (faq or products, CSV or XLSX, sent as the request body):
// parsed into the records of the bundle file it stands for, or refused with a clear error.
import { XiaoerError } from '../app/errors.js';
import { parseCsv, parseXlsx, type SheetData } from '../adapters/bundle/read-sheets.js';

/** The xlsx MIME type. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A sheet as large as an import from files may be. */
export const MAX_SHEET_BYTES = 20 * 1024 * 1024;

/** Rows of an uploaded CSV or XLSX, or XIAOER_INVALID_IMPORT. */
async function sheetRows(body: unknown, contentType: string | undefined): Promise<string[][]> {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new XiaoerError('XIAOER_INVALID_IMPORT', 'send the file as the request body (Content-Type text/csv or the xlsx type)');
  try {
    return contentType?.startsWith(XLSX) ? await parseXlsx(body) : parseCsv(body.toString('utf8'));
  } catch (err) {
    throw new XiaoerError('XIAOER_INVALID_IMPORT', `the file cannot be read: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : 'unknown problem'}`);
  }
}

/**
 * The upload as `<base>.csv` or `<base>.xlsx` read by `toRecords` (faqFromCsv, productsFromCsv): its
 * name and records, or — a header the reader refuses — the preview of an import that saved nothing.
 */
export async function readUploadedSheet(
  body: unknown,
  contentType: string | undefined,
  base: 'faq' | 'products',
  toRecords: (rows: string[][], file: string) => { ok: true; data: SheetData } | { ok: false; errors: string[] },
) {
  const file = `${base}.${contentType?.startsWith(XLSX) ? 'xlsx' : 'csv'}`;
  const sheet = toRecords(await sheetRows(body, contentType), file);
  if (!sheet.ok) return { ok: false as const, preview: { rows: 0, added: 0, changed: 0, unchanged: 0, sample: [], problems: sheet.errors, saved: false } };
  return { ok: true as const, file, data: sheet.data };
}
