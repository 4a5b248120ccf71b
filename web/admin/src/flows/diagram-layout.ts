// Where each step of a flow diagram is drawn: in layers by the fewest moves from the first step, so
// the flow reads top to bottom and a branch's targets sit side by side. Steps no path reaches go in
// one last layer, where they stand out. Pure and deterministic: the same flow always looks the same.
import type { FlowDiagram } from '../../../../src/contracts/admin.js';

export interface Placed {
  id: string;
  x: number;
  y: number;
  /** No path from the first step leads here. */
  unreachable: boolean;
}

export const LAYER_GAP = 90;
export const NODE_GAP = 170;

export function layoutDiagram(diagram: FlowDiagram): Placed[] {
  const ids = diagram.nodes.map((n) => n.id);
  const next = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of diagram.edges) next.get(e.from)?.push(e.to);
  const depth = new Map<string, number>();
  const first = ids[0];
  if (first !== undefined) {
    depth.set(first, 0);
    const queue = [first];
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i]!;
      for (const to of next.get(id) ?? []) {
        if (depth.has(to) || !next.has(to)) continue;
        depth.set(to, depth.get(id)! + 1);
        queue.push(to);
      }
    }
  }
  const last = Math.max(-1, ...depth.values()) + 1;
  const layers = new Map<number, string[]>();
  for (const id of ids) {
    const d = depth.get(id) ?? last;
    layers.set(d, [...(layers.get(d) ?? []), id]);
  }
  return ids.map((id) => {
    const d = depth.get(id) ?? last;
    const layer = layers.get(d)!;
    const i = layer.indexOf(id);
    return { id, x: (i - (layer.length - 1) / 2) * NODE_GAP, y: d * LAYER_GAP, unreachable: !depth.has(id) };
  });
}
