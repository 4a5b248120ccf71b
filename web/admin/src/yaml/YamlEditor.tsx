// A YAML editor (CodeMirror 6) for the console's YAML: flows, handoff and identity rules, tags.
// Optional parts: completion from a JSON Schema (schema-completion.ts), problems checked as you
// type (`validate`, debounced by the linter, shown at their line and column), and problems given
// from outside (a refused save's). Only the pages that edit YAML load this module.
import { autocompletion, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, linter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { YamlProblem } from '../../../../src/contracts/admin.js';
import { problemsToDiagnostics } from '../flows/problems.js';
import { suggest } from './schema-completion.js';

/** What a page can do with the editor besides its value: put the cursor on a problem. */
export interface YamlEditorHandle {
  goTo: (line: number, column?: number) => void;
}

export interface YamlEditorProps {
  value: string;
  onChange?: (value: string) => void;
  /** A JSON Schema of the document, for completion. */
  schema?: unknown;
  /** Checks the text (called after typing pauses); its problems are shown at their lines. */
  validate?: (doc: string) => Promise<readonly YamlProblem[]>;
  /** Problems found elsewhere (a refused save), shown until the next check. */
  problems?: readonly YamlProblem[] | null;
  height?: number | string;
  readOnly?: boolean;
  testId?: string;
  handle?: Ref<YamlEditorHandle>;
}

/** How long typing must pause before the text is checked on the server. */
const CHECK_DELAY_MS = 500;

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', border: '1px solid #d9d9d9', borderRadius: '6px', backgroundColor: '#fff' },
  '&.cm-focused': { outline: 'none', borderColor: '#1677ff' },
  '.cm-scroller': { fontFamily: "Menlo, Consolas, 'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', monospace", lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: '#fafafa', borderRight: '1px solid #f0f0f0', borderRadius: '6px 0 0 6px' },
});

export default function YamlEditor({ value, onChange, schema, validate, problems, height = 420, readOnly = false, testId = 'yaml-editor', handle }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The editor is made once; the callbacks it calls are read from here so they can change freely.
  const latest = useRef({ onChange, schema, validate });
  latest.current = { onChange, schema, validate };
  const hasValidate = validate !== undefined;

  useEffect(() => {
    if (!host.current) return;
    const complete = (ctx: CompletionContext): CompletionResult | null => {
      const s = latest.current.schema;
      if (s === undefined) return null;
      const r = suggest(s, ctx.state.doc.toString(), ctx.pos);
      if (!r) return null;
      return {
        from: r.from,
        validFor: /^[\w.-]*$/,
        options: r.options.map((o) => ({
          label: o.label,
          type: o.type === 'property' ? 'property' : o.type === 'enum' ? 'enum' : 'variable',
          ...(o.detail ? { detail: o.detail } : {}),
          apply: o.type === 'property' ? `${o.label}: ` : o.label,
        })),
      };
    };
    const extensions: Extension[] = [
      lineNumbers(),
      highlightActiveLineGutter(),
      foldGutter(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      yaml(),
      EditorState.tabSize.of(2),
      indentUnit.of('  '),
      EditorState.readOnly.of(readOnly),
      autocompletion({ override: [complete] }),
      keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
      lintGutter(),
      theme,
      EditorView.updateListener.of((u) => {
        if (u.docChanged) latest.current.onChange?.(u.state.doc.toString());
      }),
    ];
    if (hasValidate) {
      extensions.push(
        linter(
          async (v) => {
            const check = latest.current.validate;
            const doc = v.state.doc.toString();
            return check ? problemsToDiagnostics(doc, await check(doc)) : [];
          },
          { delay: CHECK_DELAY_MS },
        ),
      );
    }
    const v = new EditorView({ parent: host.current, state: EditorState.create({ doc: value, extensions }) });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is rebuilt only when what it is made of changes; the value follows below.
  }, [hasValidate, readOnly]);

  // A value from outside (loaded, reloaded after a conflict): replace the text when it differs.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v && problems) v.dispatch(setDiagnostics(v.state, problemsToDiagnostics(v.state.doc.toString(), problems)));
  }, [problems]);

  useImperativeHandle(
    handle,
    () => ({
      goTo: (line, column = 1) => {
        const v = view.current;
        if (!v) return;
        const l = v.state.doc.line(Math.min(Math.max(1, line), v.state.doc.lines));
        const pos = Math.min(l.from + Math.max(0, column - 1), l.to);
        v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
        v.focus();
      },
    }),
    [],
  );

  return <div ref={host} className="yaml-editor" style={{ height }} data-testid={testId} />;
}
