import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cursorContext, documentNames, suggest } from './schema-completion.js';

const SCHEMA: unknown = JSON.parse(readFileSync(new URL('../../../../docs/sop.schema.json', import.meta.url), 'utf8'));

/** The document with the cursor where "|" is. */
function at(marked: string): [string, number] {
  const pos = marked.indexOf('|');
  return [marked.slice(0, pos) + marked.slice(pos + 1), pos];
}
const ctxOf = (marked: string) => cursorContext(...at(marked));
const labels = (marked: string) => suggest(SCHEMA, ...at(marked))?.options.map((o) => o.label) ?? [];

const FLOW = `id: return_goods
steps:
  - id: ask_order
    ask: { slot: order_id, template: ask_order }
  - id: route
    branch:
      - if: { var: x, equals: true }
        goto: done
  - id: done
    end: done
templates:
  ask_order: 请发订单号
  failed: 抱歉
`;

describe('the path to the cursor in a YAML flow', () => {
  it('reads keys at the root', () => {
    expect(ctxOf('id: x\npri|')).toEqual({ path: [], kind: 'key', prefix: 'pri' });
  });

  it('reads a list item and its siblings', () => {
    expect(ctxOf('steps:\n  - id: a\n    |')).toEqual({ path: ['steps', '[]'], kind: 'key', prefix: '' });
    expect(ctxOf('steps:\n  - |')).toEqual({ path: ['steps', '[]'], kind: 'key', prefix: '' });
    expect(ctxOf('steps:\n- id: a\n  as|')).toEqual({ path: ['steps', '[]'], kind: 'key', prefix: 'as' });
  });

  it('reads nested mappings and lists inside list items', () => {
    expect(ctxOf('steps:\n  - id: a\n    ask:\n      sl|')).toEqual({ path: ['steps', '[]', 'ask'], kind: 'key', prefix: 'sl' });
    expect(ctxOf('steps:\n  - id: r\n    branch:\n      - if: { var: x }\n        go|')).toEqual({ path: ['steps', '[]', 'branch', '[]'], kind: 'key', prefix: 'go' });
    expect(ctxOf('triggers:\n  - event: |')).toEqual({ path: ['triggers', '[]'], kind: 'value', key: 'event', prefix: '' });
  });

  it('skips comments and blank lines, and offers nothing inside a flow mapping', () => {
    expect(ctxOf('steps:\n  # the first\n\n  - id: a\n    |')).toEqual({ path: ['steps', '[]'], kind: 'key', prefix: '' });
    expect(ctxOf('name: { zh: |')).toBeNull();
  });

  it('offers nothing under a line that holds a value', () => {
    expect(ctxOf('id: x\n  |')).toBeNull();
  });
});

describe('suggestions from the SOP schema', () => {
  it('offers the top-level keys', () => {
    expect(labels('|')).toEqual(['id', 'name', 'description', 'priority', 'interrupts', 'triggers', 'slots', 'steps', 'templates']);
    expect(labels('tr|')).toEqual(['triggers']);
  });

  it('offers the keys of every kind of step and of an ask', () => {
    const step = labels('steps:\n  - id: a\n    |');
    expect(step).toEqual(expect.arrayContaining(['id', 'next', 'say', 'ask', 'branch', 'end']));
    expect(labels('steps:\n  - id: a\n    ask:\n      |')).toEqual(expect.arrayContaining(['slot', 'template', 'max_attempts', 'force']));
  });

  it('offers the branch keys through the recursive condition schema', () => {
    expect(labels('steps:\n  - id: r\n    branch:\n      - |')).toEqual(expect.arrayContaining(['if', 'goto', 'else']));
    expect(labels('steps:\n  - id: r\n    branch:\n      - if:\n          |')).toEqual(expect.arrayContaining(['all', 'any', 'not', 'var', 'equals']));
  });

  it('offers enum values and booleans', () => {
    expect(labels('triggers:\n  - event: |')).toEqual(['first_message', 'customer_silent', 'order_delivered']);
    expect(labels('interrupts: |')).toEqual(['true', 'false']);
  });

  it("offers the document's steps and templates where a field names one", () => {
    const [doc] = at(FLOW + '|');
    expect(documentNames(doc)).toEqual({ steps: ['ask_order', 'route', 'done'], templates: ['ask_order', 'failed'] });
    const withCursor = FLOW.replace('        goto: done', '        goto: |');
    expect(labels(withCursor)).toEqual(['ask_order', 'route', 'done']);
    expect(labels(FLOW.replace('    end: done', '    say: f|'))).toEqual(['failed']);
  });

  it('gives where the completion starts', () => {
    const [doc, pos] = at('steps:\n  - id: a\n    as|');
    expect(suggest(SCHEMA, doc, pos)?.from).toBe(pos - 2);
    expect(suggest({ nonsense: true }, doc, pos)).toBeNull();
    expect(suggest(null, doc, pos)).toBeNull();
  });
});
