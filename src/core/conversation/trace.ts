// The trace attached to every reply: what produced it and how sure we were, so a shop can see
// which knowledge entry or catalog fields stand behind each sentence a shopper read.
import type { ToolArgs } from '../sop/tools.js';

/** A ranked alternative that was considered. */
export interface TraceCandidate {
  id: string;
  score: number;
}

/** Why a reply says what it says. */
export interface ReplyTrace {
  releaseId: string;
  /** faq: knowledge entry · product: catalog fields · clarify: asked which product · catalog: product list ·
   * smalltalk: greeting/thanks rule · fallback: nothing fit well enough · handoff: the shop's handoff rule (rule = reason) ·
   * llm: words a model wrote from the cited sources (`llm.sources`), passed by the guardrails. */
  source: 'faq' | 'product' | 'clarify' | 'catalog' | 'smalltalk' | 'fallback' | 'ask_product' | 'flow' | 'handoff' | 'agent' | 'note' | 'llm';
  /** For an agent's message or note: who wrote it. */
  agentId?: string;
  faqId?: string;
  productId?: string;
  productIds?: string[];
  skus?: string[];
  fields?: string[];
  aspects?: string[];
  rule?: string;
  /** FAQ: cosine with the entry's best phrasing. Product: how strongly the message names it. */
  score?: number;
  /** 0..1: the FAQ answer's confidence (cosine blended with the classifier), compared with the shop's answerThreshold. */
  confidence?: number;
  candidates?: TraceCandidate[];
  /** For a fallback: the FAQ entries offered as "您是不是想问", in the order shown (a reply of 1 picks the first). */
  suggestions?: string[];
  /** What the message was understood as; the same on every reply of a turn. */
  understanding?: TraceUnderstanding;
  /** For a flow's reply: the flow, step and template (and its variant) that produced it. */
  flow?: TraceFlow;
  /** Tools called during the turn, in order (the same on every reply of a turn). */
  tools?: { tool: string; args: ToolArgs }[];
  /** The experiments (shop.yaml `experiments`) this reply exposed the customer to, with their arms. */
  experiments?: Record<string, string>;
  /** Set when the turn handed the conversation to a person. */
  handoff?: { reason: string };
  /** The turn policy's rules (core/policy): which path took the message (turn), whether a model was asked (ask), and which candidate won (choose). */
  policy?: { turn?: string; ask?: string; choose?: string };
  /** What a model did this turn, when one was asked (the same on every reply of the turn). */
  llm?: TraceModel;
  /** Generated words the guardrails kept from the shopper, and why. */
  guardrails?: { blocked: { kind: string; text: string; detail?: string }[] };
}

/** A model's part in a turn, for the trace: what it proposed and what came of it. */
export interface TraceModel {
  /** understand: a command run by the SOPs and knowledge; answer: words written from `sources`. */
  use: 'understand' | 'answer';
  /** The command it proposed (start_flow, answer_faq…), when it answered with one. */
  command?: string;
  /** ok, or why nothing of it was used: a provider failure (timeout, rate_limited…), budget, circuit_open, not_json, unknown_id, blocked. */
  outcome: string;
  /** The sources a written answer cites (faq:<id>, product:<id>). */
  sources?: string[];
  model?: string;
  tokens?: number;
  ms?: number;
}

/** Where in an SOP a reply came from. */
export interface TraceFlow {
  id: string;
  step: string;
  template: string;
  variant: number;
  /** How the turn left the flow: waiting for the shopper, ended, handed off, cancelled… */
  outcome: string;
}

/** Intent, entities and sentiment of the shopper's message. */
export interface TraceUnderstanding {
  /** The shop's intent, `out_of_scope`, or null when the shop has no intents. */
  intent: string | null;
  confidence: number;
  /** Runner-up intents with their confidences. */
  alternatives: TraceCandidate[];
  entities: { type: string; value: string | number | { min?: number; max?: number }; text: string }[];
  sentiment: 'neutral' | 'negative' | 'angry';
  /** Sentiment strength 0..1 and the cues that fired. */
  sentimentScore: number;
  sentimentCues: string[];
}
