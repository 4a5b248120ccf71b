// The tools a flow can call: their arguments, the fields of their results and whether they
// change anything (a tool that writes must sit behind a `confirm` step). Order tools run through
// the OrderBackend port; catalog tools are computed from the release itself.

/** One tool's contract. */
export interface ToolSpec {
  /** Changes orders or issues something: needs an explicit yes from the shopper first. */
  writes: boolean;
  /** Runs inside the core from the release's catalog (no port needed). */
  catalog: boolean;
  required: readonly string[];
  optional: readonly string[];
  /** Result fields a template or condition may read, besides `ok` and `error`. */
  outputs: readonly string[];
  /** Arguments that are lists: written comma-separated in the flow, sent as arrays. */
  lists?: readonly string[];
}

/** The tools of one kind of backend, by name. */
export type ToolSet = Readonly<Record<string, ToolSpec>>;

const ORDER_FIELDS = [
  'found',
  'order_id',
  'status',
  'status_text',
  'items_text',
  'total_text',
  'placed_at',
  'carrier',
  'tracking_no',
  'last_event',
  'last_event_at',
  'address_text',
  'can_cancel',
  'can_update_address',
  'can_return',
  'can_exchange',
] as const;

/** The tools of the shop's own order database (the default backend). */
export const TOOLS: ToolSet = {
  lookup_order: { writes: false, catalog: false, required: ['order_id'], optional: ['phone_tail'], outputs: ORDER_FIELDS },
  list_orders: { writes: false, catalog: false, required: [], optional: ['status'], outputs: ['count', 'latest_order_id', 'latest_status', 'list_text'] },
  cancel_order: { writes: true, catalog: false, required: ['order_id'], optional: ['phone_tail', 'reason'], outputs: ORDER_FIELDS },
  update_address: { writes: true, catalog: false, required: ['order_id', 'address'], optional: ['phone_tail'], outputs: ORDER_FIELDS },
  request_return: { writes: true, catalog: false, required: ['order_id', 'reason'], optional: ['phone_tail'], outputs: ORDER_FIELDS },
  request_exchange: { writes: true, catalog: false, required: ['order_id', 'reason', 'wanted'], optional: ['phone_tail'], outputs: ORDER_FIELDS },
  issue_coupon: { writes: true, catalog: false, required: ['coupon'], optional: [], outputs: ['code', 'title', 'expires_at', 'already_had'] },
  recommend_products: {
    writes: false,
    catalog: true,
    required: [],
    optional: ['query', 'category', 'audience', 'skin', 'size', 'budget'],
    outputs: ['count', 'list_text', 'top_id', 'top_name', 'top_price', 'top_stock', 'top_low_stock', 'top_material', 'top_features', 'top_reason', 'ids'],
  },
};

/** Fields every tool result has. */
export const COMMON_OUTPUTS: readonly string[] = ['ok', 'error'];

/** The result of a tool call as flows see it: flat fields. */
export type ToolOutput = Record<string, string | number | boolean | string[] | null>;

/** A tool's arguments as sent: text, or a list for the tool's list arguments. */
export type ToolArgs = Record<string, string | string[]>;

/** A tool call the core asks the app to make. */
export interface ToolCall {
  /** Unique within the conversation: flow, step and turn. Also the idempotency key's tail. */
  callId: string;
  tool: string;
  args: ToolArgs;
}

/** Filled-in argument texts as the tool takes them: list arguments split at commas. */
export function toolArgs(spec: ToolSpec | undefined, filled: Record<string, string>): ToolArgs {
  const out: ToolArgs = {};
  for (const [k, v] of Object.entries(filled)) {
    out[k] = spec?.lists?.includes(k)
      ? v
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== '')
      : v;
  }
  return out;
}

/** A text argument (a list argument joined with commas); '' when absent. */
export function textArg(args: ToolArgs, name: string): string {
  const v = args[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}
