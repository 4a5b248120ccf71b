// What the console's use cases share: their ports, who is acting, the draft made on first use,
// and the audit record every change writes.
import type { AppDeps } from '../deps.js';
import { XiaoerError } from '../errors.js';
import type { DraftItem, DraftWriteResult, ShopSandbox } from '../ports.js';
import { bundleWrites } from './draft-items.js';

/** The ports of the console: the app's, and a sandbox to try and test releases in. */
export type ConsoleDeps = AppDeps & { sandbox: ShopSandbox };

/** Who is acting: a signed-in admin's username. */
export interface Actor {
  username: string;
}

/**
 * Makes the shop's draft from its imported bundle when it has none (a shop imported before the
 * console existed); imports replace the draft themselves.
 */
export async function ensureDraft(deps: Pick<AppDeps, 'store' | 'clock'>, shopId: string): Promise<void> {
  if (await deps.store.drafts.exists(shopId)) return;
  const shop = await deps.store.shops.get(shopId);
  if (!shop) throw new XiaoerError('XIAOER_SHOP_NOT_FOUND', `shop ${shopId} has not been imported`);
  await deps.store.drafts.replace(shopId, bundleWrites(shop.bundle, {}), deps.clock.now(), null);
}

/** Writes one audit record of a change. */
export async function audit(deps: Pick<AppDeps, 'store' | 'clock'>, shopId: string, actor: Actor, action: string, target: string, summary: string): Promise<void> {
  await deps.store.audit.append({ shopId, at: deps.clock.now(), staff: actor.username, action, target, summary });
}

/** The item a guarded write produced, or the conflict error naming who changed it meanwhile. */
export function written(result: DraftWriteResult | undefined, what: string): DraftItem {
  if (result?.ok) return result.item;
  const cur = result?.current;
  const who = cur ? ` (now version ${cur.version}, changed by ${cur.updatedBy ?? 'an import'} at ${cur.updatedAt})` : ' (it was deleted meanwhile)';
  throw new XiaoerError('XIAOER_EDIT_CONFLICT', `${what} was changed by someone else${who}; reload it and apply your change again`);
}
