// Runs the tools a decision asks for and feeds each result back to its flow until the turn
// settles: the core stays pure while tools do real work (DESIGN.md, "one message, end to end").
import type { Decision } from '../../core/conversation/decision.js';
import { resumeFlow, type TurnContext } from '../../core/conversation/flow-turn.js';
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import type { FlowEffect } from '../../core/sop/stepper.js';
import type { Commerce } from '../ports.js';
import { authenticatedContext } from './turn-context.js';

/** Tool rounds in one turn; a flow has to wait for the shopper before calling more. */
const MAX_TOOL_ROUNDS = 8;

/** The turn's conversation and message, for ownership checks and idempotency keys. */
export interface TurnScope {
  conversationId: string;
  shopId: string;
  customerId: string | null;
  messageId: string;
  /** The turn's time. */
  now: string;
}

/** The settled turn: every reply, tag, handoff and tool call, in order. Tools run through the shop's `commerce`. */
export async function settleTurn(commerce: Commerce, scope: TurnScope, kb: KnowledgeBase, first: Decision, turnCtx: TurnContext): Promise<Decision> {
  const shop = kb.release.bundle.shop;
  let ctx = turnCtx;
  let current = first;
  const replies = [...first.replies];
  const effects: FlowEffect[] = first.effects.filter((e) => e.kind !== 'call');
  const calls = [...first.calls];
  const finished = [...(first.finished ?? [])];
  for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
    const call = current.effects.find((e): e is Extract<FlowEffect, { kind: 'call' }> => e.kind === 'call')?.call;
    if (!call) break;
    const idempotencyKey = `${scope.conversationId}:${scope.messageId}:${call.callId}`;
    let state = current.state;
    const r = await commerce.runTool(call, { shopId: scope.shopId, conversationId: scope.conversationId, customerId: scope.customerId, identified: state.authenticated?.customerId ?? null, shop, idempotencyKey, now: scope.now });
    if (r.identified) {
      // Identified: the rest of the conversation is this customer's, and flows see who it is.
      state = { ...state, authenticated: r.identified };
      ctx = { ...ctx, ...authenticatedContext(r.identified) };
    }
    current = resumeFlow(state, call.callId, r.output, kb, ctx);
    replies.push(...current.replies);
    effects.push(...current.effects.filter((e) => e.kind !== 'call'));
    calls.push(...current.calls);
    finished.push(...(current.finished ?? []));
  }
  const state = { ...current.state };
  // Still waiting for a tool after the last round: drop the flow and let a person take over
  // rather than leave the shopper stuck.
  if (state.flow?.waiting === 'tool') {
    delete state.flow;
    state.handoff = { reason: 'sop_tool_limit' };
    effects.push({ kind: 'handoff', reason: 'sop_tool_limit' });
  }
  const handoff = effects.find((e): e is Extract<FlowEffect, { kind: 'handoff' }> => e.kind === 'handoff');
  const understanding = first.understanding;
  return {
    state,
    effects,
    calls,
    ...(finished.length ? { finished } : {}),
    ...(understanding ? { understanding } : {}),
    replies: replies.map((r) => ({ ...r, trace: { ...r.trace, ...(understanding ? { understanding } : {}), ...(calls.length ? { tools: calls } : {}), ...(handoff ? { handoff: { reason: handoff.reason } } : {}) } })),
  };
}
