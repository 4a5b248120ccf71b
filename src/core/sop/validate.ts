// Checks a shop's flows before they can be published: every reference resolves, every step is
// reachable and can reach an exit, no loop spins without waiting for the shopper, every write
// sits behind a confirm, and every template placeholder names a variable that exists.
import { fallThrough } from './compile.js';
import { conditionDepth, conditionVars, MAX_CONDITION_DEPTH } from './condition.js';
import { NON_ENTITY_SLOT_TYPES } from './slots.js';
import { parseTemplate } from './template.js';
import { COMMON_OUTPUTS, TOOLS, type ToolSet } from './tools.js';
import type { Condition, Flow, Step } from './types.js';
import { CUSTOMER_FIELDS, PRODUCT_FIELDS, SHOP_FIELDS } from './variables.js';

/** A problem in one flow, located by its path in the flow's file. */
export interface FlowProblem {
  flowIndex: number;
  path: (string | number)[];
  message: string;
}

/** What the rest of the bundle defines that flows may refer to. */
export interface FlowReferences {
  /** The shop's intent ids; undefined when the shop has no intents.yaml. */
  intents: ReadonlySet<string> | undefined;
  entityTypes: ReadonlySet<string>;
  /** The tools of the shop's backend (default: the shop's own order database). */
  tools?: ToolSet;
  /** The shop's experiment ids (experiment.<id> in conditions and templates). */
  experiments?: ReadonlySet<string>;
}

interface Edge {
  to: string;
  path: (string | number)[];
  /** The `yes` of a confirm: the only way into a write. */
  confirmed: boolean;
}

/** The steps reachable from a step, with where each reference is written. */
export function edgesOf(flow: Flow, i: number): Edge[] {
  const s = flow.steps[i];
  if (!s) return [];
  const seq = (): Edge[] => {
    const to = fallThrough(flow, i);
    return to ? [{ to, path: 'next' in s && s.next ? ['steps', i, 'next'] : ['steps', i], confirmed: false }] : [];
  };
  switch (s.kind) {
    case 'say':
    case 'tag':
    case 'use':
    case 'forget':
      return seq();
    case 'ask':
      return [...seq(), ...(s.onFail ? [{ to: s.onFail, path: ['steps', i, 'ask', 'on_fail'], confirmed: false }] : [])];
    case 'call':
      return [...seq(), ...(s.onError ? [{ to: s.onError, path: ['steps', i, 'call', 'on_error'], confirmed: false }] : [])];
    case 'branch':
      return [
        ...s.cases.map((c, j) => ({ to: c.goto, path: ['steps', i, 'branch', j, 'goto'], confirmed: false })),
        { to: s.else, path: ['steps', i, 'branch', s.cases.length, 'else'], confirmed: false },
      ];
    case 'confirm':
      return [
        { to: s.yes, path: ['steps', i, 'confirm', 'yes'], confirmed: true },
        { to: s.no, path: ['steps', i, 'confirm', 'no'], confirmed: false },
      ];
    case 'handoff':
    case 'end':
      return [];
  }
}

/** A step that ends the flow: end, handoff, or a step that falls through to nothing. */
function exits(flow: Flow, i: number): boolean {
  const s = flow.steps[i];
  if (!s || s.kind === 'branch' || s.kind === 'confirm') return false;
  return s.kind === 'end' || s.kind === 'handoff' || fallThrough(flow, i) === undefined;
}

/** Steps that stop and wait for the shopper every time they run. */
function waits(s: Step): boolean {
  return s.kind === 'confirm' || (s.kind === 'ask' && s.force === true);
}

function templateRefs(s: Step): { id: string; path: (string | number)[] }[] {
  switch (s.kind) {
    case 'say':
      return [{ id: s.template, path: ['say'] }];
    case 'ask':
      return [{ id: s.template, path: ['ask', 'template'] }, ...(s.reprompt ? [{ id: s.reprompt, path: ['ask', 'reprompt'] }] : [])];
    case 'confirm':
      return [{ id: s.template, path: ['confirm', 'template'] }, ...(s.reprompt ? [{ id: s.reprompt, path: ['confirm', 'reprompt'] }] : [])];
    case 'handoff':
      return s.template ? [{ id: s.template, path: ['handoff', 'template'] }] : [];
    case 'end':
      return s.template ? [{ id: s.template, path: ['end'] }] : [];
    default:
      return [];
  }
}

/** Validates every flow; an empty list means they can be published. */
export function validateFlows(flows: readonly Flow[], refs: FlowReferences): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const seen = new Map<string, number>();
  flows.forEach((f, k) => {
    const first = seen.get(f.id);
    if (first !== undefined) problems.push({ flowIndex: k, path: ['id'], message: `flow id "${f.id}" is already used by another flow` });
    else seen.set(f.id, k);
    for (const p of validateFlow(f, refs, flows)) problems.push({ flowIndex: k, ...p });
  });
  const cycle = useCycle(flows);
  if (cycle) problems.push({ flowIndex: cycle.flowIndex, path: ['steps', cycle.stepIndex, 'use'], message: `flows ${cycle.ids.map((id) => `"${id}"`).join(' → ')} use each other in a circle` });
  return problems;
}

/** Flows that use each other in a circle (a flow using itself included), if any. */
function useCycle(flows: readonly Flow[]): { ids: string[]; flowIndex: number; stepIndex: number } | undefined {
  const byId = new Map(flows.map((f) => [f.id, f]));
  const uses = (id: string) => (byId.get(id)?.steps ?? []).flatMap((s) => (s.kind === 'use' && byId.has(s.flow) ? [s.flow] : []));
  const cycle = findCycle(flows.map((f) => f.id), uses);
  if (!cycle) return undefined;
  const ids = [...cycle, cycle[0] ?? ''];
  const flowIndex = flows.findIndex((x) => x.id === ids[0]);
  const stepIndex = flows[flowIndex]?.steps.findIndex((s) => s.kind === 'use' && s.flow === ids[1]) ?? 0;
  return { ids, flowIndex, stepIndex };
}

/** A cycle of the graph `next` describes, reached from one of `starts` (depth first), if there is one. */
function findCycle<T>(starts: readonly T[], next: (node: T) => readonly T[]): T[] | undefined {
  const state = new Map<T, 'open' | 'done'>();
  const stack: T[] = [];
  const visit = (node: T): T[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const to of next(node)) {
      if (state.get(to) === 'open') return stack.slice(stack.indexOf(to));
      if (!state.has(to)) {
        const found = visit(to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const start of starts) {
    if (state.has(start)) continue;
    const found = visit(start);
    if (found) return found;
  }
  return undefined;
}

function validateFlow(flow: Flow, refs: FlowReferences, flows: readonly Flow[]): Omit<FlowProblem, 'flowIndex'>[] {
  const tools = refs.tools ?? TOOLS;
  const problems: Omit<FlowProblem, 'flowIndex'>[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  const index = new Map<string, number>();
  flow.steps.forEach((s, i) => {
    if (index.has(s.id)) add(['steps', i, 'id'], `step id "${s.id}" is used twice`);
    else index.set(s.id, i);
  });

  // Triggers name intents and entity types the shop has.
  flow.triggers.forEach((t, i) => {
    if (t.kind === 'intent') {
      if (!refs.intents) add(['triggers', i, 'intent'], `intent trigger "${t.intent}" needs an intents.yaml`);
      else if (!refs.intents.has(t.intent)) add(['triggers', i, 'intent'], `intent "${t.intent}" is not defined in intents.yaml`);
    }
    if (t.kind === 'entity' && !refs.entityTypes.has(t.entity)) add(['triggers', i, 'entity'], `entity type "${t.entity}" does not exist`);
  });

  // Slots have known types, and a choice slot has choices.
  for (const [name, def] of Object.entries(flow.slots)) {
    if (!NON_ENTITY_SLOT_TYPES.includes(def.type) && !refs.entityTypes.has(def.type)) add(['slots', name, 'type'], `slot "${name}" has unknown type "${def.type}" (an entity type, choice or text)`);
    if (def.type === 'choice' && !def.choices?.length) add(['slots', name, 'choices'], `choice slot "${name}" needs choices`);
    if (def.pattern !== undefined) {
      try {
        new RegExp(def.pattern, 'u');
      } catch {
        add(['slots', name, 'pattern'], `slot "${name}" has an invalid pattern`);
      }
    }
  }

  // Results a template may read: the save_as names of the flow's calls.
  const results = new Map<string, string>();
  flow.steps.forEach((s) => {
    if (s.kind === 'call') results.set(s.saveAs, s.tool);
  });
  const checkVar = (path: (string | number)[], v: string) => {
    const [ns, a, b] = v.split('.');
    if (ns === 'slots') {
      if (!a || b !== undefined || !Object.prototype.hasOwnProperty.call(flow.slots, a)) add(path, `"${v}": slot "${a ?? ''}" is not declared under slots`);
    } else if (ns === 'results') {
      const tool = a ? results.get(a) : undefined;
      if (!tool) add(path, `"${v}": no call step saves a result as "${a ?? ''}"`);
      else if (b !== undefined && !COMMON_OUTPUTS.includes(b) && !(tools[tool]?.outputs ?? []).includes(b)) add(path, `"${v}": ${tool} has no result field "${b}"`);
    } else if (ns === 'experiment') {
      if (!a || b !== undefined || !refs.experiments?.has(a)) add(path, `"${v}": no experiment "${a ?? ''}" in shop.yaml experiments`);
    } else {
      const fields = ns === 'customer' ? CUSTOMER_FIELDS : ns === 'product' ? PRODUCT_FIELDS : SHOP_FIELDS;
      if (!a || b !== undefined || !fields.includes(a)) add(path, `"${v}": unknown variable (${ns} has ${fields.join(', ')})`);
    }
  };
  const checkCondition = (path: (string | number)[], c: Condition) => {
    if (conditionDepth(c) > MAX_CONDITION_DEPTH) add(path, `condition nests deeper than ${MAX_CONDITION_DEPTH} levels`);
    else conditionVars(c).forEach((x) => checkVar(path, x));
  };
  const checkText = (path: (string | number)[], text: string) => {
    const t = parseTemplate(text);
    t.problems.forEach((m) => add(path, m));
    t.paths.forEach((v) => checkVar(path, v));
  };

  // Templates: their variables and conditions.
  for (const [id, variants] of Object.entries(flow.templates)) {
    variants.forEach((v, j) => {
      checkText(['templates', id, j, 'text'], v.text);
      if (v.when) checkCondition(['templates', id, j, 'when'], v.when);
    });
    if (variants.length && variants.every((v) => v.when)) add(['templates', id], `template "${id}" has no variant without "when": it may say nothing`);
  }

  flow.steps.forEach((s, i) => {
    for (const ref of templateRefs(s)) {
      if (!Object.prototype.hasOwnProperty.call(flow.templates, ref.id)) add(['steps', i, ...ref.path], `template "${ref.id}" is not defined under templates`);
    }
    for (const e of edgesOf(flow, i)) if (!index.has(e.to)) add(e.path, `step "${e.to}" does not exist`);
    if (s.kind === 'ask' && !Object.prototype.hasOwnProperty.call(flow.slots, s.slot)) add(['steps', i, 'ask', 'slot'], `slot "${s.slot}" is not declared under slots`);
    if (s.kind === 'branch') s.cases.forEach((c, j) => checkCondition(['steps', i, 'branch', j, 'if'], c.if));
    if (s.kind === 'tag') s.tags.forEach((t, j) => checkText(['steps', i, 'tag', j], t));
    if (s.kind === 'use' && !flows.some((f) => f.id === s.flow)) add(['steps', i, 'use'], `flow "${s.flow}" does not exist`);
    if (s.kind === 'forget') s.slots.forEach((x, j) => Object.prototype.hasOwnProperty.call(flow.slots, x) || add(['steps', i, 'forget', j], `slot "${x}" is not declared under slots`));
    if (s.kind === 'call') {
      const spec = tools[s.tool];
      if (!spec) {
        add(['steps', i, 'call', 'tool'], `tool "${s.tool}" does not exist (tools: ${Object.keys(tools).join(', ')})`);
      } else {
        for (const r of spec.required) if (!(r in s.args)) add(['steps', i, 'call', 'args'], `${s.tool} needs the argument "${r}"`);
        for (const [k, v] of Object.entries(s.args)) {
          if (!spec.required.includes(k) && !spec.optional.includes(k)) add(['steps', i, 'call', 'args', k], `${s.tool} has no argument "${k}"`);
          checkText(['steps', i, 'call', 'args', k], v);
        }
      }
    }
  });
  if (problems.length) return problems; // the graph checks below assume every reference resolves

  // Reachability from the first step.
  const reach = (fromEntry: boolean, skipConfirmed: boolean): Set<number> => {
    const seen = new Set<number>(fromEntry ? [0] : []);
    const queue = [...seen];
    while (queue.length) {
      const i = queue.pop() ?? 0;
      for (const e of edgesOf(flow, i)) {
        const j = index.get(e.to);
        if (j === undefined || seen.has(j) || (skipConfirmed && e.confirmed)) continue;
        seen.add(j);
        queue.push(j);
      }
    }
    return seen;
  };
  const reachable = reach(true, false);
  flow.steps.forEach((s, i) => {
    if (!reachable.has(i)) add(['steps', i, 'id'], `step "${s.id}" is unreachable from the first step "${flow.steps[0]?.id ?? ''}"`);
  });

  // Every write is reachable only through the yes of a confirm.
  const unconfirmed = reach(true, true);
  flow.steps.forEach((s, i) => {
    if (s.kind === 'call' && tools[s.tool]?.writes && unconfirmed.has(i)) {
      add(['steps', i, 'call', 'tool'], `step "${s.id}" calls ${s.tool}, which changes data, but can be reached without a confirm step's yes`);
    }
  });

  // Every step can reach an exit (no closed loop).
  const preds = new Map<number, number[]>();
  flow.steps.forEach((_, i) => {
    for (const e of edgesOf(flow, i)) {
      const j = index.get(e.to);
      if (j !== undefined) preds.set(j, [...(preds.get(j) ?? []), i]);
    }
  });
  const canExit = new Set<number>();
  const queue = flow.steps.map((_, i) => i).filter((i) => exits(flow, i));
  queue.forEach((i) => canExit.add(i));
  while (queue.length) {
    const j = queue.pop() ?? 0;
    for (const i of preds.get(j) ?? []) {
      if (!canExit.has(i)) {
        canExit.add(i);
        queue.push(i);
      }
    }
  }
  flow.steps.forEach((s, i) => {
    if (reachable.has(i) && !canExit.has(i)) add(['steps', i, 'id'], `step "${s.id}" is in a loop with no exit (no end, handoff or last step can be reached from it)`);
  });

  // A cycle must wait for the shopper somewhere, or it would spin within one turn.
  const cycle = spinningCycle(flow, index);
  if (cycle) add(['steps', cycle[0] ?? 0, 'id'], `steps ${cycle.map((i) => `"${flow.steps[i]?.id}"`).join(' → ')} form a loop that never waits for the shopper (add a confirm, or an ask with force: true)`);
  return problems;
}

/** A cycle through steps that do not wait for the shopper, if there is one. */
function spinningCycle(flow: Flow, index: ReadonlyMap<string, number>): number[] | undefined {
  const moving = (i: number) => {
    const s = flow.steps[i];
    return s !== undefined && !waits(s);
  };
  const next = (i: number) =>
    edgesOf(flow, i).flatMap((e) => {
      const j = index.get(e.to);
      return j !== undefined && moving(j) ? [j] : [];
    });
  return findCycle(flow.steps.map((_, i) => i).filter(moving), next);
}
