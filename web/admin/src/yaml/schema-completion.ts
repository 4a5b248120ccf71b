// Completion for a YAML document from its JSON Schema (GET /sop-schema), without a YAML parser:
// the path to the cursor is read from indentation, which is how flow files are written (block
// mappings and lists; inside a `{ … }` flow mapping nothing is offered). Keys come from the
// schema's properties at that path (every branch of an anyOf), values from enums and booleans, and
// step and template ids from the document itself for the fields that name them.
// (codemirror-json-schema does this too, but brings shiki and markdown-it into the page for its hovers.)

/** The path from the document's root to the cursor: keys, and "[]" for a list item. */
export type YamlPath = string[];

export interface CursorContext {
  path: YamlPath;
  /** Typing a key (path leads to its mapping) or the value of `key` (path leads to the key's mapping). */
  kind: 'key' | 'value';
  key?: string;
  /** What is typed so far of the key or value. */
  prefix: string;
}

const LINE = /^( *)((?:- +)*)(.*)$/;
const KEY_VALUE = /^([A-Za-z0-9_.-]+):(?: +(.*))?$/;

interface Line {
  indent: number;
  dashes: number;
  /** Column of what follows the dashes. */
  content: number;
  key: string | null;
  /** The key's value is empty: a block (mapping or list) follows on the next lines. */
  opens: boolean;
}

function readLine(text: string): Line | null {
  if (/^\s*(#.*)?$/.test(text)) return null;
  const m = LINE.exec(text)!;
  const indent = m[1]!.length;
  const dashText = m[2]!;
  const rest = m[3]!;
  const kv = KEY_VALUE.exec(rest.replace(/\s+#.*$/, '').trimEnd());
  return { indent, dashes: (dashText.match(/-/g) ?? []).length, content: indent + dashText.length, key: kv?.[1] ?? null, opens: kv !== null && !kv[2] };
}

/** Where the cursor at `pos` stands in `doc`: the path and whether a key or a value is being typed; null where nothing can be offered. */
export function cursorContext(doc: string, pos: number): CursorContext | null {
  const before = doc.slice(0, pos);
  const lines = before.split('\n');
  const current = lines.pop()!;
  if (current.includes('{') || current.includes('[') || /^\s*#/.test(current)) return null;
  const m = LINE.exec(current)!;
  const indent = m[1]!.length;
  const dashes = (m[2]!.match(/-/g) ?? []).length;
  const rest = m[3]!;
  let ctx: Omit<CursorContext, 'path'>;
  const typingKey = /^[A-Za-z0-9_.-]*$/.exec(rest);
  const typingValue = /^([A-Za-z0-9_.-]+): *([^:#'"]*)$/.exec(rest);
  if (typingKey) ctx = { kind: 'key', prefix: rest };
  else if (typingValue) ctx = { kind: 'value', key: typingValue[1]!, prefix: typingValue[2]! };
  else return null;

  const tail: string[] = Array.from({ length: dashes }, () => '[]');
  const path: string[] = [];
  // The column a parent must be left of; a list may also sit at its key's own column.
  let col = indent;
  let listAt: number | null = dashes > 0 ? indent : null;
  for (let i = lines.length - 1; i >= 0 && (col > 0 || listAt !== null); i--) {
    const l = readLine(lines[i]!);
    if (!l) continue;
    if (l.dashes > 0 && l.indent < col) {
      // A list item that holds the cursor: its first key is a parent when the cursor is under it.
      if (l.key !== null && l.opens && l.content < col) path.push(l.key);
      for (let d = 0; d < l.dashes; d++) path.push('[]');
      col = l.indent;
      listAt = l.indent;
    } else if (l.dashes === 0 && l.key !== null && l.opens && (l.indent < col || (listAt !== null && l.indent === listAt))) {
      path.push(l.key);
      col = l.indent;
      listAt = null;
    } else if (l.indent < col || (l.dashes === 0 && listAt !== null && l.indent <= listAt)) {
      // A line left of the cursor that opens nothing: the cursor is not inside a block of it.
      return null;
    }
  }
  return { path: [...path.reverse(), ...tail], ...ctx };
}

// ---------------------------------------------------------------- the schema, read defensively (it comes over the wire)

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The schemas that may apply at a node: $ref followed, anyOf/oneOf/allOf flattened. */
function expand(root: Obj, node: unknown, seen = 0): Obj[] {
  if (!isObj(node) || seen > 20) return [];
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = isObj(target) ? target[part] : undefined;
    return expand(root, target, seen + 1);
  }
  const parts = [node.anyOf, node.oneOf, node.allOf].flatMap((list) => (Array.isArray(list) ? list.flatMap((s) => expand(root, s, seen + 1)) : []));
  return [node, ...parts];
}

function childOf(root: Obj, nodes: Obj[], step: string): Obj[] {
  return nodes.flatMap((n) => {
    if (step === '[]') return expand(root, n.items);
    const props = n.properties;
    if (isObj(props) && step in props) return expand(root, props[step]);
    // A map of the shop's own names (slots, templates): each value has the same schema.
    return isObj(n.additionalProperties) ? expand(root, n.additionalProperties) : [];
  });
}

/** The schemas at `path` from the root. */
export function schemasAt(schema: unknown, path: YamlPath): Obj[] {
  if (!isObj(schema)) return [];
  let nodes = expand(schema, schema);
  for (const step of path) nodes = childOf(schema, nodes, step);
  return nodes;
}

export interface Suggestion {
  label: string;
  /** What kind of thing: a schema key, an enum value, a step or template of this document. */
  type: 'property' | 'enum' | 'step' | 'template';
  detail?: string;
}

/** Fields whose value names another step of the flow. */
const STEP_FIELDS = new Set(['goto', 'next', 'else', 'yes', 'no', 'on_fail']);
/** Fields whose value names one of the flow's templates. */
const TEMPLATE_FIELDS = new Set(['say', 'template', 'reprompt']);

/** The ids of the document's steps ("- id: x" lines) and of its templates (keys under `templates:`). */
export function documentNames(doc: string): { steps: string[]; templates: string[] } {
  const steps = [...doc.matchAll(/^\s*- +id: *([A-Za-z0-9_]+)\s*$/gm)].map((m) => m[1]!);
  const templates: string[] = [];
  const block = /^templates:\s*\n((?:[ \t]+.*\n?|\s*\n)*)/m.exec(doc);
  if (block) {
    const keys = [...block[1]!.matchAll(/^( +)([A-Za-z0-9_]+):/gm)];
    const top = Math.min(...keys.map((k) => k[1]!.length));
    for (const k of keys) if (k[1]!.length === top) templates.push(k[2]!);
  }
  return { steps: [...new Set(steps)], templates: [...new Set(templates)] };
}

/** What may be typed at the cursor, filtered by what is typed so far. */
export function suggest(schema: unknown, doc: string, pos: number): { from: number; options: Suggestion[] } | null {
  const ctx = cursorContext(doc, pos);
  if (!ctx) return null;
  const from = pos - ctx.prefix.length;
  const seen = new Set<string>();
  const options: Suggestion[] = [];
  const add = (s: Suggestion) => {
    if (seen.has(s.label) || !s.label.startsWith(ctx.prefix)) return;
    seen.add(s.label);
    options.push(s);
  };
  if (ctx.kind === 'key') {
    for (const n of schemasAt(schema, ctx.path)) {
      if (isObj(n.properties)) for (const [k, v] of Object.entries(n.properties)) add({ label: k, type: 'property', ...(isObj(v) && typeof v.description === 'string' ? { detail: v.description } : {}) });
    }
  } else {
    const key = ctx.key!;
    const names = documentNames(doc);
    if (STEP_FIELDS.has(key)) for (const s of names.steps) add({ label: s, type: 'step' });
    if (TEMPLATE_FIELDS.has(key)) for (const t of names.templates) add({ label: t, type: 'template' });
    for (const n of schemasAt(schema, [...ctx.path, key])) {
      if (Array.isArray(n.enum)) for (const v of n.enum) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') add({ label: String(v), type: 'enum' });
      if (n.type === 'boolean') for (const v of ['true', 'false']) add({ label: v, type: 'enum' });
    }
  }
  return options.length ? { from, options } : null;
}
