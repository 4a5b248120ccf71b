// Problems of a flow's YAML, as the server reports them (POST /flows/validate gives them located;
// a refused save gives them as error.details lines "line:col path: message"), turned into editor
// diagnostics at their line and column. Pure: the editor component feeds it the document's text.
import type { YamlProblem } from '../../../../src/contracts/admin.js';

/** What @codemirror/lint needs of a diagnostic (its Diagnostic type has the same fields). */
export interface ProblemDiagnostic {
  from: number;
  to: number;
  severity: 'error';
  message: string;
}

const LOCATED = /^(\d+):(\d+)\s+([\s\S]*)$/;
/** A path before the message: no spaces, then ": " ("steps[0].ask: required"). */
const PATH = /^([^\s:]+):\s+([\s\S]*)$/;

/**
 * One details line of a refused save as a problem. The server writes "line:column message"
 * (src/app/shops/yaml-source.ts problemLines), the message often starting with its path:
 * "3:5 steps[0].ask: required" → line 3, column 5, path steps[0].ask. A line without a place is
 * the message alone.
 */
export function parseProblemLine(line: string): YamlProblem {
  const located = LOCATED.exec(line);
  const rest = located ? (located[3] ?? '') : line;
  const path = PATH.exec(rest);
  return {
    line: located ? Number(located[1]) : null,
    column: located ? Number(located[2]) : null,
    path: path ? (path[1] ?? '') : '',
    message: path ? (path[2] ?? '') : rest,
  };
}

/** The problem's message led by its path, unless the server's message already starts with it. */
export function problemMessage(p: YamlProblem): string {
  return !p.path || p.message.startsWith(`${p.path}:`) ? p.message : `${p.path}: ${p.message}`;
}

/** A problem as one line of text for the list under the editor. */
export function problemText(p: YamlProblem): string {
  const where = p.line === null ? '' : `${p.line}:${p.column ?? 1} `;
  return `${where}${problemMessage(p)}`;
}

/**
 * Diagnostics of `problems` in `doc`: from the problem's column to the end of its line (at least one
 * character, so an empty line is still marked). A problem without a line, or past the end of the
 * document, marks the first line: the list under the editor still says where it belongs.
 */
export function problemsToDiagnostics(doc: string, problems: readonly YamlProblem[]): ProblemDiagnostic[] {
  const starts = [0];
  for (let i = 0; i < doc.length; i++) if (doc[i] === '\n') starts.push(i + 1);
  const lineEnd = (index: number) => (index + 1 < starts.length ? (starts[index + 1] ?? doc.length) - 1 : doc.length);
  return problems.map((p) => {
    const index = p.line !== null && p.line >= 1 && p.line <= starts.length ? p.line - 1 : 0;
    const start = starts[index] ?? 0;
    const end = lineEnd(index);
    const from = p.line === null ? start : Math.min(start + Math.max(0, (p.column ?? 1) - 1), end);
    const to = Math.min(Math.max(end, from + 1), doc.length);
    return { from: Math.min(from, to), to, severity: 'error', message: problemMessage(p) };
  });
}

/** A refused save's problem lines, as listed and as located in the YAML editor. */
export interface RefusedLines {
  lines: readonly string[];
  located: YamlProblem[];
}

/** The lines as given and each parsed to its place. */
export const refusedLines = (lines: readonly string[]): RefusedLines => ({ lines, located: lines.map(parseProblemLine) });
