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
}

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

/** Every tool by name. */
export const TOOLS: Readonly<Record<string, ToolSpec>> = {
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
    outputs: ['count', 'list_text', 'top_id', 'top_name', 'top_price', 'top_stock', 'top_low_stock', 'top_material', 'top_features', 'ids'],
  },
};

/** Fields every tool result has. */
export const COMMON_OUTPUTS: readonly string[] = ['ok', 'error'];

/** The result of a tool call as flows see it: flat fields. */
export type ToolOutput = Record<string, string | number | boolean | string[] | null>;

/** A tool call the core asks the app to make. */
export interface ToolCall {
  /** Unique within the conversation: flow, step and turn. Also the idempotency key's tail. */
  callId: string;
  tool: string;
  args: Record<string, string>;
}
