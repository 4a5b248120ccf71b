// A flow drawn as a graph for the console: its steps and where each can go next, with why.
import type { Flow } from './types.js';
import { edgesOf } from './validate.js';

/** A flow's steps as nodes and their transitions as labelled edges (next, on_fail, goto, else, yes, no…). */
export interface FlowDiagram {
  nodes: { id: string; kind: string; label: string }[];
  edges: { from: string; to: string; label: string }[];
}

/** The diagram of a valid flow; a reference to a missing step is drawn to a node of its own name. */
export function flowDiagram(flow: Flow): FlowDiagram {
  const nodes = flow.steps.map((s) => ({ id: s.id, kind: s.kind, label: stepLabel(s) }));
  const edges = flow.steps.flatMap((s, i) =>
    edgesOf(flow, i).map((e) => {
      const last = e.path.at(-1);
      return { from: s.id, to: e.to, label: typeof last === 'string' && last !== 'goto' ? last : last === 'goto' ? 'if' : 'next' };
    }),
  );
  return { nodes, edges };
}

function stepLabel(s: Flow['steps'][number]): string {
  switch (s.kind) {
    case 'ask':
      return `${s.id}: ask ${s.slot}`;
    case 'call':
      return `${s.id}: ${s.tool}`;
    case 'handoff':
      return `${s.id}: handoff (${s.reason})`;
    case 'use':
      return `${s.id}: use ${s.flow}`;
    default:
      return `${s.id}: ${s.kind}`;
  }
}
