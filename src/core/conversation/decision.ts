// The outcome of deciding one turn, shared by the knowledge path and the SOP path.
import type { FlowEffect } from '../sop/stepper.js';
import type { ToolArgs } from '../sop/tools.js';
import type { SlotValue } from '../sop/types.js';
import type { ConversationState } from './state.js';
import type { ReplyTrace, TraceUnderstanding } from './trace.js';

/** A reply to send, with its trace. */
export interface DecidedReply {
  text: string;
  trace: ReplyTrace;
}

/** The outcome of one turn: new state, replies, and what the app must do (tools, tags, handoff). */
export interface Decision {
  state: ConversationState;
  replies: DecidedReply[];
  effects: FlowEffect[];
  /** Tools the flow called this turn, with their arguments, in order. */
  calls: { tool: string; args: ToolArgs }[];
  /** Flows that ended this turn, with their final slots. */
  finished?: { flowId: string; slots: Record<string, SlotValue> }[];
  /** What the shopper's message was understood as (absent for tool results and events). */
  understanding?: TraceUnderstanding;
}

