// What the guardrails check generated text against, and what they report. Every check is pure
// code: a model's words reach a shopper only when these say nothing is wrong (docs/llm.md).

/** A text a generated answer may quote facts from: a FAQ entry, a product's data, a tool's result. */
export interface GroundingSource {
  /** As cited in the trace: `faq:<id>`, `product:<id>`, `tool:<name>`, `order:<id>`. */
  id: string;
  kind: 'faq' | 'product' | 'tool' | 'order';
  text: string;
}

/** Why a generated text may not be shown. */
export type ViolationKind =
  /** A number, price, discount, percentage, date or duration found in no cited source. */
  | 'unsupported_number'
  /** A commitment (refund, compensation, discount, free item, "binding", legal words) not on the shop's allowlist. */
  | 'commitment'
  /** Abuse, insults or profanity. */
  | 'tone'
  /** The text follows or repeats an instruction smuggled into shopper text or a document. */
  | 'instruction'
  /** Personal data (phone, address, id card, email) in generated text. */
  | 'personal_data'
  /** Empty, or longer than a chat reply may be. */
  | 'malformed';

export interface Violation {
  kind: ViolationKind;
  /** The words of the generated text that broke the rule. */
  text: string;
  /** What the rule expected, for the trace ("no source states 90%"). */
  detail?: string;
}

/** The outcome of checking one generated text. */
export interface GuardrailVerdict {
  ok: boolean;
  violations: Violation[];
}

/** What generated text is checked with. */
export interface GuardrailOptions {
  sources: readonly GroundingSource[];
  /** Commitment phrases the shop allows generated text to make (shop.yaml llm.allowed_commitments). */
  allowedCommitments: readonly string[];
  language: 'zh-CN' | 'en';
  /** Longest text accepted, in characters (default 600). */
  maxChars?: number;
  /** Instruction-like passages found in the shopper's text and the sources (instructionsIn), checked for echoes. */
  instructions?: readonly string[];
}

/** One piece of personal data replaced before text leaves for a provider. */
export interface MaskedItem {
  kind: 'phone' | 'address' | 'order_id' | 'email' | 'id_card';
  /** What stands in its place in the masked text, e.g. `[电话1]`. */
  placeholder: string;
}
