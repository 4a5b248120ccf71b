// Table types for Kysely. JSON lives in text columns and timestamps in ISO-8601 text so that
// SQLite and PostgreSQL share one query code path.
import type { Generated } from 'kysely';

export interface ShopsTable {
  id: string;
  name: string;
  language: string;
  /** The bundle's JSON, or '' when it is stored in parts (bundle_key). */
  bundle: string;
  current_release_id: string | null;
  imported_at: string;
  /** The large body holding the bundle's JSON; null when it is inline. */
  bundle_key: string | null;
  /** SHA-256 of the bundle last imported from files (a restart re-imports only when they changed). */
  source_hash: Generated<string | null>;
}

export interface ReleasesTable {
  id: string;
  shop_id: string;
  /** The release's JSON, or '' when it is stored in parts (body_key). */
  body: string;
  created_at: string;
  /** The large body holding the release's JSON; null when it is inline. */
  body_key: string | null;
}

export interface ReleaseImagesTable {
  release_id: string;
  format_version: number;
  /** The image, or empty when it is stored in parts (body_key). */
  body: Uint8Array;
  created_at: string;
  /** The large body holding the image; null when it is inline. */
  body_key: string | null;
}

/** A value stored in parts (large_body_parts), written after all of them. */
export interface LargeBodiesTable {
  body_key: string;
  parts: number;
  bytes: number | string | bigint;
  created_at: string;
}

/** One part of a large body, in order of seq from 0. */
export interface LargeBodyPartsTable {
  body_key: string;
  seq: number;
  body: Uint8Array;
}

export interface ConversationsTable {
  id: string;
  shop_id: string;
  customer_id: string | null;
  release_id: string;
  state: string;
  version: number;
  created_at: string;
  updated_at: string;
  owner: Generated<string>;
  agent_id: string | null;
  agent_group: string | null;
  handoff_reason: string | null;
  priority: Generated<number>;
  owner_since: string | null;
  access_token_hash: string | null;
  /** 'web' for the widget and REST, 'wecom' for 微信客服. */
  channel: Generated<string>;
  /** The shopper's id on the channel (WeCom's external_userid); null on the web. */
  channel_user: string | null;
}

/** Where each shop's pull from a channel (WeCom sync_msg) resumes. */
export interface ChannelCursorsTable {
  shop_id: string;
  channel: string;
  cursor: string;
  updated_at: string;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  direction: string;
  text: string;
  client_message_id: string | null;
  reply_to: string | null;
  trace: string | null;
  created_at: string;
}

export interface OutboxEventsTable {
  id: string;
  shop_id: string;
  conversation_id: string | null;
  type: string;
  payload: string;
  created_at: string;
  delivered_at: string | null;
}

export interface CustomersTable {
  shop_id: string;
  id: string;
  body: string;
  /** Digits only, for matching orders to customers; null when unknown or erased. */
  phone: string | null;
  /** Lower case; null when unknown or erased. */
  email: string | null;
}

/** An order as the shop's systems reported it (core/analytics/order-facts OrderFact as JSON). */
export interface OrderLedgerTable {
  shop_id: string;
  id: string;
  customer_id: string | null;
  paid_at: string | null;
  updated_at: string;
  body: string;
}

/** A webhook delivery already applied: a replay with the same id changes nothing. */
export interface WebhookReceiptsTable {
  shop_id: string;
  source: string;
  delivery_id: string;
  received_at: string;
}

/** The outcome ledger: a conversation episode's facts (Episode as JSON) as of the conversation's update time. */
export interface OutcomeEpisodesTable {
  conversation_id: string;
  shop_id: string;
  started_at: string;
  conversation_updated_at: string;
  body: string;
}

/** The shopper's rating (CSAT 1–5) of a conversation, given once. */
export interface ConversationRatingsTable {
  conversation_id: string;
  shop_id: string;
  score: number;
  comment: string | null;
  created_at: string;
}

export interface OrdersTable {
  shop_id: string;
  id: string;
  customer_id: string;
  status: string;
  updated_at: string;
  body: string;
}

export interface IssuedCouponsTable {
  shop_id: string;
  coupon_id: string;
  customer_key: string;
  code: string;
  issued_at: string;
  expires_at: string;
}

export interface ToolWritesTable {
  key: string;
  result: string;
  created_at: string;
}

export interface Database {
  draft_items: DraftItemsTable;
  release_items: ReleaseItemsTable;
  audit_log: AuditLogTable;
  customers: CustomersTable;
  order_ledger: OrderLedgerTable;
  webhook_receipts: WebhookReceiptsTable;
  conversation_ratings: ConversationRatingsTable;
  outcome_episodes: OutcomeEpisodesTable;
  orders: OrdersTable;
  issued_coupons: IssuedCouponsTable;
  tool_writes: ToolWritesTable;
  retail_records: RetailRecordsTable;
  customer_tags: CustomerTagsTable;
  customer_preferences: CustomerPreferencesTable;
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  node_heartbeats: NodeHeartbeatsTable;
  leases: LeasesTable;
  cdp_deliveries: CdpDeliveriesTable;
  shops: ShopsTable;
  releases: ReleasesTable;
  release_images: ReleaseImagesTable;
  large_bodies: LargeBodiesTable;
  large_body_parts: LargeBodyPartsTable;
  conversations: ConversationsTable;
  channel_cursors: ChannelCursorsTable;
  messages: MessagesTable;
  outbox_events: OutboxEventsTable;
}

export interface RetailRecordsTable {
  shop_id: string;
  kind: 'user' | 'order' | 'product';
  id: string;
  version: number;
  body: string;
}

export interface CustomerTagsTable {
  shop_id: string;
  customer_key: string;
  tag: string;
  tag_group: string;
  confidence: number;
  rule: string;
  conversation_id: string;
  message_id: string;
  set_at: string;
  expires_at: string | null;
}

export interface CustomerPreferencesTable {
  shop_id: string;
  customer_key: string;
  name: string;
  value: string;
  confidence: number;
  source: string;
  conversation_id: string | null;
  message_id: string | null;
  set_at: string;
}

export interface StaffTable {
  id: string;
  shop_id: string;
  username: string;
  display_name: string;
  role: string;
  groups: string;
  password_hash: string;
  created_at: string;
  capacity: number | null;
  /** 1 when the account is disabled. */
  disabled: Generated<number>;
}

export interface StaffSessionsTable {
  token_hash: string;
  staff_id: string;
  created_at: string;
  expires_at: string;
}

export interface LeasesTable {
  name: string;
  holder: string;
  until: string;
}

export interface NodeHeartbeatsTable {
  node_id: string;
  at: string;
}

export interface CdpDeliveriesTable {
  sink_id: string;
  event_id: string;
  shop_id: string;
  customer_key: string;
  event_at: string;
  attempts: number;
  next_at: string;
  first_attempt_at: string | null;
  delivered_at: string | null;
  dead_at: string | null;
  last_error: string | null;
}

/** One item of a shop's draft (app/ports.ts DraftItem); `tags` as "|a|b|" so a tag is matched with LIKE. */
export interface DraftItemsTable {
  shop_id: string;
  kind: string;
  id: string;
  position: number;
  body: string;
  hash: string;
  label: string;
  search: string;
  tags: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

/** The content hash of each item a release was published from. */
export interface ReleaseItemsTable {
  release_id: string;
  kind: string;
  id: string;
  hash: string;
}

/** One change made in the console. */
export interface AuditLogTable {
  id: Generated<number>;
  shop_id: string;
  at: string;
  staff: string | null;
  action: string;
  target: string;
  summary: string;
}
