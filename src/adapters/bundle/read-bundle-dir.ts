// Reads a shop bundle folder from disk: parses YAML keeping positions, validates through the
// app's schemas and reports every problem as `file:line: message`.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { assembleBundle, type BundleProblem, type ParsedFile } from '../../app/shops/assemble-bundle.js';
import { parseYamlSource, plainMessage, type YamlSource } from '../../app/shops/yaml-source.js';
import type { ShopSeed } from '../../app/shops/seed-schema.js';
import type { ShopBundle } from '../../core/catalog/types.js';
import type { RetailDb } from '../../core/retail/types.js';
import type { DraftSources } from '../../app/console/draft-items.js';
import { faqFromCsv, parseCsv, parseXlsx, productsFromCsv, type SheetData } from './read-sheets.js';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** A bundle read from disk, or the list of located problems. */
export type ReadBundleResult = { ok: true; bundle: ShopBundle; seed?: ShopSeed; retail?: RetailDb; sources: DraftSources } | { ok: false; errors: string[] };

/** Test files larger than this are not kept with the shop's draft (they are still read by `xiaoer eval`). */
const MAX_TEST_BYTES = 5 * 1024 * 1024;

/** The texts an editor shows (shop.yaml, each flow's file, tags.yaml) and the shop's tests/ files. */
async function readSources(dir: string, sops: readonly Located[]): Promise<DraftSources> {
  const text = async (name: string) => readFile(join(dir, name), 'utf8').catch(() => undefined);
  const flowYaml: Record<string, string> = {};
  for (const f of sops) {
    const id = (f.data as { id?: unknown } | undefined)?.id;
    const t = await text(f.file);
    if (typeof id === 'string' && t !== undefined) flowYaml[id] = t;
  }
  const tests: { file: string; text: string }[] = [];
  const names = (await exists(join(dir, 'tests'))) ? (await readdir(join(dir, 'tests'))).filter((n) => /\.(jsonl|ya?ml)$/.test(n)).sort() : [];
  for (const n of names) {
    const info = await stat(join(dir, 'tests', n));
    const t = info.size <= MAX_TEST_BYTES ? await text(join('tests', n)) : undefined;
    if (t !== undefined) tests.push({ file: n, text: t });
  }
  const shopYaml = await text('shop.yaml');
  const tagsYaml = await text('tags.yaml');
  return { ...(shopYaml !== undefined ? { shopYaml } : {}), flowYaml, ...(tagsYaml !== undefined ? { tagsYaml } : {}), tests };
}

/** Where to read from besides the folder. */
export interface ReadBundleOptions {
  /** The tau2-retail db.json to load instead of the path shop.yaml names (another copy of the data). */
  retailDb?: string;
  /** Told of each step of reading, for a progress bar on large files. */
  progress?: (step: ReadStep) => void;
}

/** A step of reading a bundle: a file read (with its size) or parsed (with its rows), or the check of the whole. */
export type ReadStep = { kind: 'read'; file: string; bytes: number } | { kind: 'parsed'; file: string; rows: number } | { kind: 'checking' };

const MAX_DB_BYTES = 100 * 1024 * 1024;

/** The retail database a `backend: tau2-retail` shop names, parsed as JSON. */
async function readRetailDb(path: string, errors: string[]): Promise<ParsedFile> {
  const name = 'db.json';
  try {
    const info = await stat(path);
    if (info.size > MAX_DB_BYTES) {
      errors.push(`${name}:1: file is larger than ${MAX_DB_BYTES / 1024 / 1024} MB`);
      return { file: name, data: undefined };
    }
    return { file: name, data: JSON.parse(await readFile(path, 'utf8')) as unknown };
  } catch (e) {
    errors.push(`${name}:1: ${e instanceof SyntaxError ? 'not valid JSON' : `cannot read ${path} (shop.yaml backend.db; XIAOER_BENCH_DATA points at another copy of the data)`}`);
    return { file: name, data: undefined };
  }
}

interface Located extends ParsedFile {
  /** A YAML file's parsed document, which locates a path at its line. */
  source?: YamlSource;
  /** For a spreadsheet: where a record's field came from, as "row:column". */
  sheet?: SheetData;
}

/** products.csv/.xlsx or faq.csv/.xlsx read into catalog or FAQ records, or its problems added to `errors`. */
async function parseSheet(dir: string, name: string, errors: string[], progress?: (step: ReadStep) => void): Promise<Located> {
  let source: Buffer;
  try {
    const info = await stat(join(dir, name));
    if (info.size > MAX_FILE_BYTES) {
      errors.push(`${name}:1:1: file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      return { file: name, data: undefined };
    }
    source = await readFile(join(dir, name));
  } catch {
    errors.push(`${name}:1:1: file is missing or unreadable`);
    return { file: name, data: undefined };
  }
  progress?.({ kind: 'read', file: name, bytes: source.length });
  let rows: string[][];
  try {
    // Excel on Chinese Windows saves CSV as GBK: decoding strictly tells that apart from UTF-8.
    rows = name.endsWith('.xlsx') ? await parseXlsx(source) : parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(source));
  } catch (e) {
    if (e instanceof TypeError && /encoded data|decode/i.test(e.message)) {
      errors.push(`${name}:1:1: not UTF-8 text (Excel's "CSV UTF-8" format, or save it as .xlsx)`);
      return { file: name, data: undefined };
    }
    const m = /line (\d+)/i.exec((e as Error).message);
    errors.push(`${name}:${m?.[1] ?? 1}:1: not a valid ${name.endsWith('.xlsx') ? 'Excel workbook' : 'CSV file'} (${plainMessage((e as Error).message)})`);
    return { file: name, data: undefined };
  }
  progress?.({ kind: 'parsed', file: name, rows: Math.max(0, rows.length - 1) });
  const read = name.startsWith('faq') ? faqFromCsv(rows, name) : productsFromCsv(rows, name);
  if (!read.ok) {
    errors.push(...read.errors);
    return { file: name, data: undefined };
  }
  return { file: name, data: read.data.records, sheet: read.data };
}

async function parseFile(dir: string, name: string, errors: string[]): Promise<Located> {
  const path = join(dir, name);
  let source: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_FILE_BYTES) {
      errors.push(`${name}:1: file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      return { file: name, data: undefined };
    }
    source = await readFile(path, 'utf8');
  } catch {
    errors.push(`${name}:1: file is missing or unreadable`);
    return { file: name, data: undefined };
  }
  const parsed = parseYamlSource(source);
  if (!parsed.ok) {
    for (const p of parsed.problems) errors.push(`${name}:${p.line ?? 1}: ${p.message}`);
    return { file: name, data: undefined };
  }
  return { file: name, data: parsed.source.data, source: parsed.source };
}

function lineOf(f: Located | undefined, path: (string | number)[]): number | string {
  if (f?.sheet) return f.sheet.locate(path);
  return f?.source ? f.source.locate(path).line : 1;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads and validates the bundle in `dir`. */
export async function readBundleDir(dir: string, options: ReadBundleOptions = {}): Promise<ReadBundleResult> {
  const errors: string[] = [];
  const shop = await parseFile(dir, 'shop.yaml', errors);
  // A shop on the tau2-retail backend takes its catalog from the benchmark's database.
  const backend = (shop.data as { backend?: { db?: unknown } } | undefined)?.backend;
  const retailPath = typeof backend?.db === 'string' ? (options.retailDb ?? resolve(dir, backend.db)) : undefined;
  const retail = retailPath ? await readRetailDb(retailPath, errors) : undefined;
  // The catalog: catalog/*.yaml, and/or products.csv as the seller centre exports it.
  const sheetName = async (base: string) => ((await exists(join(dir, `${base}.csv`))) ? `${base}.csv` : (await exists(join(dir, `${base}.xlsx`))) ? `${base}.xlsx` : undefined);
  const productsFile = await sheetName('products');
  const productSheet = productsFile ? await parseSheet(dir, productsFile, errors, options.progress) : undefined;
  let catalogNames: string[] = [];
  try {
    catalogNames = (await readdir(join(dir, 'catalog'))).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => `catalog/${n}`);
  } catch {
    if (!retail && !productSheet) errors.push('catalog/:1: folder is missing (or give products.csv)');
  }
  // The knowledge base: faq.yaml, or faq.csv (one row per question).
  const faqFile = (await exists(join(dir, 'faq.yaml'))) ? undefined : await sheetName('faq');
  const faq = faqFile ? await parseSheet(dir, faqFile, errors, options.progress) : await parseFile(dir, 'faq.yaml', errors);
  const catalog = [...(productSheet ? [productSheet] : []), ...(await Promise.all(catalogNames.map((n) => parseFile(dir, n, errors))))];
  // intents.yaml is optional: without it the shop has no intent classifier.
  const intents = (await exists(join(dir, 'intents.yaml'))) ? await parseFile(dir, 'intents.yaml', errors) : undefined;
  // sops/ and seed.yaml are optional too: a shop without flows answers from its knowledge only.
  const sopNames = (await exists(join(dir, 'sops'))) ? (await readdir(join(dir, 'sops'))).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => `sops/${n}`) : [];
  const sops = await Promise.all(sopNames.map((n) => parseFile(dir, n, errors)));
  const seed = (await exists(join(dir, 'seed.yaml'))) ? await parseFile(dir, 'seed.yaml', errors) : undefined;
  const tags = (await exists(join(dir, 'tags.yaml'))) ? await parseFile(dir, 'tags.yaml', errors) : undefined;
  if (errors.length > 0) return { ok: false, errors };
  options.progress?.({ kind: 'checking' });

  const byName = new Map<string, Located>([shop, faq, ...catalog, ...sops, ...(intents ? [intents] : []), ...(seed ? [seed] : []), ...(tags ? [tags] : [])].map((f) => [f.file, f]));
  const result = assembleBundle({ shop, faq, catalog, ...(intents ? { intents } : {}), ...(sops.length ? { sops } : {}), ...(seed ? { seed } : {}), ...(retail ? { retail } : {}), ...(tags ? { tags } : {}) });
  if (result.ok) return { ...result, sources: await readSources(dir, sops) };
  return {
    ok: false,
    errors: result.problems.map((p: BundleProblem) => `${p.file}:${lineOf(byName.get(p.file), p.path)}: ${p.message}`),
  };
}

/** The folder's name relative to the working directory, for messages. */
export function displayPath(dir: string): string {
  return relative(process.cwd(), dir) || '.';
}
