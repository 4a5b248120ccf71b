// The Store port over Kysely: one query code path for SQLite (better-sqlite3) and PostgreSQL.
// JSON is written by us and read back as trusted data.
import { Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, sql, type Transaction, type MigrationProvider, type Selectable } from 'kysely';
import type { ShopBundle } from '../../core/catalog/types.js';
import type { ConversationState } from '../../core/conversation/state.js';
import type { Release } from '../../core/knowledge/release.js';
import type { Ownership } from '../../core/conversation/ownership.js';
import type { CdpDelivery, ConversationRecord, CustomerPreferenceRecord, CustomerTagRecord, MessageRecord, NewConversation, OrderBackend, OrderLedger, OutboxEvent, OutcomeSource, RetailBackend, ReleaseHeader, ShopRecord, StaffRecord, Store, UnitOfWork, ShopRepository, ReleaseRepository, ConversationRepository, MessageRepository, OutboxRepository, CustomerRepository, StaffRepository, NodeRepository, ChannelCursorRepository, DraftRepository, AuditRepository, ItemHash, DraftKind } from '../../app/ports.js';
import { kyselyDraftRepository } from './draft-repository.js';
import { kyselyAuditLog } from './audit-log.js';
import { kyselyOrderBackend } from './order-backend.js';
import { kyselyRetailBackend } from './retail-backend.js';
import { kyselyOrderLedger } from './order-ledger.js';
import { kyselyOutcomeSource } from './outcome-source.js';
import { toMessage } from './message-row.js';
import type { CdpDeliveriesTable, ConversationsTable, Database, MessagesTable, StaffTable } from './schema.js';
import { migrations } from './migrations/index.js';
import { GroupCommit } from './group-commit.js';
import { jsonPieces } from './json-pieces.js';
import { parseJsonSteps } from '../../core/text/json-steps.js';
import { DEFAULT_PART_BYTES, deleteLargeBody, readOwned, turn, writeLargeBody, type WrittenBody } from './large-bodies.js';

/** Where the data lives: an SQLite file (or ":memory:") or a PostgreSQL URL with an optional schema. */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string; poolSize?: number };

/** How the store writes: bodies larger than `partBytes` (a shop's bundle, a release, an image) go in parts of that size. */
export interface StoreOptions {
  partBytes?: number;
  /** Told of a pooled PostgreSQL connection that broke while idle (the server restarted); the pool drops it and connects anew. */
  onConnectionError?: (err: Error) => void;
}

type Db = Kysely<Database> | Transaction<Database>;

/** How far before the newest queued event a sink still looks for events not queued yet. */
const CDP_LOOKBACK_MS = 10 * 60_000;
/** Sinks of channels (app/channels: `channel/<name>`), apart from the CDP's on the dead-letter list. */
const CHANNEL_SINK_PREFIX = 'channel/';

/** CDP deliveries with the outbox events they carry; `deliveryOf` reads the rows. */
function deliveriesWithEvents(db: Kysely<Database>) {
  return db.selectFrom('cdp_deliveries as d').innerJoin('outbox_events as e', 'e.id', 'd.event_id').selectAll('d').select(['e.payload', 'e.conversation_id', 'e.created_at']);
}

function deliveryOf(r: Selectable<CdpDeliveriesTable> & { payload: string; conversation_id: string | null; created_at: string }): CdpDelivery {
  return {
    sinkId: r.sink_id,
    eventId: r.event_id,
    shopId: r.shop_id,
    customerKey: r.customer_key,
    attempts: Number(r.attempts),
    nextAt: r.next_at,
    firstAttemptAt: r.first_attempt_at,
    deliveredAt: r.delivered_at,
    deadAt: r.dead_at,
    lastError: r.last_error,
    event: { id: r.event_id, shopId: r.shop_id, conversationId: r.conversation_id, event: JSON.parse(r.payload), createdAt: r.created_at },
  };
}

function conversationOf(r: Selectable<ConversationsTable>): ConversationRecord {
  return {
    id: r.id,
    shopId: r.shop_id,
    customerId: r.customer_id,
    releaseId: r.release_id,
    state: JSON.parse(r.state) as ConversationState,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    accessTokenHash: r.access_token_hash,
    channel: r.channel,
    channelUser: r.channel_user,
    ownership: {
      owner: r.owner as Ownership['owner'],
      agentId: r.agent_id,
      group: r.agent_group,
      reason: r.handoff_reason,
      priority: Number(r.priority),
      since: r.owner_since ?? r.created_at,
    },
  };
}

function messageRow(m: MessageRecord): MessagesTable {
  return {
    id: m.id,
    conversation_id: m.conversationId,
    direction: m.direction,
    text: m.text,
    client_message_id: m.clientMessageId,
    reply_to: m.replyTo,
    trace: m.trace ? JSON.stringify(m.trace) : null,
    created_at: m.createdAt,
  };
}

/** Bytes of a large body written between two WAL checkpoints on SQLite (see writeBody). */
const CHECKPOINT_BYTES = 4 << 20;

/** Parsed bundles stored in parts, by body key, the most recently used last (callers only read them). */
const parsedBundles = new Map<string, ShopBundle>();
const PARSED_BUNDLES_KEPT = 8;

/** Keeps a parsed bundle under its key as the most recently used, the oldest let go beyond the limit. */
function keepBundle(key: string, bundle: ShopBundle): ShopBundle {
  parsedBundles.delete(key);
  parsedBundles.set(key, bundle);
  while (parsedBundles.size > PARSED_BUNDLES_KEPT) parsedBundles.delete(parsedBundles.keys().next().value as string);
  return bundle;
}

/** Bundles being parsed, by body key: a second reader waits for the same parse. */
const parsingBundles = new Map<string, Promise<ShopBundle>>();

/** Parses a bundle's stored text in steps (a turn of the loop between them) and keeps it by its key. */
function parseBundle(key: string, body: Uint8Array): Promise<ShopBundle> {
  const kept = parsedBundles.get(key);
  if (kept) return Promise.resolve(keepBundle(key, kept));
  let parsing = parsingBundles.get(key);
  if (!parsing) {
    parsing = (async () => {
      const steps = parseJsonSteps(body);
      for (;;) {
        const next = steps.next();
        if (next.done) return keepBundle(key, next.value as ShopBundle);
        await turn();
      }
    })().finally(() => parsingBundles.delete(key));
    parsingBundles.set(key, parsing);
  }
  return parsing;
}

class KyselyStore implements Store {
  /** Where plain reads go: the transaction inside one, else the read connection if there is one. */
  private readonly read: Db;

  // The repositories (the Store port): each method is one of the class's own below.
  readonly shops: ShopRepository = {
    put: (...a: Parameters<ShopRepository['put']>) => this.putShop(...a),
    putJson: (...a: Parameters<ShopRepository['putJson']>) => this.putShopJson(...a),
    get: (...a: Parameters<ShopRepository['get']>) => this.getShop(...a),
    getBundleJson: (...a: Parameters<ShopRepository['getBundleJson']>) => this.getShopBundleJson(...a),
    list: (...a: Parameters<ShopRepository['list']>) => this.listShops(...a),
    setCurrentRelease: (...a: Parameters<ShopRepository['setCurrentRelease']>) => this.setCurrentRelease(...a),
    setSourceHash: async (shopId, hash) => void (await this.db.updateTable('shops').set({ source_hash: hash }).where('id', '=', shopId).execute()),
  };
  readonly releases: ReleaseRepository = {
    put: (...a: Parameters<ReleaseRepository['put']>) => this.putRelease(...a),
    putJson: (...a: Parameters<ReleaseRepository['putJson']>) => this.putReleaseJson(...a),
    get: (...a: Parameters<ReleaseRepository['get']>) => this.getRelease(...a),
    putImage: (...a: Parameters<ReleaseRepository['putImage']>) => this.putReleaseImage(...a),
    getImage: (...a: Parameters<ReleaseRepository['getImage']>) => this.getReleaseImage(...a),
    list: (...a: Parameters<ReleaseRepository['list']>) => this.listReleases(...a),
    getJson: (...a: Parameters<ReleaseRepository['getJson']>) => this.getReleaseJson(...a),
    putItemHashes: (...a: Parameters<ReleaseRepository['putItemHashes']>) => this.putReleaseItemHashes(...a),
    itemHashes: (...a: Parameters<ReleaseRepository['itemHashes']>) => this.releaseItemHashes(...a),
    openConversations: (...a: Parameters<ReleaseRepository['openConversations']>) => this.openConversationsByRelease(...a),
  };
  readonly conversations: ConversationRepository = {
    insert: (...a: Parameters<ConversationRepository['insert']>) => this.insertConversation(...a),
    get: (...a: Parameters<ConversationRepository['get']>) => this.getConversation(...a),
    listIdle: (...a: Parameters<ConversationRepository['listIdle']>) => this.listIdleConversations(...a),
    saveState: (...a: Parameters<ConversationRepository['saveState']>) => this.saveConversationState(...a),
    setOwnership: (...a: Parameters<ConversationRepository['setOwnership']>) => this.setOwnership(...a),
    listByOwner: (...a: Parameters<ConversationRepository['listByOwner']>) => this.listConversationsByOwner(...a),
    listOfCustomer: (...a: Parameters<ConversationRepository['listOfCustomer']>) => this.listCustomerConversations(...a),
    eraseText: (...a: Parameters<ConversationRepository['eraseText']>) => this.eraseConversationText(...a),
    setCustomer: (...a: Parameters<ConversationRepository['setCustomer']>) => this.setConversationCustomer(...a),
    findByChannelUser: (...a: Parameters<ConversationRepository['findByChannelUser']>) => this.findConversationByChannelUser(...a),
  };
  readonly messages: MessageRepository = {
    insertInbound: (...a: Parameters<MessageRepository['insertInbound']>) => this.insertInbound(...a),
    insert: (...a: Parameters<MessageRepository['insert']>) => this.insertMessages(...a),
    findInbound: (...a: Parameters<MessageRepository['findInbound']>) => this.findInbound(...a),
    get: async (id) => {
      const r = await this.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toMessage(r);
    },
    listReplies: (...a: Parameters<MessageRepository['listReplies']>) => this.listReplies(...a),
    list: (...a: Parameters<MessageRepository['list']>) => this.listMessages(...a),
    listUnansweredInbound: (...a: Parameters<MessageRepository['listUnansweredInbound']>) => this.listUnansweredInbound(...a),
  };
  readonly outbox: OutboxRepository = {
    append: (...a: Parameters<OutboxRepository['append']>) => this.appendEvents(...a),
    list: (...a: Parameters<OutboxRepository['list']>) => this.listEvents(...a),
    enqueueCdpDeliveries: (...a: Parameters<OutboxRepository['enqueueCdpDeliveries']>) => this.enqueueCdpDeliveries(...a),
    enqueueChannelDeliveries: (...a: Parameters<OutboxRepository['enqueueChannelDeliveries']>) => this.enqueueChannelDeliveries(...a),
    listPendingCdpDeliveries: (...a: Parameters<OutboxRepository['listPendingCdpDeliveries']>) => this.listPendingCdpDeliveries(...a),
    recordCdpAttempt: (...a: Parameters<OutboxRepository['recordCdpAttempt']>) => this.recordCdpAttempt(...a),
    listDeadCdpDeliveries: (...a: Parameters<OutboxRepository['listDeadCdpDeliveries']>) => this.listDeadCdpDeliveries(...a),
    redriveCdpDeliveries: (...a: Parameters<OutboxRepository['redriveCdpDeliveries']>) => this.redriveCdpDeliveries(...a),
  };
  readonly customers: CustomerRepository = {
    upsertTags: (...a: Parameters<CustomerRepository['upsertTags']>) => this.upsertCustomerTags(...a),
    moveTags: (...a: Parameters<CustomerRepository['moveTags']>) => this.moveCustomerTags(...a),
    deleteTags: (...a: Parameters<CustomerRepository['deleteTags']>) => this.deleteCustomerTags(...a),
    listTags: (...a: Parameters<CustomerRepository['listTags']>) => this.listCustomerTags(...a),
    upsertPreferences: (...a: Parameters<CustomerRepository['upsertPreferences']>) => this.upsertCustomerPreferences(...a),
    listPreferences: (...a: Parameters<CustomerRepository['listPreferences']>) => this.listCustomerPreferences(...a),
    movePreferences: (...a: Parameters<CustomerRepository['movePreferences']>) => this.moveCustomerPreferences(...a),
    deletePreferences: (...a: Parameters<CustomerRepository['deletePreferences']>) => this.deleteCustomerPreferences(...a),
  };
  readonly staff: StaffRepository = {
    insert: (...a: Parameters<StaffRepository['insert']>) => this.insertStaff(...a),
    get: (...a: Parameters<StaffRepository['get']>) => this.getStaff(...a),
    find: (...a: Parameters<StaffRepository['find']>) => this.findStaff(...a),
    list: (...a: Parameters<StaffRepository['list']>) => this.listStaff(...a),
    insertSession: (...a: Parameters<StaffRepository['insertSession']>) => this.insertSession(...a),
    getSession: (...a: Parameters<StaffRepository['getSession']>) => this.getSession(...a),
    deleteSession: (...a: Parameters<StaffRepository['deleteSession']>) => this.deleteSession(...a),
    deleteExpiredSessions: (...a: Parameters<StaffRepository['deleteExpiredSessions']>) => this.deleteExpiredSessions(...a),
    update: (...a: Parameters<StaffRepository['update']>) => this.updateStaff(...a),
    deleteSessionsOf: (...a: Parameters<StaffRepository['deleteSessionsOf']>) => this.deleteSessionsOf(...a),
  };
  readonly nodes: NodeRepository = {
    recordHeartbeat: (...a: Parameters<NodeRepository['recordHeartbeat']>) => this.recordHeartbeat(...a),
    takeLease: (...a: Parameters<NodeRepository['takeLease']>) => this.takeLease(...a),
    releaseLease: (...a: Parameters<NodeRepository['releaseLease']>) => this.releaseLease(...a),
  };

  readonly channelCursors: ChannelCursorRepository = {
    get: async (shopId, channel) => (await this.read.selectFrom('channel_cursors').select('cursor').where('shop_id', '=', shopId).where('channel', '=', channel).executeTakeFirst())?.cursor,
    put: async (shopId, channel, cursor, now) =>
      void (await this.db
        .insertInto('channel_cursors')
        .values({ shop_id: shopId, channel, cursor, updated_at: now })
        .onConflict((oc) => oc.columns(['shop_id', 'channel']).doUpdateSet({ cursor, updated_at: now }))
        .execute()),
  };

  readonly drafts: DraftRepository;
  readonly audit: AuditRepository;

  constructor(
    private readonly db: Db,
    private readonly root: Kysely<Database>,
    private readonly group?: GroupCommit<UnitOfWork>,
    reader?: Kysely<Database>,
    private readonly partBytes: number = DEFAULT_PART_BYTES,
  ) {
    this.read = db.isTransaction ? db : (reader ?? db);
    this.drafts = kyselyDraftRepository(db, this.read);
    this.audit = kyselyAuditLog(db, this.read);
  }

  async transaction<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    if (this.group) return this.group.run(fn);
    return this.root.transaction().execute((trx) => fn(new KyselyStore(trx, this.root, undefined, undefined, this.partBytes)));
  }

  /** Writes a large body in parts (or returns it inline when it fits in one); see large-bodies.ts. */
  private writeBody(pieces: Iterable<string | Uint8Array>, now: string): Promise<WrittenBody> {
    // SQLite checkpoints the WAL into the database file on the commit that takes it past
    // wal_autocheckpoint (~40 MB), in that statement: a big body would make several commits each
    // copy 40 MB on the loop. Outside a transaction, a passive checkpoint every 4 MB keeps each small.
    const sqlite = this.root.getExecutor().adapter instanceof SqliteAdapter && !this.db.isTransaction;
    const checkpoint = async () => void (await sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(this.db));
    return writeLargeBody(this.db, pieces, now, this.partBytes, sqlite ? { afterBytes: CHECKPOINT_BYTES, after: checkpoint } : {});
  }

  putShop(bundle: ShopBundle, now: string): Promise<void> {
    return this.storeShop({ id: bundle.shop.id, name: bundle.shop.name, language: bundle.shop.language }, jsonPieces(bundle), now);
  }

  putShopJson(shop: { id: string; name: string; language: string }, bundleJson: Uint8Array, now: string): Promise<void> {
    return this.storeShop(shop, [bundleJson], now);
  }

  private async storeShop(shop: { id: string; name: string; language: string }, pieces: Iterable<string | Uint8Array>, now: string): Promise<void> {
    const old = await this.db.selectFrom('shops').select('bundle_key').where('id', '=', shop.id).executeTakeFirst();
    const body = await this.writeBody(pieces, now);
    const row = { id: shop.id, name: shop.name, language: shop.language, bundle: body.inline?.toString('utf8') ?? '', bundle_key: body.key ?? null, imported_at: now };
    await this.db
      .insertInto('shops')
      .values({ ...row, current_release_id: null })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: row.name, language: row.language, bundle: row.bundle, bundle_key: row.bundle_key, imported_at: row.imported_at }))
      .execute();
    if (old?.bundle_key) await deleteLargeBody(this.db, old.bundle_key);
  }

  async getShop(id: string): Promise<ShopRecord | undefined> {
    // A bundle stored in parts is read and parsed once per node and kept by its key (keys are never
    // reused): a 10,000-entry shop's 17 MB bundle was parsed on the loop at every conversation start.
    // It is parsed in steps, a turn of the loop between them (one decode and JSON.parse of it held
    // the loop for 350 ms); calls meanwhile share that parse.
    let cached: ShopBundle | undefined;
    const got = await readOwned(
      () => this.read.selectFrom('shops').selectAll().where('id', '=', id).executeTakeFirst(),
      (r) => {
        cached = r.bundle_key !== null ? parsedBundles.get(r.bundle_key) : undefined;
        return cached ? null : r.bundle_key;
      },
      this.read,
      `shop ${id}'s bundle`,
    );
    if (!got) return undefined;
    const { row: r, body } = got;
    const bundle = r.bundle_key === null ? (JSON.parse(r.bundle) as ShopBundle) : (cached ?? (await parseBundle(r.bundle_key, body ?? Buffer.alloc(0))));
    return { id: r.id, name: r.name, language: r.language, bundle, currentReleaseId: r.current_release_id, importedAt: r.imported_at, sourceHash: r.source_hash };
  }

  async listShops() {
    const rows = await this.read.selectFrom('shops').select(['id', 'name', 'current_release_id']).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, currentReleaseId: r.current_release_id }));
  }

  async getShopBundleJson(id: string): Promise<Uint8Array | undefined> {
    const got = await readOwned(() => this.read.selectFrom('shops').select(['bundle', 'bundle_key']).where('id', '=', id).executeTakeFirst(), (r) => r.bundle_key, this.read, `shop ${id}'s bundle`);
    return got && (got.body ?? Buffer.from(got.row.bundle, 'utf8'));
  }

  putRelease(release: Release, now: string): Promise<boolean> {
    return this.storeRelease(release, () => jsonPieces(release), now);
  }

  putReleaseJson(release: { id: string; shopId: string }, json: Uint8Array, now: string): Promise<boolean> {
    return this.storeRelease(release, () => [json], now);
  }

  private async storeRelease(release: { id: string; shopId: string }, pieces: () => Iterable<string | Uint8Array>, now: string): Promise<boolean> {
    // The same content stored already: nothing to write (a release's id is its content's hash).
    if (await this.db.selectFrom('releases').select('id').where('id', '=', release.id).executeTakeFirst()) return false;
    const body = await this.writeBody(pieces(), now);
    const r = await this.db
      .insertInto('releases')
      .values({ id: release.id, shop_id: release.shopId, body: body.inline?.toString('utf8') ?? '', body_key: body.key ?? null, created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    const inserted = Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    // Stored meanwhile by another publish of the same content: this body is nobody's.
    if (!inserted && body.key) await deleteLargeBody(this.db, body.key);
    return inserted;
  }

  async getRelease(id: string): Promise<Release | undefined> {
    const got = await readOwned(() => this.read.selectFrom('releases').select(['body', 'body_key']).where('id', '=', id).executeTakeFirst(), (r) => r.body_key, this.read, `release ${id}`);
    return got && JSON.parse(got.body?.toString('utf8') ?? got.row.body);
  }

  async putReleaseImage(releaseId: string, image: Uint8Array, now: string): Promise<void> {
    const version = imageVersion(image);
    const old = await this.db.selectFrom('release_images').select('body_key').where('release_id', '=', releaseId).executeTakeFirst();
    const parts = function* (partBytes: number) {
      for (let at = 0; at < image.byteLength; at += partBytes) yield image.subarray(at, at + partBytes);
    };
    const body = await this.writeBody(parts(this.partBytes), now);
    const row = { format_version: version, body: body.inline ?? new Uint8Array(0), body_key: body.key ?? null, created_at: now };
    await this.db
      .insertInto('release_images')
      .values({ release_id: releaseId, ...row })
      .onConflict((oc) => oc.column('release_id').doUpdateSet(row))
      .execute();
    if (old?.body_key) await deleteLargeBody(this.db, old.body_key);
  }

  async getReleaseImage(releaseId: string): Promise<Uint8Array | undefined> {
    const got = await readOwned(() => this.read.selectFrom('release_images').select(['body', 'body_key']).where('release_id', '=', releaseId).executeTakeFirst(), (r) => r.body_key, this.read, `release ${releaseId}'s image`);
    return got && (got.body ?? got.row.body);
  }

  async listReleases(shopId: string): Promise<ReleaseHeader[]> {
    const rows = await this.read.selectFrom('releases').select(['id', 'shop_id', 'created_at']).where('shop_id', '=', shopId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, shopId: r.shop_id, createdAt: r.created_at }));
  }

  async getReleaseJson(id: string): Promise<Uint8Array | undefined> {
    const got = await readOwned(() => this.read.selectFrom('releases').select(['body', 'body_key']).where('id', '=', id).executeTakeFirst(), (r) => r.body_key, this.read, `release ${id}`);
    return got && (got.body ?? Buffer.from(got.row.body, 'utf8'));
  }

  async putReleaseItemHashes(releaseId: string, hashes: ItemHash[]): Promise<void> {
    const rows = hashes.map((h) => ({ release_id: releaseId, kind: h.kind, id: h.id, hash: h.hash }));
    for (let at = 0; at < rows.length; at += 500) {
      await this.db.insertInto('release_items').values(rows.slice(at, at + 500)).onConflict((oc) => oc.columns(['release_id', 'kind', 'id']).doNothing()).execute();
      // A flagship's 60,000 rows: a turn of the loop between statements (SQLite runs each on this thread).
      await turn();
    }
  }

  async releaseItemHashes(releaseId: string): Promise<ItemHash[] | undefined> {
    const rows = await this.read.selectFrom('release_items').select(['kind', 'id', 'hash']).where('release_id', '=', releaseId).execute();
    return rows.length ? rows.map((r) => ({ kind: r.kind as DraftKind, id: r.id, hash: r.hash })) : undefined;
  }

  async openConversationsByRelease(shopId: string): Promise<Map<string, number>> {
    const rows = await this.read.selectFrom('conversations').select(['release_id', (eb) => eb.fn.countAll().as('n')]).where('shop_id', '=', shopId).where('owner', '<>', 'closed').groupBy('release_id').execute();
    return new Map(rows.map((r) => [r.release_id, Number(r.n)]));
  }

  async setCurrentRelease(shopId: string, releaseId: string): Promise<void> {
    await this.db.updateTable('shops').set({ current_release_id: releaseId }).where('id', '=', shopId).execute();
  }

  async insertConversation(c: NewConversation): Promise<void> {
    await this.db
      .insertInto('conversations')
      .values({
        id: c.id,
        shop_id: c.shopId,
        customer_id: c.customerId,
        release_id: c.releaseId,
        state: JSON.stringify(c.state),
        version: c.version,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
        access_token_hash: c.accessTokenHash ?? null,
        channel: c.channel ?? 'web',
        channel_user: c.channelUser ?? null,
        ...(c.ownership ? ownershipRow(c.ownership) : {}),
      })
      .execute();
  }

  async getConversation(id: string): Promise<ConversationRecord | undefined> {
    const r = await this.read.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    return r && conversationOf(r);
  }

  async listIdleConversations(from: string, to: string, limit: number, after?: Pick<ConversationRecord, 'updatedAt' | 'id'>): Promise<ConversationRecord[]> {
    let q = this.read.selectFrom('conversations').selectAll().where('updated_at', '>=', from).where('updated_at', '<', to);
    if (after) q = q.where((eb) => eb.or([eb('updated_at', '>', after.updatedAt), eb.and([eb('updated_at', '=', after.updatedAt), eb('id', '>', after.id)])]));
    const rows = await q.orderBy('updated_at').orderBy('id').limit(limit).execute();
    return rows.map(conversationOf);
  }

  async saveConversationState(id: string, state: ConversationState, expectedVersion: number, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('conversations')
      .set({ state: JSON.stringify(state), version: expectedVersion + 1, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async setOwnership(id: string, o: Ownership): Promise<void> {
    await this.db.updateTable('conversations').set(ownershipRow(o)).where('id', '=', id).execute();
  }

  async listConversationsByOwner(shopId: string, owner: Ownership['owner'], agentId?: string): Promise<ConversationRecord[]> {
    let q = this.read.selectFrom('conversations').selectAll().where('shop_id', '=', shopId).where('owner', '=', owner);
    if (agentId !== undefined) q = q.where('agent_id', '=', agentId);
    const rows = await q.orderBy('priority', 'desc').orderBy('owner_since').orderBy('id').limit(500).execute();
    return rows.map(conversationOf);
  }

  async insertInbound(m: MessageRecord): Promise<boolean> {
    const r = await this.db
      .insertInto('messages')
      .values(messageRow(m))
      .onConflict((oc) => oc.columns(['conversation_id', 'client_message_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async insertMessages(ms: MessageRecord[]): Promise<void> {
    if (ms.length > 0) await this.db.insertInto('messages').values(ms.map(messageRow)).execute();
  }

  async findInbound(conversationId: string, clientMessageId: string): Promise<MessageRecord | undefined> {
    const r = await this.read
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('client_message_id', '=', clientMessageId)
      .executeTakeFirst();
    return r && toMessage(r);
  }

  async listReplies(messageId: string): Promise<MessageRecord[]> {
    const rows = await this.read.selectFrom('messages').selectAll().where('reply_to', '=', messageId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toMessage);
  }

  async listMessages(conversationId: string, limit: number): Promise<MessageRecord[]> {
    // The newest `limit` messages, returned oldest first.
    const rows = await this.read
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map(toMessage);
  }

  async upsertCustomerTags(tags: CustomerTagRecord[]): Promise<void> {
    if (tags.length === 0) return;
    const rows = tags.map((t) => ({
      shop_id: t.shopId,
      customer_key: t.customerKey,
      tag: t.tag,
      tag_group: t.group,
      confidence: t.confidence,
      rule: t.rule,
      conversation_id: t.conversationId,
      message_id: t.messageId,
      set_at: t.setAt,
      expires_at: t.expiresAt,
    }));
    await this.db
      .insertInto('customer_tags')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['shop_id', 'customer_key', 'tag']).doUpdateSet((eb) => ({
          tag_group: eb.ref('excluded.tag_group'),
          confidence: eb.ref('excluded.confidence'),
          rule: eb.ref('excluded.rule'),
          conversation_id: eb.ref('excluded.conversation_id'),
          message_id: eb.ref('excluded.message_id'),
          set_at: eb.ref('excluded.set_at'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
      )
      .execute();
  }

  async moveCustomerTags(shopId: string, fromKey: string, toKey: string): Promise<number> {
    const from = await this.db.selectFrom('customer_tags').selectAll().where('shop_id', '=', shopId).where('customer_key', '=', fromKey).execute();
    if (from.length === 0) return 0;
    const held = new Map((await this.db.selectFrom('customer_tags').select(['tag', 'set_at']).where('shop_id', '=', shopId).where('customer_key', '=', toKey).execute()).map((r) => [r.tag, r.set_at]));
    const newer = from.filter((r) => (held.get(r.tag) ?? '') < r.set_at).map((r) => ({ ...r, customer_key: toKey }));
    if (newer.length) {
      await this.db.deleteFrom('customer_tags').where('shop_id', '=', shopId).where('customer_key', '=', toKey).where('tag', 'in', newer.map((r) => r.tag)).execute();
      await this.db.insertInto('customer_tags').values(newer).execute();
    }
    await this.db.deleteFrom('customer_tags').where('shop_id', '=', shopId).where('customer_key', '=', fromKey).execute();
    return from.length;
  }

  async findConversationByChannelUser(shopId: string, channel: string, channelUser: string): Promise<ConversationRecord | undefined> {
    const r = await this.read
      .selectFrom('conversations')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('channel', '=', channel)
      .where('channel_user', '=', channelUser)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return r && conversationOf(r);
  }

  async listCustomerConversations(shopId: string, customerId: string): Promise<ConversationRecord[]> {
    const rows = await this.read.selectFrom('conversations').selectAll().where('shop_id', '=', shopId).where('customer_id', '=', customerId).orderBy('created_at').orderBy('id').execute();
    return rows.map(conversationOf);
  }

  async eraseConversationText(id: string, now: string): Promise<void> {
    await this.db.updateTable('messages').set({ text: '', trace: null }).where('conversation_id', '=', id).execute();
    const c = await this.db.selectFrom('conversations').select(['state', 'version']).where('id', '=', id).executeTakeFirst();
    if (!c) return;
    const state = JSON.parse(c.state) as ConversationState;
    const kept: ConversationState = { turns: state.turns, consecutiveFallbacks: 0, ...(state.handoff ? { handoff: state.handoff } : {}) };
    await this.db.updateTable('conversations').set({ state: JSON.stringify(kept), version: Number(c.version) + 1, updated_at: now }).where('id', '=', id).execute();
  }

  async deleteCustomerTags(shopId: string, customerKey: string): Promise<number> {
    const r = await this.db.deleteFrom('customer_tags').where('shop_id', '=', shopId).where('customer_key', '=', customerKey).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async setConversationCustomer(id: string, customerId: string, now: string): Promise<void> {
    await this.db.updateTable('conversations').set({ customer_id: customerId, updated_at: now }).where('id', '=', id).execute();
  }

  async listCustomerTags(shopId: string, customerKey: string, now: string): Promise<CustomerTagRecord[]> {
    const rows = await this.read
      .selectFrom('customer_tags')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('customer_key', '=', customerKey)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .orderBy('tag')
      .execute();
    return rows.map((r) => ({
      shopId: r.shop_id,
      customerKey: r.customer_key,
      tag: r.tag,
      group: r.tag_group,
      confidence: Number(r.confidence),
      rule: r.rule,
      conversationId: r.conversation_id,
      messageId: r.message_id,
      setAt: r.set_at,
      expiresAt: r.expires_at,
    }));
  }

  async upsertCustomerPreferences(prefs: CustomerPreferenceRecord[]): Promise<void> {
    if (prefs.length === 0) return;
    await this.db
      .insertInto('customer_preferences')
      .values(prefs.map(preferenceRow))
      .onConflict((oc) =>
        oc
          .columns(['shop_id', 'customer_key', 'name'])
          .doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            confidence: eb.ref('excluded.confidence'),
            source: eb.ref('excluded.source'),
            conversation_id: eb.ref('excluded.conversation_id'),
            message_id: eb.ref('excluded.message_id'),
            set_at: eb.ref('excluded.set_at'),
          }))
          .where((eb) => eb('customer_preferences.set_at', '<=', eb.ref('excluded.set_at'))),
      )
      .execute();
  }

  async listCustomerPreferences(shopId: string, customerKey: string): Promise<CustomerPreferenceRecord[]> {
    const rows = await this.read.selectFrom('customer_preferences').selectAll().where('shop_id', '=', shopId).where('customer_key', '=', customerKey).orderBy('name').execute();
    return rows.map((r) => ({
      shopId: r.shop_id,
      customerKey: r.customer_key,
      name: r.name,
      value: r.value,
      confidence: Number(r.confidence),
      source: r.source as CustomerPreferenceRecord['source'],
      conversationId: r.conversation_id,
      messageId: r.message_id,
      setAt: r.set_at,
    }));
  }

  async moveCustomerPreferences(shopId: string, fromKey: string, toKey: string): Promise<number> {
    const from = await this.listCustomerPreferences(shopId, fromKey);
    await this.upsertCustomerPreferences(from.map((p) => ({ ...p, customerKey: toKey })));
    await this.deleteCustomerPreferences(shopId, fromKey);
    return from.length;
  }

  async deleteCustomerPreferences(shopId: string, customerKey: string): Promise<number> {
    const r = await this.db.deleteFrom('customer_preferences').where('shop_id', '=', shopId).where('customer_key', '=', customerKey).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async insertStaff(st: StaffRecord): Promise<boolean> {
    const r = await this.db
      .insertInto('staff')
      .values({ id: st.id, shop_id: st.shopId, username: st.username, display_name: st.displayName, role: st.role, groups: JSON.stringify(st.groups), password_hash: st.passwordHash, created_at: st.createdAt, capacity: st.capacity })
      .onConflict((oc) => oc.columns(['shop_id', 'username']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async getStaff(id: string): Promise<StaffRecord | undefined> {
    const r = await this.read.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
    return r && staffOf(r);
  }

  async findStaff(shopId: string, username: string): Promise<StaffRecord | undefined> {
    const r = await this.read.selectFrom('staff').selectAll().where('shop_id', '=', shopId).where('username', '=', username).executeTakeFirst();
    return r && staffOf(r);
  }

  async listStaff(shopId: string): Promise<StaffRecord[]> {
    return (await this.read.selectFrom('staff').selectAll().where('shop_id', '=', shopId).orderBy('username').execute()).map(staffOf);
  }

  async insertSession(tokenHash: string, staffId: string, createdAt: string, expiresAt: string): Promise<void> {
    await this.db.insertInto('staff_sessions').values({ token_hash: tokenHash, staff_id: staffId, created_at: createdAt, expires_at: expiresAt }).execute();
  }

  async getSession(tokenHash: string, now: string): Promise<string | undefined> {
    const r = await this.read.selectFrom('staff_sessions').select('staff_id').where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
    return r?.staff_id;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const r = await this.db.deleteFrom('staff_sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async updateStaff(id: string, patch: Parameters<StaffRepository['update']>[1]): Promise<boolean> {
    const set = {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.groups !== undefined ? { groups: JSON.stringify(patch.groups) } : {}),
      ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
      ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
    };
    if (Object.keys(set).length === 0) return (await this.getStaff(id)) !== undefined;
    const r = await this.db.updateTable('staff').set(set).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async deleteSessionsOf(staffId: string): Promise<number> {
    const r = await this.db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async recordHeartbeat(nodeId: string, at: string): Promise<void> {
    await this.db
      .insertInto('node_heartbeats')
      .values({ node_id: nodeId, at })
      .onConflict((oc) => oc.column('node_id').doUpdateSet({ at }))
      .execute();
  }

  async takeLease(name: string, holder: string, now: string, until: string): Promise<boolean> {
    const row = await this.db
      .insertInto('leases')
      .values({ name, holder, until })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, until })
          .where((eb) => eb.or([eb('leases.until', '<=', now), eb('leases.holder', '=', holder)])),
      )
      .returning('holder')
      .executeTakeFirst();
    return row?.holder === holder;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
  }

  async listUnansweredInbound(from: string, to: string, limit: number): Promise<MessageRecord[]> {
    const rows = await this.read
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .selectAll('m')
      .where('m.direction', '=', 'in')
      .where('m.created_at', '>=', from)
      .where('m.created_at', '<', to)
      .where('c.owner', '=', 'ai')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('messages as r').select('r.id').whereRef('r.reply_to', '=', 'm.id'))))
      .orderBy('m.created_at')
      .orderBy('m.id')
      .limit(limit)
      .execute();
    return rows.map(toMessage);
  }

  enqueueCdpDeliveries(sinkId: string, types: readonly string[], shopIds: readonly string[] | undefined, now: string, limit: number): Promise<number> {
    return this.enqueueDeliveries(sinkId, types, shopIds ? { shopIds } : {}, now, limit);
  }

  /** Deliveries of a channel's conversations' events, ordered per conversation (their key is the conversation's). */
  enqueueChannelDeliveries(sinkId: string, channel: string, types: readonly string[], now: string, limit: number, maxAgeMs: number): Promise<number> {
    return this.enqueueDeliveries(sinkId, types, { channel, maxAgeMs }, now, limit);
  }

  private async enqueueDeliveries(sinkId: string, types: readonly string[], only: { shopIds?: readonly string[]; channel?: string; maxAgeMs?: number }, now: string, limit: number): Promise<number> {
    const { shopIds, channel } = only;
    if (types.length === 0 || (shopIds && shopIds.length === 0)) return 0;
    let q = this.db
      .selectFrom('outbox_events as e')
      .leftJoin('conversations as c', 'c.id', 'e.conversation_id')
      .select(['e.id', 'e.shop_id', 'e.conversation_id', 'e.payload', 'e.created_at', 'c.customer_id'])
      .where('e.type', 'in', [...types])
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('cdp_deliveries as d').select('d.event_id').whereRef('d.event_id', '=', 'e.id').where('d.sink_id', '=', sinkId))));
    if (shopIds) q = q.where('e.shop_id', 'in', [...shopIds]);
    if (channel !== undefined) q = q.where('c.channel', '=', channel);
    // A channel's events are chat: what is older than this is never sent (a first pass after an
    // upgrade does not send the history again).
    if (only.maxAgeMs !== undefined) q = q.where('e.created_at', '>=', new Date(Date.parse(now) - only.maxAgeMs).toISOString());
    // Only events near or after the newest one already queued: a transaction that committed late
    // (its events stamped a little earlier) is still caught, without scanning the whole outbox.
    const newest = await this.db.selectFrom('cdp_deliveries').select((eb) => eb.fn.max('event_at').as('at')).where('sink_id', '=', sinkId).executeTakeFirst();
    if (newest?.at) q = q.where('e.created_at', '>=', new Date(Date.parse(newest.at) - CDP_LOOKBACK_MS).toISOString());
    const rows = await q.orderBy('e.created_at').orderBy('e.id').limit(limit).execute();
    if (rows.length === 0) return 0;
    await this.db
      .insertInto('cdp_deliveries')
      .values(
        rows.map((r) => {
          // Whose event: the key the event names (an authenticated user), else the conversation's customer, else its visitor.
          // A channel's deliveries go in order per conversation (one shopper's chat on that channel).
          const named = (JSON.parse(r.payload) as { customerKey?: unknown }).customerKey;
          const customerKey = channel !== undefined ? `conversation:${r.conversation_id ?? r.id}` : typeof named === 'string' ? named : (r.customer_id ?? `visitor:${r.conversation_id ?? r.id}`);
          return { sink_id: sinkId, event_id: r.id, shop_id: r.shop_id, customer_key: customerKey, event_at: r.created_at, attempts: 0, next_at: now, first_attempt_at: null, delivered_at: null, dead_at: null, last_error: null };
        }),
      )
      .onConflict((oc) => oc.columns(['sink_id', 'event_id']).doNothing())
      .execute();
    return rows.length;
  }

  async listPendingCdpDeliveries(sinkId: string, limit: number, now?: string): Promise<CdpDelivery[]> {
    let q = deliveriesWithEvents(this.db).where('d.sink_id', '=', sinkId).where('d.delivered_at', 'is', null).where('d.dead_at', 'is', null);
    // Only what could go now: a delivery waiting out its back-off holds back its key's later ones,
    // and neither takes a place in the batch (keys failing for a while never crowd out the rest).
    if (now !== undefined) {
      q = q.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('cdp_deliveries as b')
              .select('b.event_id')
              .whereRef('b.sink_id', '=', 'd.sink_id')
              .whereRef('b.customer_key', '=', 'd.customer_key')
              .where('b.delivered_at', 'is', null)
              .where('b.dead_at', 'is', null)
              .where('b.next_at', '>', now)
              .where((b) => b.or([b('b.event_at', '<', b.ref('d.event_at')), b.and([b('b.event_at', '=', b.ref('d.event_at')), b('b.event_id', '<=', b.ref('d.event_id'))])])),
          ),
        ),
      );
    }
    const rows = await q
      .orderBy('d.customer_key')
      .orderBy('d.event_at')
      .orderBy('d.event_id')
      .limit(limit)
      .execute();
    return rows.map(deliveryOf);
  }

  async recordCdpAttempt(sinkId: string, eventId: string, at: string, result: { delivered: true } | { delivered: false; error: string; nextAt: string; dead: boolean }): Promise<void> {
    await this.db
      .updateTable('cdp_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        first_attempt_at: eb.fn.coalesce('first_attempt_at', eb.val(at)),
        ...(result.delivered ? { delivered_at: at, last_error: null } : { next_at: result.nextAt, last_error: result.error.slice(0, 500), dead_at: result.dead ? at : null }),
      }))
      .where('sink_id', '=', sinkId)
      .where('event_id', '=', eventId)
      .execute();
  }

  async listDeadCdpDeliveries(shopId: string): Promise<CdpDelivery[]> {
    const rows = await deliveriesWithEvents(this.read)
      .where('d.shop_id', '=', shopId)
      .where('d.dead_at', 'is not', null)
      .where('d.sink_id', 'not like', `${CHANNEL_SINK_PREFIX}%`)
      .orderBy('d.event_at')
      .orderBy('d.event_id')
      .execute();
    return rows.map(deliveryOf);
  }

  async redriveCdpDeliveries(shopId: string, now: string): Promise<number> {
    const r = await this.db
      .updateTable('cdp_deliveries')
      .set({ dead_at: null, attempts: 0, first_attempt_at: null, next_at: now })
      .where('shop_id', '=', shopId)
      .where('dead_at', 'is not', null)
      // A channel's dead messages are stale chat (noted in the workspace), never re-sent with the CDP's.
      .where('sink_id', 'not like', `${CHANNEL_SINK_PREFIX}%`)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async appendEvents(events: OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto('outbox_events')
      .values(
        events.map((e) => ({
          id: e.id,
          shop_id: e.shopId,
          conversation_id: e.conversationId,
          type: e.event.type,
          payload: JSON.stringify(e.event),
          created_at: e.createdAt,
          delivered_at: null,
        })),
      )
      .execute();
  }

  async listEvents(conversationId: string): Promise<OutboxEvent[]> {
    const rows = await this.read.selectFrom('outbox_events').selectAll().where('conversation_id', '=', conversationId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, shopId: r.shop_id, conversationId: r.conversation_id, event: JSON.parse(r.payload), createdAt: r.created_at }));
  }

  private closing: Promise<void> | undefined;

  /** Closes the connections once; later calls wait for the first. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      if (this.read !== this.db && !this.read.isTransaction) await (this.read as Kysely<Database>).destroy();
      await this.root.destroy();
    })());
  }
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** A store, the built-in order and retail backends, the order ledger and outcome reads over the same database. */
export type OpenedStore = Store & { readonly orders: OrderBackend; readonly retail: RetailBackend; readonly ledger: OrderLedger; readonly outcomes: OutcomeSource };

/** Opens a store, creating the database (file or schema) and running pending migrations. */
export async function openStore(location: StoreLocation, options: StoreOptions = {}): Promise<OpenedStore> {
  let db: Kysely<Database>;
  let reader: Kysely<Database> | undefined;
  if (location.kind === 'sqlite') {
    db = await sqliteKysely(location.file, false);
    // A second connection for reads: in WAL mode readers never wait for the writer, so turns keep
    // moving while a group commit is open. An in-memory database cannot be shared, so it has one.
    if (location.file !== ':memory:') reader = await sqliteKysely(location.file, true);
  } else {
    const { default: pg } = await import('pg');
    const schema = location.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
    if (schema) {
      const admin = new pg.Client({ connectionString: location.url });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: location.url,
      max: location.poolSize ?? 10,
      // A lost database fails requests within seconds (503, retry) instead of leaving them waiting.
      connectionTimeoutMillis: 5_000,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // Without listeners a connection's error would end the process: the pool's covers idle
    // connections, each client's own covers one checked out between two queries (inside a
    // transaction); its next query then fails and the connection is dropped.
    const broken = options.onConnectionError ?? ((e: Error) => process.stderr.write(`xiaoer: a PostgreSQL connection broke: ${e.message}\n`));
    pool.on('error', broken);
    pool.on('connect', (client) => client.on('error', broken));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    await reader?.destroy();
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${String(error)}`, { cause: error });
  }
  const partBytes = options.partBytes ?? DEFAULT_PART_BYTES;
  if (!(partBytes >= 1)) throw new Error(`invalid part size: ${partBytes}`);
  const group = location.kind === 'sqlite' ? new GroupCommit<UnitOfWork>(db, (trx) => new KyselyStore(trx, db, undefined, undefined, partBytes)) : undefined;
  return Object.assign(new KyselyStore(db, db, group, reader, partBytes), { orders: kyselyOrderBackend(db), retail: kyselyRetailBackend(db), ledger: kyselyOrderLedger(db), outcomes: kyselyOutcomeSource(db) });
}

/** The format version an image declares (bytes 4..7 after the magic "XRI1"), kept in its own column for operators; 0 for bytes that are no image. */
function imageVersion(image: Uint8Array): number {
  if (image.byteLength < 8) return 0;
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const version = view.getUint32(4, true);
  return view.getUint32(0, true) === 0x58524931 && version <= 0x7fffffff ? version : 0;
}

/** A Kysely instance over one better-sqlite3 connection with a prepared-statement cache. */
async function sqliteKysely(file: string, readonly: boolean): Promise<Kysely<Database>> {
  const { default: SqliteDatabase } = await import('better-sqlite3');
  const sqlite = new SqliteDatabase(file, readonly ? { readonly: true } : {});
  if (!readonly) {
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable against process crashes in WAL mode; only an OS crash can lose the last commits.
    sqlite.pragma('synchronous = NORMAL');
    // Checkpoints are where WAL mode fsyncs; 10,000 pages (~40 MB of WAL) between them measured
    // ~13% cheaper per turn than the default 1,000 on this class of machine (docs/benchmarks.md).
    sqlite.pragma('wal_autocheckpoint = 10000');
  }
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Kysely prepares every statement on every call; our queries come from a small fixed set of
  // shapes, so their prepared statements are cached by SQL text (bounded for safety).
  const statements = new Map<string, ReturnType<typeof sqlite.prepare>>();
  const database = {
    prepare(sql: string) {
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (statements.size >= 500) statements.clear();
        statements.set(sql, stmt);
      }
      return stmt;
    },
    close: () => sqlite.close(),
  };
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

/** Drops a PostgreSQL schema and everything in it (tests clean up with this). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

function preferenceRow(p: CustomerPreferenceRecord) {
  return { shop_id: p.shopId, customer_key: p.customerKey, name: p.name, value: p.value, confidence: p.confidence, source: p.source, conversation_id: p.conversationId, message_id: p.messageId, set_at: p.setAt };
}

function ownershipRow(o: Ownership) {
  return { owner: o.owner, agent_id: o.agentId, agent_group: o.group, handoff_reason: o.reason, priority: o.priority, owner_since: o.since };
}

function staffOf(r: Selectable<StaffTable>): StaffRecord {
  return { id: r.id, shopId: r.shop_id, username: r.username, displayName: r.display_name, role: r.role === 'admin' ? 'admin' : 'agent', groups: JSON.parse(r.groups) as string[], passwordHash: r.password_hash, createdAt: r.created_at, capacity: r.capacity === null ? null : Number(r.capacity), disabled: Number(r.disabled) === 1 };
}
