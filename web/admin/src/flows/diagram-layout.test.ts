import { describe, expect, it } from 'vitest';
import { LAYER_GAP, layoutDiagram, NODE_GAP } from './diagram-layout.js';

const node = (id: string) => ({ id, kind: 'say', label: id });
const edge = (from: string, to: string) => ({ from, to, label: '' });

describe('flow diagram layout', () => {
  it('puts a chain of steps one under the other', () => {
    const placed = layoutDiagram({ nodes: ['a', 'b', 'c'].map(node), edges: [edge('a', 'b'), edge('b', 'c')] });
    expect(placed).toEqual([
      { id: 'a', x: 0, y: 0, unreachable: false },
      { id: 'b', x: 0, y: LAYER_GAP, unreachable: false },
      { id: 'c', x: 0, y: 2 * LAYER_GAP, unreachable: false },
    ]);
  });

  it('places the targets of a branch side by side, centred, at their shortest distance', () => {
    const placed = layoutDiagram({ nodes: ['a', 'yes', 'no', 'end'].map(node), edges: [edge('a', 'yes'), edge('a', 'no'), edge('yes', 'end'), edge('no', 'end'), edge('end', 'a')] });
    const at = Object.fromEntries(placed.map((p) => [p.id, [p.x, p.y]]));
    expect(at).toEqual({ a: [0, 0], yes: [-NODE_GAP / 2, LAYER_GAP], no: [NODE_GAP / 2, LAYER_GAP], end: [0, 2 * LAYER_GAP] });
  });

  it('puts unreachable steps in a last layer and ignores edges to unknown steps', () => {
    const placed = layoutDiagram({ nodes: ['a', 'b', 'orphan'].map(node), edges: [edge('a', 'b'), edge('b', 'ghost')] });
    expect(placed.find((p) => p.id === 'orphan')).toEqual({ id: 'orphan', x: 0, y: 2 * LAYER_GAP, unreachable: true });
  });

  it('draws nothing for an empty diagram', () => {
    expect(layoutDiagram({ nodes: [], edges: [] })).toEqual([]);
  });
});
