// SOPs ready to run: flows and their steps indexed by id, with every step's successor resolved.
import { TOOLS, type ToolSet } from './tools.js';
import type { Flow, Step } from './types.js';

/** The shop's flows, indexed for the stepper. */
export interface CompiledSops {
  flows: ReadonlyMap<string, Flow>;
  steps: ReadonlyMap<string, ReadonlyMap<string, Step>>;
  /** The step after each step when it does not jump (see fallThrough). */
  next: ReadonlyMap<string, ReadonlyMap<string, string | undefined>>;
  /** The tools of the shop's backend. */
  tools: ToolSet;
}

/**
 * Where the i-th step goes when it does not jump: its `next`, or the following step in the list.
 * End, handoff, branch and confirm say where they go themselves, so they fall through nowhere.
 */
export function fallThrough(flow: Flow, i: number): string | undefined {
  const s = flow.steps[i];
  if (!s || s.kind === 'end' || s.kind === 'handoff' || s.kind === 'branch' || s.kind === 'confirm') return undefined;
  return s.next || flow.steps[i + 1]?.id;
}

/** Indexes validated flows. */
export function compileSops(flows: readonly Flow[], tools: ToolSet = TOOLS): CompiledSops {
  const steps = new Map<string, Map<string, Step>>();
  const next = new Map<string, Map<string, string | undefined>>();
  for (const f of flows) {
    steps.set(f.id, new Map(f.steps.map((s) => [s.id, s])));
    next.set(f.id, new Map(f.steps.map((s, i) => [s.id, fallThrough(f, i)])));
  }
  return { flows: new Map(flows.map((f) => [f.id, f])), steps, next, tools };
}
