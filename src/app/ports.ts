// The ports the application needs from the outside world. Adapters implement them; the server
// and CLI choose which. Records are plain data; JSON columns are already parsed.
import type { Ownership } from '../core/conversation/ownership.js';
import type { RetailDb, RetailOrder, RetailProduct, RetailUser } from '../core/retail/types.js';
import type { ShopBundle, ShopSettings } from '../core/catalog/types.js';
import type { ToolCall, ToolOutput } from '../core/sop/tools.js';
import type { Episode } from '../core/analytics/episode.js';
import type { OrderBuyer, OrderFact } from '../core/analytics/order-facts.js';
import type { Customer, Order } from '../core/commerce/order.js';
import type { ConversationState } from '../core/conversation/state.js';
import type { CustomerPreferenceRecord, CustomerTagRecord, MessageRecord, OutboxEvent } from '../core/conversation/records.js';
import type { Release } from '../core/knowledge/release.js';
import type { OutboundMessage } from '../core/channels/outbound.js';
import type { ReplyTrace } from '../core/conversation/trace.js';
import type { KnowledgeBase } from '../core/knowledge/knowledge-base.js';

/**
 * Turns a stored release into the knowledge base a node answers from. Training happens once, at
 * publish, into the release's image (`core/knowledge/release-image.ts`); nodes load the image and
 * never retrain. The server's does the heavy parts in a worker thread or in small steps, so loading
 * a big shop never stalls the event loop for the others; tests and the CLI may build in process.
 */
export interface KnowledgeBuilder {
  /** Loads a release from its stored image; rejects with a `ReleaseImageError` when the image cannot be used. */
  load(image: Uint8Array, releaseId: string): Promise<KnowledgeBase>;
  /** Trains a release that has no usable image (published by an older version, or damaged) and loads it. */
  train(release: Release): Promise<{ knowledge: KnowledgeBase; image: Uint8Array }>;
}

/**
 * Compiles a bundle into a release (`compileRelease`) and trains it into its image; the server's
 * does it in a worker thread, so publishing a big catalog does not stall the event loop.
 */
export interface ReleaseCompiler {
  compile(bundle: ShopBundle): Promise<{ release: Release; image: Uint8Array }>;
  /**
   * The same from a bundle's stored JSON text (UTF-8), the release coming back as its JSON text
   * (UTF-8, exactly `JSON.stringify(release)`): what publish does, so the caller never parses the
   * bundle nor stringifies the release (tens of megabytes for a big shop). `bundleJson`'s memory
   * may be transferred to the worker (the caller's view is then empty).
   */
  compileStored(bundleJson: Uint8Array, options?: { check?: boolean }): Promise<CompiledRelease>;
}

/** A release compiled and trained from stored JSON: its id and shop, its JSON text (UTF-8) and its image. */
export interface CompiledRelease {
  id: string;
  shopId: string;
  json: Uint8Array;
  image: Uint8Array;
}

/** A shop as stored: its imported bundle and the release conversations start on. */
export interface ShopRecord {
  id: string;
  name: string;
  language: string;
  bundle: ShopBundle;
  currentReleaseId: string | null;
  importedAt: string;
  /** SHA-256 of the bundle files last imported (`setSourceHash`); null when never recorded. */
  sourceHash: string | null;
}

/** A published release's header (the body is fetched on demand). */
export interface ReleaseHeader {
  id: string;
  shopId: string;
  createdAt: string;
}

// The records a turn writes are plain data the core builds (core/conversation/conclude-turn.ts).
export type { CustomerPreferenceRecord, CustomerTagRecord, MessageRecord, OutboxEvent };

/** One conversation and the core's state for it. */
export interface ConversationRecord {
  id: string;
  shopId: string;
  customerId: string | null;
  releaseId: string;
  state: ConversationState;
  /** Bumped on every state save; a save with a stale version is refused. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Who owns it: the AI, the queue, an agent, or nobody (closed). */
  ownership: Ownership;
  /** SHA-256 (hex) of the shopper's access token; null for conversations opened before tokens. */
  accessTokenHash: string | null;
  /** The channel it came through: 'web' (widget, REST) or another such as 'wecom' (微信客服). */
  channel: string;
  /** The shopper's id on that channel (WeCom's external_userid); null on the web. */
  channelUser: string | null;
}

/** A conversation to insert: owned by the AI unless `ownership` says otherwise, on the web unless `channel` says otherwise. */
export type NewConversation = Omit<ConversationRecord, 'ownership' | 'accessTokenHash' | 'channel' | 'channelUser'> & {
  ownership?: Ownership;
  accessTokenHash?: string | null;
  channel?: string;
  channelUser?: string | null;
};

/**
 * The kinds of a shop draft's items: one row each. `settings` is shop.yaml (id "shop"), `intents`
 * holds intents and entities (id "intents"), `tags` the taxonomy (id "tags"), `seed` the demo
 * customers and orders (id "seed"), `test` one file of the shop's own tests (id: its file name).
 */
export const DRAFT_KINDS = ['settings', 'product', 'faq', 'intents', 'flow', 'tags', 'seed', 'test'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

/** One item of a shop's draft: its domain JSON as text, and what lists search and filter by. */
export interface DraftItem {
  kind: DraftKind;
  id: string;
  /** JSON text of the item in domain form (a FaqEntry, a Product, { flow, yaml }, …). */
  body: string;
  /** What the list shows (question, product name, flow name). */
  label: string;
  /** Lower-cased text a search matches (id, label, phrasings, answer…). */
  search: string;
  /** Tags, for the knowledge base's filter. */
  tags: string[];
  /** SHA-256 (hex) of its content: equal hashes, equal items. */
  hash: string;
  /** Bumped on every change; what If-Match carries. */
  version: number;
  updatedAt: string;
  /** Username of who changed it last; null for an import from files. */
  updatedBy: string | null;
}

/**
 * An item to write: what the caller sets (the store numbers versions and keeps positions).
 * `content` is what its hash is taken of when not the whole body (a flow's YAML comments are not a change).
 */
export type DraftWrite = Pick<DraftItem, 'kind' | 'id' | 'body' | 'label' | 'search' | 'tags'> & { content?: string };

/** The outcome of a guarded write: done, or refused because the item is at another version. */
export type DraftWriteResult = { ok: true; item: DraftItem } | { ok: false; current: DraftItem | undefined };

/**
 * A shop's draft: every edit of the console lands here, item by item; publishing compiles it.
 * A big shop's draft is never parsed whole on the serving thread: lists page in SQL, and the
 * bundle is assembled as text from the rows.
 */
export interface DraftRepository {
  /** Whether the shop has a draft (it is made from the imported bundle at import or on first use). */
  exists(shopId: string): Promise<boolean>;
  /** Replaces the whole draft (an import from files), in one transaction. */
  replace(shopId: string, items: DraftWrite[], now: string, by: string | null): Promise<void>;
  get(shopId: string, kind: DraftKind, id: string): Promise<DraftItem | undefined>;
  /** Items of a kind in the draft's order; `q` matches `search` (case-insensitive substring), `tag` one of `tags`. */
  list(shopId: string, kind: DraftKind, query: { q?: string; tag?: string; offset: number; limit: number }): Promise<{ total: number; items: DraftItem[] }>;
  /** Every tag used by the kind's items, sorted. */
  tags(shopId: string, kind: DraftKind): Promise<string[]>;
  /**
   * Writes items (new ones go last). With `expected`, an item must be at that version (0: must
   * not exist) or nothing is written; all items or none.
   */
  put(shopId: string, writes: { item: DraftWrite; expected?: number }[], now: string, by: string | null): Promise<DraftWriteResult[]>;
  /** Deletes an item; false with `current` when it is missing or at another version than `expected`. */
  delete(shopId: string, kind: DraftKind, id: string, expected: number | undefined): Promise<DraftWriteResult>;
  /** Content hashes of every item (kind, id, SHA-256 of body), for diffs. */
  hashes(shopId: string): Promise<ItemHash[]>;
  /** The draft as a ShopBundle's JSON text (UTF-8), assembled from the rows without parsing them. */
  bundleJson(shopId: string): Promise<Uint8Array>;
  /** The bodies of every item of a kind (seed, tests): small kinds only. */
  bodies(shopId: string, kind: DraftKind): Promise<{ id: string; body: string }[]>;
}

/** One item's content hash in a draft or a release. */
export interface ItemHash {
  kind: DraftKind;
  id: string;
  hash: string;
}

/** One change made in the console: who, what, when. */
export interface AuditRecord {
  id: number;
  shopId: string;
  at: string;
  staff: string | null;
  action: string;
  target: string;
  summary: string;
}

/** The shop's audit log, append-only. */
export interface AuditRepository {
  append(r: Omit<AuditRecord, 'id'>): Promise<void>;
  /** Newest first; only records of `action` when given. */
  list(shopId: string, offset: number, limit: number, action?: string): Promise<{ total: number; entries: AuditRecord[] }>;
}

/** Shops: their imported bundles and which release conversations start on. */
export interface ShopRepository {
  put(bundle: ShopBundle, now: string): Promise<void>;
  /** `put` of a bundle given as its JSON text (a published draft), stored as it is, never parsed here. */
  putJson(shop: { id: string; name: string; language: string }, bundleJson: Uint8Array, now: string): Promise<void>;
  get(id: string): Promise<ShopRecord | undefined>;
  /** The shop's imported bundle as stored, its JSON text (UTF-8), not parsed: what publish compiles from. */
  getBundleJson(id: string): Promise<Uint8Array | undefined>;
  list(): Promise<{ id: string; name: string; currentReleaseId: string | null }[]>;
  setCurrentRelease(shopId: string, releaseId: string): Promise<void>;
  /** Records the hash of the bundle files just imported (a restart re-imports only when they change). */
  setSourceHash(shopId: string, hash: string): Promise<void>;
}

/** Published releases and their images (trained models laid out to load fast). */
export interface ReleaseRepository {
  /** Stores a release; false when one with the same id exists already (same content). */
  put(release: Release, now: string): Promise<boolean>;
  /** `putRelease` of a release given as its JSON text (UTF-8, `JSON.stringify(release)`), stored as it is. */
  putJson(release: { id: string; shopId: string }, json: Uint8Array, now: string): Promise<boolean>;
  get(id: string): Promise<Release | undefined>;
  /** Stores (or replaces) a release's image: its trained models and data laid out to load fast. */
  putImage(releaseId: string, image: Uint8Array, now: string): Promise<void>;
  getImage(releaseId: string): Promise<Uint8Array | undefined>;
  list(shopId: string): Promise<ReleaseHeader[]>;
  /** The release as its stored JSON text (UTF-8), not parsed. */
  getJson(id: string): Promise<Uint8Array | undefined>;
  /** Records the content hashes of the items a release was published from (for diffs). */
  putItemHashes(releaseId: string, hashes: ItemHash[]): Promise<void>;
  /** The item hashes recorded for a release; undefined when none were (published before drafts). */
  itemHashes(releaseId: string): Promise<ItemHash[] | undefined>;
  /** Open (not closed) conversations per release of the shop. */
  openConversations(shopId: string): Promise<Map<string, number>>;
}

/** Conversations: the core's state, its version, and who owns them. */
export interface ConversationRepository {
  /** Inserts a conversation; owned by the AI unless `ownership` says otherwise. */
  insert(c: NewConversation): Promise<void>;
  get(id: string): Promise<ConversationRecord | undefined>;
  /**
   * Conversations last updated in [from, to), oldest first (by update time, then id): the ones whose
   * shopper went silent; with `after`, only those that come after that conversation.
   */
  listIdle(from: string, to: string, limit: number, after?: Pick<ConversationRecord, 'updatedAt' | 'id'>): Promise<ConversationRecord[]>;
  /** Saves state if the stored version is still `expectedVersion`; returns whether it did. */
  saveState(id: string, state: ConversationState, expectedVersion: number, now: string): Promise<boolean>;
  /** Sets who owns a conversation; call it in the transaction that saved its state (whose version check guards it). */
  setOwnership(id: string, ownership: Ownership): Promise<void>;
  /** A shop's conversations with this owner (and agent, when given): the queue is highest priority, then longest waiting first. */
  listByOwner(shopId: string, owner: Ownership['owner'], agentId?: string): Promise<ConversationRecord[]>;
  /** A shop's conversations with this customer id, oldest first. */
  listOfCustomer(shopId: string, customerId: string): Promise<ConversationRecord[]>;
  /** Erases a conversation's words: every message's text and trace, and what its state remembered. */
  eraseText(id: string, now: string): Promise<void>;
  /** Records who a conversation's shopper is, once identified. */
  setCustomer(id: string, customerId: string, now: string): Promise<void>;
  /** The newest conversation of this shopper on this channel (WeCom's external_userid), if any. */
  findByChannelUser(shopId: string, channel: string, channelUser: string): Promise<ConversationRecord | undefined>;
}

/** Where a shop's pull from a channel resumes (WeCom's sync_msg cursor); stored after the messages it covers were handled. */
export interface ChannelCursorRepository {
  get(shopId: string, channel: string): Promise<string | undefined>;
  put(shopId: string, channel: string, cursor: string, now: string): Promise<void>;
}

/** Messages in and out of conversations. */
export interface MessageRepository {
  /** Inserts an inbound message unless one with its clientMessageId exists; returns whether it did. */
  insertInbound(m: MessageRecord): Promise<boolean>;
  insert(ms: MessageRecord[]): Promise<void>;
  findInbound(conversationId: string, clientMessageId: string): Promise<MessageRecord | undefined>;
  /** One message by its id (a channel delivering it reads it back). */
  get(id: string): Promise<MessageRecord | undefined>;
  listReplies(messageId: string): Promise<MessageRecord[]>;
  list(conversationId: string, limit: number): Promise<MessageRecord[]>;
  /**
   * Shopper messages stored in [from, to) that no reply answers, in conversations the AI owns,
   * oldest first: acknowledged, but their node stopped before answering.
   */
  listUnansweredInbound(from: string, to: string, limit: number): Promise<MessageRecord[]>;
}

/** The outbox of domain events and their deliveries to CDP sinks and to channels (the same table, a sink each). */
export interface OutboxRepository {
  append(events: OutboxEvent[]): Promise<void>;
  list(conversationId: string): Promise<OutboxEvent[]>;
  /** Adds a pending delivery to `sinkId` for each outbox event of these types (and shops, when given) that has none; returns how many. */
  enqueueCdpDeliveries(sinkId: string, types: readonly string[], shopIds: readonly string[] | undefined, now: string, limit: number): Promise<number>;
  /**
   * The same for the events of conversations on `channel` (their replies and handoffs, sent back
   * through it), keyed by conversation so each conversation's go in order.
   */
  enqueueChannelDeliveries(sinkId: string, channel: string, types: readonly string[], now: string, limit: number, maxAgeMs: number): Promise<number>;
  /**
   * Deliveries neither delivered nor dead, oldest first per customer, with their events; with `now`,
   * only those that may go now: none of a key behind one still waiting out its back-off.
   */
  listPendingCdpDeliveries(sinkId: string, limit: number, now?: string): Promise<CdpDelivery[]>;
  /** Records an attempt: delivered, or failed with the next attempt's time (or dead). */
  recordCdpAttempt(sinkId: string, eventId: string, at: string, result: { delivered: true } | { delivered: false; error: string; nextAt: string; dead: boolean }): Promise<void>;
  /** Dead CDP deliveries of a shop (the dead-letter list; channels' are not on it), oldest first. */
  listDeadCdpDeliveries(shopId: string): Promise<CdpDelivery[]>;
  /** Makes a shop's dead CDP deliveries pending again (from now, attempts reset); returns how many. */
  redriveCdpDeliveries(shopId: string, now: string): Promise<number>;
}

/** What Xiaoer learned of customers: tags with evidence, preferences with provenance. */
export interface CustomerRepository {
  /** Sets tags on customers: a tag set again replaces its earlier evidence. */
  upsertTags(tags: CustomerTagRecord[]): Promise<void>;
  /** Moves a visitor's tags to the customer they turned out to be (the newer evidence wins per tag); returns how many. */
  moveTags(shopId: string, fromKey: string, toKey: string): Promise<number>;
  /** Deletes every tag a customer holds; returns how many. */
  deleteTags(shopId: string, customerKey: string): Promise<number>;
  /** The tags a customer holds at `now` (expired ones left out), by tag. */
  listTags(shopId: string, customerKey: string, now: string): Promise<CustomerTagRecord[]>;
  /** Sets preferences; per name the newest (by setAt) wins, an older record changes nothing. */
  upsertPreferences(prefs: CustomerPreferenceRecord[]): Promise<void>;
  /** A customer's preferences, by name. */
  listPreferences(shopId: string, customerKey: string): Promise<CustomerPreferenceRecord[]>;
  /** Moves a visitor's preferences to the customer they turned out to be (newer wins per name); returns how many. */
  movePreferences(shopId: string, fromKey: string, toKey: string): Promise<number>;
  /** Deletes every preference of a customer; returns how many. */
  deletePreferences(shopId: string, customerKey: string): Promise<number>;
}

/** Staff accounts and their sessions. */
export interface StaffRepository {
  /** Adds a staff account; false when the shop already has that username. */
  insert(s: StaffRecord): Promise<boolean>;
  get(id: string): Promise<StaffRecord | undefined>;
  find(shopId: string, username: string): Promise<StaffRecord | undefined>;
  list(shopId: string): Promise<StaffRecord[]>;
  insertSession(tokenHash: string, staffId: string, createdAt: string, expiresAt: string): Promise<void>;
  /** The staff id of an unexpired session. */
  getSession(tokenHash: string, now: string): Promise<string | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Deletes every session expired at `now` (expiry at or before it); returns how many. */
  deleteExpiredSessions(now: string): Promise<number>;
  /** Changes an account (display name, role, groups, capacity, disabled, password hash); false when there is none. */
  update(id: string, patch: Partial<Pick<StaffRecord, 'displayName' | 'role' | 'groups' | 'capacity' | 'disabled' | 'passwordHash'>>): Promise<boolean>;
  /** Ends every session of an account (disabled, or its password reset); returns how many. */
  deleteSessionsOf(staffId: string): Promise<number>;
}

/** The nodes themselves: readiness heartbeats and leases on periodic jobs. */
export interface NodeRepository {
  /** Upserts this node's heartbeat: a real write, so readiness knows the store accepts writes. */
  recordHeartbeat(nodeId: string, at: string): Promise<void>;
  /**
   * Takes or renews the lease `name` for `holder` until `until`, when it is free, expired at `now`
   * or already the holder's; returns whether the holder has it. One node at a time runs a lease's job.
   */
  takeLease(name: string, holder: string, now: string, until: string): Promise<boolean>;
  /** Gives the lease up when `holder` has it (a node shutting down), so another takes it at once. */
  releaseLease(name: string, holder: string): Promise<void>;
}

/** The repositories a transaction works with. */
export interface UnitOfWork {
  readonly shops: ShopRepository;
  readonly releases: ReleaseRepository;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly outbox: OutboxRepository;
  readonly customers: CustomerRepository;
  readonly staff: StaffRepository;
  readonly nodes: NodeRepository;
  readonly drafts: DraftRepository;
  readonly audit: AuditRepository;
  readonly channelCursors: ChannelCursorRepository;
}

/**
 * Persistence, one repository per aggregate. Every method is atomic; `transaction` groups several
 * into one and hands over a unit of work that exposes only the repositories. A big shop's bundle,
 * release and release image are written in parts with turns of the event loop between them, each
 * visible only once whole: call `shops.put`, `releases.put(Json)` and `releases.putImage` outside a transaction
 * for big shops (inside one they hold it, and every other write waits, until all parts are in).
 */
export interface Store extends UnitOfWork {
  transaction<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A release as stored: its JSON text and its image (trained models), what a sandbox loads. */
export interface ReleaseBytes {
  json: Uint8Array;
  image: Uint8Array;
}

/** What a sandbox's throw-away database starts with: the shop's demo customers and orders. */
export interface SandboxSetup {
  seed?: { customers: Customer[]; orders: Order[] };
}

/** One shopper message in a sandbox conversation and the replies it got, with their traces. */
export interface SandboxTurn {
  user: string;
  replies: { text: string; trace: ReplyTrace }[];
}

/** The shop's own tests (eval cases and conversation fixtures) on one release: each case, passed or not. */
export interface ShopTestRun {
  cases: { id: string; file: string; passed: boolean; detail: string }[];
  /** Test files that could not be read (`file: message`); their cases are not run. */
  problems: string[];
}

/**
 * Runs conversations and the shop's own tests on a release in a throw-away database, off the
 * serving thread, so trying a draft never touches real conversations, analytics or the CDP, and
 * never stalls the node. `load` is called only when no warm sandbox holds that release.
 */
export interface ShopSandbox {
  converse(releaseId: string, load: () => Promise<ReleaseBytes>, setup: SandboxSetup, conversation: { messages: string[]; productId?: string; customerId?: string }): Promise<SandboxTurn[]>;
  test(releaseId: string, load: () => Promise<ReleaseBytes>, setup: SandboxSetup, tests: { file: string; text: string }[]): Promise<ShopTestRun>;
  close(): Promise<void>;
}

/** A shop's admin or agent; the password only as a scrypt hash. */
export interface StaffRecord {
  id: string;
  shopId: string;
  username: string;
  displayName: string;
  role: 'admin' | 'agent';
  groups: string[];
  passwordHash: string;
  createdAt: string;
  /** Conversations held at once under automatic assignment; null: the shop's agent_capacity. */
  capacity: number | null;
  /** A disabled account cannot sign in (its sessions end when it is disabled). */
  disabled: boolean;
}

/** One outbox event on its way to one CDP sink. */
export interface CdpDelivery {
  sinkId: string;
  eventId: string;
  shopId: string;
  customerKey: string;
  attempts: number;
  nextAt: string;
  firstAttemptAt: string | null;
  deliveredAt: string | null;
  deadAt: string | null;
  lastError: string | null;
  event: OutboxEvent;
}

/** A coupon handed to a customer. */
export interface IssuedCoupon {
  code: string;
  couponId: string;
  customerKey: string;
  issuedAt: string;
  expiresAt: string;
}

/**
 * The shop's commerce system: customers, orders and coupons. The built-in implementation keeps
 * them in our own database; a shop's ERP can stand behind the same interface.
 */
export interface OrderBackend {
  getCustomer(shopId: string, customerId: string): Promise<Customer | undefined>;
  getOrder(shopId: string, orderId: string): Promise<Order | undefined>;
  listOrders(shopId: string, customerId: string): Promise<Order[]>;
  /**
   * Orders of every shop delivered (status still delivered) at or after `since`, oldest first
   * (by update time, shop and id); with `after`, only those that come after that order.
   */
  listDeliveredSince(since: string, limit: number, after?: Pick<Order, 'updatedAt' | 'shopId' | 'id'>): Promise<Order[]>;
  /** Replaces `before` with `after` if the order is unchanged since it was read; false otherwise. */
  replaceOrder(before: Order, after: Order): Promise<boolean>;
  /** Issues a coupon once per customer and coupon; a second call returns the first one. */
  issueCoupon(shopId: string, coupon: IssuedCoupon): Promise<{ coupon: IssuedCoupon; alreadyHad: boolean }>;
  /** The stored result of a write made under this key, so a retried turn does not write twice. */
  recallWrite(key: string): Promise<string | undefined>;
  rememberWrite(key: string, result: string, now: string): Promise<void>;
  /** Erases a customer's profile (name, phone, tags); their orders stay as commercial records. */
  eraseCustomer(shopId: string, customerId: string): Promise<boolean>;
  /** Replaces the shop's customers, orders and coupons with the seed (demo and test data). */
  seed(shopId: string, customers: Customer[], orders: Order[]): Promise<void>;
}

/** A webhook delivery: where from, and the id that makes a replay of it change nothing. */
export interface DeliveryReceipt {
  source: string;
  deliveryId: string;
}

/**
 * Orders as the shop's systems report them (webhooks, CSV imports), for outcome analytics. Each
 * delivery is applied once: its receipt and the order's change are saved together.
 */
export interface OrderLedger {
  /**
   * Applies `change` to the stored order (undefined when new) and saves the result with the
   * receipt, in one transaction that holds the order against concurrent deliveries; 'duplicate'
   * when the receipt was seen before (nothing changes).
   */
  apply(shopId: string, receipt: DeliveryReceipt, orderId: string, change: (existing: OrderFact | undefined) => OrderFact, now: string): Promise<'applied' | 'duplicate'>;
  get(shopId: string, orderId: string): Promise<OrderFact | undefined>;
  /** The shop's customer an order's buyer is: by customer id, then phone, then e-mail; null when none. */
  matchCustomer(shopId: string, buyer: OrderBuyer): Promise<string | null>;
  /** The shop's orders paid in [from, to), oldest first. */
  listPaid(shopId: string, from: string, to: string): Promise<OrderFact[]>;
}

/** A conversation as outcome analytics reads it: its record, messages, whether it was handed off, and its rating. */
export interface ConversationFacts {
  id: string;
  shopId: string;
  customerId: string | null;
  createdAt: string;
  updatedAt: string;
  messages: MessageRecord[];
  /** The reasons of its handoff.requested events, in order (empty: never handed off). */
  handoffReasons: string[];
  rating: number | null;
}

/** A conversation in a date range: its ledger row when there is one, and when the conversation last changed. */
export interface LedgerEntry {
  id: string;
  updatedAt: string;
  /** The episode as stored, and the conversation update time it was folded at; absent when never folded. */
  stored?: { episode: Episode; foldedAt: string };
  rating: number | null;
}

/**
 * The outcome ledger and what it is folded from: each conversation episode's facts are stored as of
 * the conversation's last change, so figures survive transcript retention and later reports read
 * rows instead of transcripts. Ratings are read live (a rating does not change the conversation).
 */
export interface OutcomeSource {
  /** The shop's conversations started in [from, to), oldest first, with their ledger rows and ratings. */
  entries(shopId: string, from: string, to: string): Promise<LedgerEntry[]>;
  /** The facts of these conversations (messages, handoffs, rating), to fold. */
  facts(conversationIds: readonly string[]): Promise<ConversationFacts[]>;
  /** Stores folded episodes, each as of `foldedAt` (the conversation's update time it saw). */
  saveEpisodes(rows: { shopId: string; episode: Episode; foldedAt: string }[]): Promise<void>;
  /** Stores a rating once per conversation; false when it was rated already. */
  rate(shopId: string, conversationId: string, score: number, comment: string | null, now: string): Promise<boolean>;
}

/** Who a flow's tool call is made for, and what it runs under. */
export interface ToolScope {
  shopId: string;
  conversationId: string;
  /** The signed-in customer (the channel's identity), if any. */
  customerId: string | null;
  /** The customer the conversation proved to be through a tool (`ToolRun.identified`), if any. */
  identified: string | null;
  /** The shop's settings as the conversation's release has them (language, time zone, coupons). */
  shop: ShopSettings;
  /** Unique per call of a turn: a retried turn repeats it, and a write is not made twice. */
  idempotencyKey: string;
  /** The turn's time. */
  now: string;
}

/** A tool's result as flows read it, and the customer it proved the shopper to be (a look-up by email, say). */
export interface ToolRun {
  output: ToolOutput;
  identified?: { customerId: string; name: string };
}

/**
 * A shop's order system as a turn sees it: the tools its flows call (`core/commerce/backends.ts`
 * lists them by kind) and the customer look-ups a turn makes. One driver per kind of system (the
 * built-in order store, the tau2-bench retail domain), chosen by the shop's `backend` from the
 * drivers the composition root wired (`app/commerce/commerce-drivers.ts`); a turn never asks which.
 * Every expected failure of a tool is an output with ok: false and an error code.
 */
export interface Commerce {
  runTool(call: ToolCall, scope: ToolScope): Promise<ToolRun>;
  /** The customer as the system knows them; undefined when it does not. */
  getCustomer(shopId: string, customerId: string): Promise<Customer | undefined>;
  listOrders(shopId: string, customerId: string): Promise<Order[]>;
}

/** A retail record as read, with the version a write must still find. */
export interface Versioned<T> {
  record: T;
  version: number;
}

/** What one read of a shop's retail records returned. */
export interface RetailRead {
  users: Map<string, Versioned<RetailUser>>;
  orders: Map<string, Versioned<RetailOrder>>;
  products: RetailProduct[];
}

/**
 * A shop on the tau2-bench retail backend: its users, orders and products in our database,
 * loaded from the benchmark's db.json and changed only by its tools.
 */
export interface RetailBackend {
  /** Replaces the shop's records with `db` (the pristine state). */
  load(shopId: string, db: RetailDb): Promise<void>;
  /** The named users and orders that exist, the users of those orders, every product, and every user when `allUsers`. */
  read(shopId: string, want: { users?: readonly string[]; orders?: readonly string[]; allUsers?: boolean }): Promise<RetailRead>;
  /** Saves changed records, each only if still at the version `read` found; false (nothing saved) otherwise. */
  write(shopId: string, read: RetailRead, writes: { orders: RetailOrder[]; users: RetailUser[] }): Promise<boolean>;
  /** The shop's whole state, in db.json's form. */
  dump(shopId: string): Promise<RetailDb>;
}

/** Sends a CDP sink's HTTP requests. */
export interface CdpTransport {
  post(url: string, body: string, headers: Record<string, string>): Promise<{ ok: true } | { ok: false; error: string }>;
}

/** What a rate limiter says of one more hit on a key. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Counts hits per key over a sliding window (shopper floods, failed logins). The in-process
 * implementation is bounded; a Redis one shares the counts between nodes.
 */
export interface RateLimiter {
  /** Counts one hit on `key`, unless it already had `limit` in the last `windowMs` (then refused, not counted). */
  take(key: string, limit: number, windowMs: number, nowMs: number): Promise<RateDecision>;
  /** Whether one more hit would be allowed, without counting it. */
  peek(key: string, limit: number, windowMs: number, nowMs: number): Promise<RateDecision>;
  /** Forgets a key's hits (a successful login clears its failures). */
  clear(key: string): Promise<void>;
}

/** The current time, as ISO-8601 UTC text (sortable, the same in every store). */
export interface Clock {
  now(): string;
}

/** New unique ids, sortable by creation within a process. */
export interface Ids {
  next(prefix: string): string;
}

/** One message of a chat-completion request. */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A chat completion as Xiaoer asks for it (OpenAI-compatible providers: DeepSeek, Qwen, Kimi, GLM, Ollama, vLLM). */
export interface LlmRequest {
  /** Where the provider is: its OpenAI-compatible base URL (…/v1), key and model. */
  baseUrl: string;
  apiKey: string;
  model: string;
  messages: LlmMessage[];
  maxTokens: number;
  /** Ask for a JSON object (response_format json_object). */
  json?: boolean;
  /** The whole request, first byte to last token, must end within this; else `timeout`. */
  timeoutMs: number;
}

/** Why a completion failed: every failure is a value, so the turn falls back to the offline answer. */
export type LlmFailure = 'timeout' | 'rate_limited' | 'server_error' | 'refused' | 'malformed' | 'cut' | 'network';

/** The outcome of one completion; `ms` is how long it took either way. */
export type LlmResult =
  | { ok: true; text: string; usage: { promptTokens: number; completionTokens: number }; ms: number }
  | { ok: false; reason: LlmFailure; status?: number; ms: number };

/** An OpenAI-compatible chat-completion client. Never throws: a failure is an `ok: false` result. */
export interface LlmProvider {
  complete(request: LlmRequest): Promise<LlmResult>;
}

/** Tokens a shop's model use spent per day, shared by every node (Redis) or kept in one process. */
export interface LlmUsageMeter {
  /** Adds `tokens` to the shop's count for `day` (YYYY-MM-DD) and returns the new total. */
  add(shopId: string, day: string, tokens: number): Promise<number>;
  /** The shop's count for `day`. */
  used(shopId: string, day: string): Promise<number>;
}

/** A message pulled from WeCom 微信客服 (sync_msg), as the app needs it. */
export interface WecomInbound {
  msgId: string;
  /** 3 the shopper, 4 a WeCom event, 5 a human servicer in WeCom. */
  origin: number;
  msgType: string;
  externalUserId: string | undefined;
  /** Set for text messages. */
  text: string | undefined;
  /** Set for events: its type (enter_session…) and, when the shopper opened the chat, the code the welcome is sent with. */
  event?: { type: string; welcomeCode: string | undefined };
  /** The WeCom servicer who wrote it (origin 5). */
  servicerUserId?: string | undefined;
  /** When it was sent (unix seconds). */
  sendTime?: number;
}

/** One pull from WeCom: the messages after the cursor and where the next pull starts. */
export type WecomSync = { ok: true; messages: WecomInbound[]; nextCursor: string; hasMore: boolean } | { ok: false; reason: string };

/** How a text reply went: sent, refused because the shopper's 48-hour / 5-message window is over, or failed. */
export type WecomSendOutcome = { status: 'ok' } | { status: 'window_closed' } | { status: 'failure'; reason: string };

/** One shop's 微信客服 account (its corp, secret and kf account chosen by the composition root). */
export interface WecomApi {
  /** Pulls messages after `cursor` (from the start when undefined) with the callback's sync token; a failure on any page fails it all. */
  syncMessages(token: string | undefined, cursor: string | undefined): Promise<WecomSync>;
  /** Sends a text to the shopper, split into parts WeCom accepts; `msgId` (ours, at most 32 of [0-9a-zA-Z_-]) lets WeCom spot a resend. */
  sendText(toUser: string, text: string, msgId?: string): Promise<WecomSendOutcome>;
  /** The welcome, with the code an enter_session event carries (good once, for 20 seconds). */
  sendWelcome(code: string, text: string): Promise<WecomSendOutcome>;
  /** The shopper's WeCom session state (0 new, 1 the API's, 2 WeCom's queue, 3 a servicer's, 4 ended). */
  serviceState(toUser: string): Promise<{ status: 'ok'; state: number } | { status: 'failure'; reason: string; final: boolean }>;
  /** Moves the shopper's WeCom session: 2 to WeCom's queue for its servicers, 4 ends it (WeCom allows 0/1 → 2, 3 → 4). */
  setServiceState(toUser: string, state: 2 | 4): Promise<WecomSendOutcome>;
}

/** What any channel hands the turn pipeline: one shopper message, channel-neutral. */
export interface ChannelInbound {
  shopId: string;
  /** conversations.channel: 'wecom', 'webhook'. */
  channel: string;
  /** The shopper's id on the channel (WeCom's external_userid, the bridge's user). */
  channelUser: string;
  /** The channel's id of the message: a resend with the same id is handled once. */
  messageId: string;
  /** The shopper's words; absent for a message that is only media. */
  text?: string;
  /** A picture, voice note, video or file, by the channel's media id (not answered by the AI yet). */
  media?: { kind: string; id?: string };
  /** The product on screen, when the channel knows it (a hint: one the shop does not have is ignored). */
  productId?: string;
}

/** Who serves the shopper now, as a channel with its own session states needs to know. */
export type ServiceChange = 'queued' | 'agent' | 'ai' | 'closed';

/** One thing a channel is asked to carry to a shopper: a message, or a change of who serves them. */
export type ChannelItem = { kind: 'message'; message: OutboundMessage } | { kind: 'service'; change: ServiceChange; eventId: string };

/** How carrying it went: done, worth trying again later, or never possible (dead at once, the workspace told). */
export type ChannelOutcome = { status: 'ok' } | { status: 'retry'; reason: string } | { status: 'undeliverable'; reason: string };

/** One shop's account on a channel: carries items to a shopper (`channelUser`, the channel's id for them). */
export interface ChannelOutlet {
  /** `language` is the shop's, for the words a channel adds (a card's stock line). */
  deliver(to: { shopId: string; conversationId: string; channelUser: string; language: string }, item: ChannelItem): Promise<ChannelOutcome>;
}

/** A channel: its name (conversations.channel) and each shop's outlet on it (undefined: not set up on this node now). */
export interface Channel {
  name: string;
  outlet(shopId: string): Promise<ChannelOutlet | undefined>;
}
