// A YAML document as an editor holds it: parsed keeping positions, so every problem — of the YAML
// itself or of the schema it is checked against — is reported at its line and column.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

/** One problem at its line and column (1-based); null when the source does not locate it. */
export interface YamlProblem {
  line: number | null;
  column: number | null;
  path: string;
  message: string;
}

/** A parsed document and where each path of it starts. */
export interface YamlSource {
  data: unknown;
  doc: Document;
  locate(path: readonly (string | number)[]): { line: number; column: number };
}

/** A parser message for people: its first line; the stack overflow of hostile nesting named as such. */
export function plainMessage(message: string): string {
  return /call stack/i.test(message) ? 'nested too deeply' : (message.split('\n')[0] ?? message);
}

/** Parses `text`, or returns its syntax problems at their lines. */
export function parseYamlSource(text: string): { ok: true; source: YamlSource } | { ok: false; problems: YamlProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return { line: pos.line, column: pos.col, path: '', message: plainMessage(e.message) };
    });
    return { ok: false, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, problems: [{ line: 1, column: 1, path: '', message: plainMessage((e as Error).message) }] };
  }
  const locate = (path: readonly (string | number)[]) => {
    // The deepest node that exists on the path: a missing key points at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: 1, column: 1 };
  };
  return { ok: true, source: { data, doc, locate } };
}

/** Checks a parsed document against a schema; problems located in the source. */
export function checkYaml<T>(schema: z.ZodType<T>, source: YamlSource): { ok: true; value: T } | { ok: false; problems: YamlProblem[] } {
  const r = schema.safeParse(source.data);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, problems: r.error.issues.map((i) => located(source, i.path.filter((p): p is string | number => typeof p !== 'symbol'), i.message)) };
}

/** A problem at the place `path` names in the source. */
export function located(source: YamlSource, path: readonly (string | number)[], message: string): YamlProblem {
  const at = source.locate(path);
  const where = path.join('.');
  return { line: at.line, column: at.column, path: where, message: where && !message.startsWith(`${where}:`) ? `${where}: ${message}` : message };
}

/** "line:column message" lines, for error details. */
export function problemLines(problems: readonly YamlProblem[]): string[] {
  return problems.map((p) => (p.line === null ? p.message : `${p.line}:${p.column ?? 1} ${p.message}`));
}
