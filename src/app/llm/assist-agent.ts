// The model's help for an agent in the workspace: a summary of the conversation, replies to
// suggest and tags with the shopper message that justifies each. The texts leave masked unless the
// shop allows personal data; what comes back is checked by core code (core/llm/agent-assist) and
// only ever shown to the agent, who decides. With no provider or any failure, a reason instead.
import { instructionsIn } from '../../core/guardrails/injection.js';
import { customerKeyOf } from '../../core/customer/turn-tags.js';
import { ASSIST_MAX_MESSAGES, ASSIST_MAX_TOKENS, assistKnowledge, assistPrompt, readAssistOutput, validateAssist, type AssistInput, type AssistMessage, type AssistReply, type AssistTag } from '../../core/llm/agent-assist.js';
import type { AppDeps } from '../deps.js';
import type { StaffRecord } from '../ports.js';
import { conversationOfShop } from '../staff/workspace.js';
import { askModel, textForProvider } from './ask-model.js';

/** What the workspace shows: the model's checked help, or why there is none ('off', an askModel failure reason, or 'malformed'). */
export type AgentAssist =
  | { available: true; summary: string; replies: AssistReply[]; tags: AssistTag[]; dropped: { replies: number; tags: number }; model: string; tokens: number; ms: number }
  | { available: false; reason: string };

/** Messages read from the store: enough that notes between them still leave the last ASSIST_MAX_MESSAGES. */
const MESSAGES_READ = 200;

/** Asks the shop's model (use agent_assist) to help the staff member with one conversation of their shop. */
export async function assistAgent(deps: Pick<AppDeps, 'store' | 'knowledge' | 'clock' | 'llm'>, conversationId: string, staff: StaffRecord): Promise<AgentAssist> {
  const c = await conversationOfShop(deps, staff, conversationId);
  if (!deps.llm) return { available: false, reason: 'off' };
  const kb = await deps.knowledge.get(c.releaseId);
  const bundle = kb.release.bundle;
  const shop = bundle.shop;
  const now = deps.clock.now();
  const stored = (await deps.store.messages.list(c.id, MESSAGES_READ)).filter((m) => m.direction !== 'note').slice(-ASSIST_MAX_MESSAGES);
  const messages: AssistMessage[] = stored.map((m) => ({ id: m.id, author: m.direction === 'in' ? 'shopper' : m.trace?.source === 'agent' ? 'agent' : 'ai', text: textForProvider(shop, m.text) }));
  const shopperTexts = messages.filter((m) => m.author === 'shopper').map((m) => m.text);
  const knowledge = assistKnowledge(kb, shopperTexts, c.state.focusProductId);
  const groups = new Map((bundle.tags?.groups ?? []).map((g) => [g.id, (shop.language === 'en' ? (g.label.en ?? g.label.zh) : (g.label.zh ?? g.label.en)) ?? g.id]));
  const known = await deps.store.customers.listTags(c.shopId, customerKeyOf(c), now);
  const input: AssistInput = {
    shop: { name: shop.name, language: shop.language },
    messages,
    handoffReason: c.ownership.reason,
    customerTags: known.map((t) => t.tag),
    taxonomy: (bundle.tags?.tags ?? []).map((t) => ({ id: t.id, label: groups.get(t.group) ?? t.group })),
    ...knowledge,
    instructions: [...shopperTexts.flatMap(instructionsIn), ...knowledge.faq.flatMap((e) => instructionsIn(e.answer)), ...knowledge.products.flatMap((p) => instructionsIn(p.text))],
  };
  const asked = await askModel(deps.llm, c.shopId, shop, 'agent_assist', { messages: assistPrompt(input), maxTokens: ASSIST_MAX_TOKENS, json: true }, now);
  if (!asked.ok) return { available: false, reason: asked.reason };
  const read = readAssistOutput(asked.text);
  // The request itself was counted ok by askModel; an unreadable answer is this use's own failure.
  if (!read.ok) return { available: false, reason: 'malformed' };
  const result = validateAssist(read.output, { input, allowedCommitments: shop.llm?.allowed_commitments ?? [] });
  const blocked = result.replies.flatMap((r) => r.violations.map((v) => v.kind));
  if (blocked.length) deps.llm.onOutcome?.({ shopId: c.shopId, use: 'agent_assist', outcome: 'blocked', blocked });
  return { available: true, ...result, model: asked.model, tokens: asked.tokens, ms: asked.ms };
}
