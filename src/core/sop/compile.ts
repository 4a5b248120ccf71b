// SOPs ready to run: flows and their steps indexed by id, with every step's successor resolved.
import type { Flow, Step } from './types.js';

/** The shop's flows, indexed for the stepper. */
export interface CompiledSops {
  flows: ReadonlyMap<string, Flow>;
  steps: ReadonlyMap<string, ReadonlyMap<string, Step>>;
  /** The step after each step when it does not jump: `next`, or the following one in the list. */
  next: ReadonlyMap<string, ReadonlyMap<string, string | undefined>>;
}

/** Indexes validated flows. */
export function compileSops(flows: readonly Flow[]): CompiledSops {
  const steps = new Map<string, Map<string, Step>>();
  const next = new Map<string, Map<string, string | undefined>>();
  for (const f of flows) {
    steps.set(f.id, new Map(f.steps.map((s) => [s.id, s])));
    next.set(f.id, new Map(f.steps.map((s, i) => [s.id, ('next' in s && s.next) || (isTerminal(s) || s.kind === 'branch' || s.kind === 'confirm' ? undefined : f.steps[i + 1]?.id)])));
  }
  return { flows: new Map(flows.map((f) => [f.id, f])), steps, next };
}

/** Steps after which the flow is over. */
export function isTerminal(s: Step): boolean {
  return s.kind === 'end' || s.kind === 'handoff';
}
