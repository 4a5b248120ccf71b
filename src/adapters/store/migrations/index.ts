// The forward-only migration set, in order. Names are timestamped and say what they do; a
// migration, once landed, is never edited.
import type { Migration } from 'kysely';
import * as createCoreTables from './2026-11-25T0300-create-core-tables.js';
import * as createCommerceTables from './2026-11-25T1000-create-commerce-tables.js';
import * as createRetailRecords from './2026-11-25T2000-create-retail-records.js';
import * as indexConversationsUpdated from './2026-11-25T2100-index-conversations-updated.js';
import * as createCustomerTags from './2026-11-25T2200-create-customer-tags.js';
import * as createCdpDeliveries from './2026-11-25T2300-create-cdp-deliveries.js';
import * as indexOrdersStatusUpdated from './2026-11-25T2330-index-orders-status-updated.js';
import * as createCustomerPreferences from './2026-11-25T2340-create-customer-preferences.js';
import * as addConversationOwnership from './2026-11-25T2350-add-conversation-ownership.js';
import * as createStaff from './2026-11-26T0000-create-staff.js';
import * as addStaffCapacity from './2026-11-26T0100-add-staff-capacity.js';
import * as createNodeHeartbeats from './2026-12-07T0000-create-node-heartbeats.js';
import * as indexStaffSessionsExpiry from './2026-12-07T0010-index-staff-sessions-expiry.js';
import * as addConversationAccessToken from './2026-12-07T0100-add-conversation-access-token.js';
import * as createReleaseImages from './2026-12-08T0000-create-release-images.js';
import * as storeLargeBodiesInParts from './2026-12-08T0100-store-large-bodies-in-parts.js';
import * as createLeasesAndIndexInbound from './2026-12-09T0000-create-leases-and-index-inbound.js';
import * as createOrderLedgerAndRatings from './2026-12-10T0000-create-order-ledger-and-ratings.js';
import * as createOutcomeEpisodes from './2026-12-10T0100-create-outcome-episodes.js';
import * as createDraftsAndAudit from './2026-12-11T0000-create-drafts-and-audit.js';
import * as addConversationChannels from './2026-12-12T0000-add-conversation-channels.js';

/** All migrations by name; Kysely runs them in name order. */
export const migrations: Record<string, Migration> = {
  '2026-11-25T0300-create-core-tables': createCoreTables,
  '2026-11-25T1000-create-commerce-tables': createCommerceTables,
  '2026-11-25T2000-create-retail-records': createRetailRecords,
  '2026-11-25T2100-index-conversations-updated': indexConversationsUpdated,
  '2026-11-25T2200-create-customer-tags': createCustomerTags,
  '2026-11-25T2300-create-cdp-deliveries': createCdpDeliveries,
  '2026-11-25T2330-index-orders-status-updated': indexOrdersStatusUpdated,
  '2026-11-25T2340-create-customer-preferences': createCustomerPreferences,
  '2026-11-25T2350-add-conversation-ownership': addConversationOwnership,
  '2026-11-26T0000-create-staff': createStaff,
  '2026-11-26T0100-add-staff-capacity': addStaffCapacity,
  '2026-12-07T0000-create-node-heartbeats': createNodeHeartbeats,
  '2026-12-07T0010-index-staff-sessions-expiry': indexStaffSessionsExpiry,
  '2026-12-07T0100-add-conversation-access-token': addConversationAccessToken,
  '2026-12-08T0000-create-release-images': createReleaseImages,
  '2026-12-08T0100-store-large-bodies-in-parts': storeLargeBodiesInParts,
  '2026-12-09T0000-create-leases-and-index-inbound': createLeasesAndIndexInbound,
  '2026-12-10T0000-create-order-ledger-and-ratings': createOrderLedgerAndRatings,
  '2026-12-10T0100-create-outcome-episodes': createOutcomeEpisodes,
  '2026-12-11T0000-create-drafts-and-audit': createDraftsAndAudit,
  '2026-12-12T0000-add-conversation-channels': addConversationChannels,
};
