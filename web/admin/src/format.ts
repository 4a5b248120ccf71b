// How the console writes the API's figures: rates as percentages with one decimal, money as yuan
// with two decimals, times in seconds. Each formatter gives null for a figure the API has none of
// (null), so the caller shows "no data" instead of a made-up zero.
import type { DayRange } from './api.js';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A rate (a fraction the API rounds to four decimals) as a percentage with one decimal, half up:
 * 0.4375 → "43.8%". Worked in whole basis points so that binary fractions cannot tip the rounding.
 */
export function percent(rate: number | null): string | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  const tenths = Math.round(Math.round(rate * 10_000) / 10);
  return `${(tenths / 10).toFixed(1)}%`;
}

/** A 95% interval of a rate as two percentages: [0.0615, 0.7923] → "6.2%–79.2%"; null without one. */
export function interval(range: readonly [number, number] | null): string | null {
  if (range === null) return null;
  const lo = percent(range[0]);
  const hi = percent(range[1]);
  return lo === null || hi === null ? null : `${lo}–${hi}`;
}

/**
 * A difference of two rates in percentage points with one decimal and its sign, half away from
 * zero: 0.5 → "+50.0", -0.0125 → "-1.3", 0 → "0.0". The caller adds the unit (个百分点 / pp).
 */
export function points(diff: number | null): string | null {
  if (diff === null || !Number.isFinite(diff)) return null;
  const tenths = Math.round(Math.abs(Math.round(diff * 10_000)) / 10);
  if (tenths === 0) return '0.0';
  return `${diff < 0 ? '-' : '+'}${(tenths / 10).toFixed(1)}`;
}

/** Yuan with two decimals and thousands separators: 1234.5 → "¥1,234.50". */
export function yuan(value: number | null): string | null {
  if (value === null || !Number.isFinite(value)) return null;
  return `¥${money.format(value)}`;
}

/** A count with thousands separators. */
export function count(n: number): string {
  return integer.format(n);
}

/** Milliseconds as seconds, exact to the millisecond without trailing zeros: 1100 → "1.1", 4200 → "4.2". */
export function seconds(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  return (ms / 1000).toFixed(3).replace(/\.?0+$/, '');
}

/** A mean rating with two decimals (the API's precision). */
export function mean(value: number | null): string | null {
  return value === null || !Number.isFinite(value) ? null : value.toFixed(2);
}

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isDay(s: string | null | undefined): s is string {
  return typeof s === 'string' && DATE.test(s) && new Date(`${s}T00:00:00.000Z`).toISOString().slice(0, 10) === s;
}

/** The days a report covers: its range is instants [from, to), so the last day is the one before `to`. */
export function daysOf(range: { from: string; to: string }): DayRange {
  return { from: range.from.slice(0, 10), to: new Date(Date.parse(range.to) - DAY_MS).toISOString().slice(0, 10) };
}
