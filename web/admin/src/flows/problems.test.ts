import { describe, expect, it } from 'vitest';
import { parseProblemLine, problemsToDiagnostics, problemText } from './problems.js';

const DOC = 'id: ret\nsteps:\n  - id: a\n    say: hi\n';

describe('flow problems as editor diagnostics', () => {
  it('reads the details lines of a refused save', () => {
    expect(parseProblemLine('3:5 steps[0].id: must be unique')).toEqual({ line: 3, column: 5, path: 'steps[0].id', message: 'must be unique' });
    expect(parseProblemLine('12:1 templates.hi: unknown template: used by say')).toEqual({ line: 12, column: 1, path: 'templates.hi', message: 'unknown template: used by say' });
    expect(parseProblemLine('steps: must have at least one step')).toEqual({ line: null, column: null, path: 'steps', message: 'must have at least one step' });
    expect(parseProblemLine('the flow is empty')).toEqual({ line: null, column: null, path: '', message: 'the flow is empty' });
    expect(parseProblemLine('7:3 must be unique: ask_order')).toEqual({ line: 7, column: 3, path: '', message: 'must be unique: ask_order' });
    expect(parseProblemLine('1:1 id: the id in the YAML must be the flow being saved')).toEqual({ line: 1, column: 1, path: 'id', message: 'the id in the YAML must be the flow being saved' });
  });

  it('writes a problem back as one line', () => {
    expect(problemText({ line: 3, column: 5, path: 'steps[0].id', message: 'must be unique' })).toBe('3:5 steps[0].id: must be unique');
    expect(problemText({ line: null, column: null, path: '', message: 'empty' })).toBe('empty');
    // The server's messages often lead with their path already (yaml-source.ts): it is not repeated.
    expect(problemText({ line: 96, column: 18, path: 'templates.x', message: 'templates.x: Invalid input' })).toBe('96:18 templates.x: Invalid input');
  });

  it('marks from the column to the end of the line', () => {
    const [d] = problemsToDiagnostics(DOC, [{ line: 3, column: 5, path: 'steps[0].id', message: 'bad' }]);
    expect(d).toEqual({ from: DOC.indexOf('id: a'), to: DOC.indexOf('\n    say'), severity: 'error', message: 'steps[0].id: bad' });
    expect(DOC.slice(d!.from, d!.to)).toBe('id: a');
  });

  it('keeps a column past the end of its line on that line', () => {
    const [d] = problemsToDiagnostics(DOC, [{ line: 1, column: 80, path: '', message: 'x' }]);
    expect(d!.from).toBe(7);
    expect(d!.to).toBe(8);
  });

  it('marks the first line for a problem without a line or past the end', () => {
    const ds = problemsToDiagnostics(DOC, [
      { line: null, column: null, path: 'steps', message: 'empty' },
      { line: 99, column: 1, path: '', message: 'far' },
    ]);
    expect(ds.map((d) => [d.from, d.to])).toEqual([
      [0, 7],
      [0, 7],
    ]);
  });

  it('marks one character on an empty line and stays inside an empty document', () => {
    const [d] = problemsToDiagnostics('a\n\nb', [{ line: 2, column: 1, path: '', message: 'x' }]);
    expect(d).toMatchObject({ from: 2, to: 3 });
    const [e] = problemsToDiagnostics('', [{ line: 1, column: 1, path: '', message: 'x' }]);
    expect(e).toMatchObject({ from: 0, to: 0 });
  });
});
