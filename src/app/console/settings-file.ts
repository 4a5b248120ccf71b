// shop.yaml from stored settings, for a shop whose file text was not kept: the settings in the
// file's own form (coupons in yuan and snake_case), which the import schema reads back unchanged.
import type { ShopSettings } from '../../core/catalog/types.js';

/** The settings as shop.yaml writes them. */
export function settingsToFile(s: ShopSettings): Record<string, unknown> {
  const { coupons, ...rest } = s;
  return {
    ...rest,
    ...(coupons ? { coupons: coupons.map((c) => ({ id: c.id, title: c.title, min_spend: c.minSpendMinor / 100, discount: c.discountMinor / 100, valid_days: c.validDays })) } : {}),
  };
}
