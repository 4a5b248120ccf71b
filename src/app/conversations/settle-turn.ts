// Runs the tools a decision asks for and feeds each result back to its flow until the turn
// settles: the core stays pure while tools do real work (DESIGN.md, "one message, end to end").
import type { Decision } from '../../core/conversation/decision.js';
import { resumeFlow, type TurnContext } from '../../core/conversation/flow-turn.js';
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import type { FlowEffect } from '../../core/sop/stepper.js';
import type { ToolOutput } from '../../core/sop/tools.js';
import type { RetailBackend } from '../ports.js';
import { runRetailToolCall } from '../sop/run-retail-tool.js';
import { runTool, type ToolDeps } from '../sop/run-tool.js';
import { authenticatedContext } from './turn-context.js';

/** Tool rounds in one turn; a flow has to wait for the shopper before calling more. */
const MAX_TOOL_ROUNDS = 8;

/** The turn's conversation and message, for ownership checks and idempotency keys. */
export interface TurnScope {
  conversationId: string;
  shopId: string;
  customerId: string | null;
  messageId: string;
}

/** The settled turn: every reply, tag, handoff and tool call, in order. */
export async function settleTurn(deps: ToolDeps & { retail: RetailBackend }, scope: TurnScope, kb: KnowledgeBase, first: Decision, turnCtx: TurnContext): Promise<Decision> {
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
    let output: ToolOutput;
    let state = current.state;
    if (shop.backend?.kind === 'tau2-retail') {
      const r = await runRetailToolCall(deps, call, { shopId: scope.shopId, userId: state.authenticated?.customerId ?? null, idempotencyKey, now: deps.clock.now() });
      output = r.output;
      if (r.identified) {
        // Authenticated: the rest of the conversation is this user's, and flows see who it is.
        const name = typeof output['first_name'] === 'string' ? output['first_name'] : '';
        const authenticated = { customerId: r.identified, name };
        state = { ...state, authenticated };
        ctx = { ...ctx, ...authenticatedContext(authenticated) };
      }
    } else {
      output = await runTool(deps, call, {
        shopId: scope.shopId,
        conversationId: scope.conversationId,
        customerId: scope.customerId,
        language: shop.language,
        timeZone: shop.businessHours.timezone,
        coupons: shop.coupons ?? [],
        idempotencyKey,
      });
    }
    current = resumeFlow(state, call.callId, output, kb, ctx);
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
