// A shopper turn with a model beside the offline pipeline: when the turn policy finds the offline
// outcome unsure, the shop's model is shown the closest knowledge (personal data masked, the
// shopper's words as data) and its proposal is carried out and chosen by core code. With no
// provider, a use switched off, or any failure, the offline decision stands unchanged.
import type { Decision } from '../../core/conversation/decision.js';
import type { TurnContext } from '../../core/conversation/flow-turn.js';
import type { ConversationState } from '../../core/conversation/state.js';
import { instructionsIn } from '../../core/guardrails/injection.js';
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import { modelContext } from '../../core/llm/context.js';
import { decideWithModel } from '../../core/llm/model-turn.js';
import { TURN_MAX_TOKENS, turnPrompt, type TurnUses } from '../../core/llm/prompt.js';
import { offlineFacts, shouldAskModel } from '../../core/policy/turn-policy.js';
import type { CalendarDay } from '../../core/understanding/understand.js';
import { askModel, textForProvider, useEnabled, type LlmDeps } from './ask-model.js';

/** The turn as the offline pipeline decided it, and what it was decided from. */
export interface TurnToConsult {
  shopId: string;
  kb: KnowledgeBase;
  /** The conversation before the turn. */
  state: ConversationState;
  text: string;
  today: CalendarDay;
  ctx: TurnContext;
  offline: Decision;
  now: string;
}

/**
 * The turn's decision: the offline one, or what the model proposed when the policy asked it and
 * core code accepted it. Never throws: anything unexpected on the model's side leaves the offline decision.
 */
export async function consultModel(deps: LlmDeps | undefined, t: TurnToConsult): Promise<Decision> {
  if (!deps) return t.offline;
  try {
    return await consult(deps, t);
  } catch {
    deps.onOutcome?.({ shopId: t.shopId, use: 'understand', outcome: 'error' });
    return t.offline;
  }
}

async function consult(deps: LlmDeps, t: TurnToConsult): Promise<Decision> {
  const shop = t.kb.release.bundle.shop;
  const uses: TurnUses = { understand: useEnabled(deps, shop, 'understand'), answer: useEnabled(deps, shop, 'answer') };
  if (!uses.understand && !uses.answer) return t.offline;
  const ask = shouldAskModel(offlineFacts(t.offline, shop.answerThreshold));
  if (!ask.ask) return t.offline;
  const context = modelContext(t.kb, t.state, t.text, t.offline);
  // Personal data stays here unless the shop allows it; instruction-like text is named as such.
  const message = textForProvider(shop, t.text);
  // Found in the masked words: what is named as an instruction is sent too, and must carry no personal data.
  const instructions = [...instructionsIn(message), ...context.faq.flatMap((e) => instructionsIn(e.answer)), ...context.products.flatMap((p) => instructionsIn(p.text))];
  const messages = turnPrompt(shop, context, uses, message, instructions);
  const use = uses.understand ? 'understand' : 'answer';
  const reply = await askModel(deps, t.shopId, shop, use, { messages, maxTokens: TURN_MAX_TOKENS, json: true }, t.now);
  const decision = decideWithModel({
    state: t.state,
    text: t.text,
    today: t.today,
    kb: t.kb,
    ctx: t.ctx,
    offline: t.offline,
    context,
    reply,
    allowedCommitments: shop.llm?.allowed_commitments ?? [],
    instructions,
    askRule: ask.rule,
    now: t.now,
  });
  const blocked = decision.replies[0]?.trace.guardrails?.blocked;
  if (blocked?.length) deps.onOutcome?.({ shopId: t.shopId, use: 'answer', outcome: 'blocked', blocked: blocked.map((b) => b.kind) });
  return decision;
}
