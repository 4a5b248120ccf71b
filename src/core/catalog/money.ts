// Formatting of minor-unit amounts for shoppers; the only place prices become text.

/** 8900 → "89", 3990 → "39.9", 3995 → "39.95" (the way Chinese shops print prices). */
export function formatMoney(minor: number): string {
  const yuan = Math.trunc(minor / 100);
  const cents = Math.abs(minor % 100);
  if (cents === 0) return String(yuan);
  return cents % 10 === 0 ? `${yuan}.${cents / 10}` : `${yuan}.${String(cents).padStart(2, '0')}`;
}

/** "¥89" or "¥79–99" for a set of prices. */
export function formatPriceRange(prices: number[], symbol = '¥'): string {
  if (prices.length === 0) return '';
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  return lo === hi ? `${symbol}${formatMoney(lo)}` : `${symbol}${formatMoney(lo)}–${formatMoney(hi)}`;
}
