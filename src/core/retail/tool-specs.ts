// The tools a tau2-retail shop's flows call: the benchmark's own tools (same names and arguments
// as its tasks use) and our resolvers, which turn a shopper's words into the ids those tools take.
import type { ToolSet } from '../sop/tools.js';

const ADDRESS = ['address1', 'address2', 'city', 'state', 'country', 'zip'] as const;
const ORDER_OUT = ['order_id', 'user_id', 'status', 'pending', 'delivered', 'items_text', 'item_count', 'total_text', 'address_text', 'payment_method_id', 'payment_text', 'tracking_text', 'refund_text'] as const;
const read = (required: readonly string[], outputs: readonly string[], optional: readonly string[] = [], lists: readonly string[] = []) => ({ writes: false, catalog: false, required, optional, outputs, lists });
const write = (required: readonly string[], outputs: readonly string[], lists: readonly string[] = []) => ({ writes: true, catalog: false, required, optional: [], outputs, lists });

/** Every tool of the retail backend by name. */
export const RETAIL_TOOLS: ToolSet = {
  find_user_id_by_email: read(['email'], ['user_id', 'first_name']),
  find_user_id_by_name_zip: read(['first_name', 'last_name', 'zip'], ['user_id', 'first_name']),
  get_user_details: read(['user_id'], ['user_id', 'first_name', 'last_name', 'email', 'address_text', 'order_ids', 'order_count', 'payment_text']),
  get_order_details: read(['order_id'], ORDER_OUT),
  get_product_details: read(['product_id'], ['product_id', 'name', 'variant_count', 'available_count', 'available_text']),
  get_item_details: read(['item_id'], ['item_id', 'product_id', 'name', 'options_text', 'price_text', 'available']),
  list_all_product_types: read([], ['count', 'list_text']),
  calculate: read(['expression'], ['result']),
  transfer_to_human_agents: read(['summary'], ['result']),
  cancel_pending_order: write(['order_id', 'reason'], ORDER_OUT),
  modify_pending_order_items: write(['order_id', 'item_ids', 'new_item_ids', 'payment_method_id'], ORDER_OUT, ['item_ids', 'new_item_ids']),
  modify_pending_order_address: write(['order_id', ...ADDRESS], ORDER_OUT),
  modify_pending_order_payment: write(['order_id', 'payment_method_id'], ORDER_OUT),
  modify_user_address: write(['user_id', ...ADDRESS], ['user_id', 'address_text']),
  return_delivered_order_items: write(['order_id', 'item_ids', 'payment_method_id'], ORDER_OUT, ['item_ids']),
  exchange_delivered_order_items: write(['order_id', 'item_ids', 'new_item_ids', 'payment_method_id'], ORDER_OUT, ['item_ids', 'new_item_ids']),
  // Resolvers: read-only, deterministic, over the signed-in user's own records.
  find_order: read(['text'], ['order_id', 'status', 'items_text', 'count', 'candidates_text'], ['status', 'prefer']),
  match_order_items: read(['order_id', 'text'], ['item_ids', 'items_text', 'count']),
  match_new_items: read(['order_id', 'item_ids', 'text'], ['new_item_ids', 'changes_text', 'price_difference', 'difference_text', 'failed_name', 'available_text'], [], ['item_ids']),
  match_payment_method: read(['text'], ['payment_method_id', 'payment_text', 'is_original', 'is_gift_card'], ['order_id']),
  parse_address: read(['text'], [...ADDRESS, 'address_text'], ['order_id']),
  parse_name: read(['text'], ['first_name', 'last_name']),
  match_product: read(['text'], ['product_id', 'name', 'count']),
};

