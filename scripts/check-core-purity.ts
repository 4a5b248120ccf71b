// `npm run lint:core`: the core is a function of its inputs (../shared/DESIGN.md, habit 4), so no file
// under src/core (tests included) reads the clock or a random source, or loads a module at run time
// (which dependency-cruiser cannot follow). Prints `file:line: message` per finding, exits 1 on any.
// Usage: tsx scripts/check-core-purity.ts [dir-or-file…] (default: src/core).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** One banned use in a source file; `line` counts from 1. */
export interface Finding {
  file: string;
  line: number;
  message: string;
}

// Globals are also reachable through these objects (globalThis.Date.now()).
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

/** True when `node` is the global `name` (`Date`, or `globalThis.Date` and the like). */
function isGlobal(node: ts.Expression, name: string): boolean {
  const e = skipParens(node);
  if (ts.isIdentifier(e)) return e.text === name;
  if (ts.isPropertyAccessExpression(e)) return e.name.text === name && ts.isIdentifier(e.expression) && GLOBAL_OBJECTS.has(e.expression.text);
  if (ts.isElementAccessExpression(e)) return memberName(e) === name && ts.isIdentifier(e.expression) && GLOBAL_OBJECTS.has(e.expression.text);
  return false;
}

function skipParens(node: ts.Expression): ts.Expression {
  let e = node;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
  return e;
}

/** The member a property or element access names (`x.now`, `x['now']`), if it is static. */
function memberName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  const arg = node.argumentExpression;
  return ts.isStringLiteralLike(arg) ? arg.text : undefined;
}

/** The banned uses in one source text. */
export function checkSource(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, message: string) => {
    findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, message });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const member = memberName(node);
      if (member === 'now' && isGlobal(node.expression, 'Date')) report(node, 'Date.now reads the clock; take `now` as an input');
      if (member === 'random' && isGlobal(node.expression, 'Math')) report(node, 'Math.random is not reproducible; take a seeded generator (mulberry32) or the value as an input');
    }
    if (ts.isNewExpression(node) && isGlobal(node.expression, 'Date') && (node.arguments?.length ?? 0) === 0) {
      report(node, 'new Date() without arguments reads the clock; pass the time in (new Date(now) is fine)');
    }
    if (ts.isCallExpression(node)) {
      if (isGlobal(node.expression, 'Date')) report(node, 'Date() reads the clock; take `now` as an input');
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) report(node, 'import() loads a module at run time; import it statically (dependency-cruiser checks those)');
      if (isGlobal(node.expression, 'require')) report(node, 'require() loads a module at run time; import it statically (dependency-cruiser checks those)');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** Every .ts/.tsx file under the given files and directories, sorted. */
function sourceFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
    else if (/\.tsx?$/.test(p) && !p.endsWith('.d.ts')) out.push(p);
  };
  paths.forEach(walk);
  return out;
}

/** Checks the files under `paths`; file names in findings are relative to the working directory. */
export function checkPaths(paths: readonly string[]): Finding[] {
  return sourceFiles(paths).flatMap((f) => checkSource(relative(process.cwd(), f), readFileSync(f, 'utf8')));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const findings = checkPaths(args.length > 0 ? args : ['src/core']);
  for (const f of findings) console.log(`${f.file}:${f.line}: ${f.message}`);
  if (findings.length > 0) {
    console.error(`check-core-purity: ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
    process.exitCode = 1;
  }
}
