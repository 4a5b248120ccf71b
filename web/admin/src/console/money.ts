// Prices travel in minor units (fen, integers) and are edited in yuan. The conversion works on the
// decimal text, never on binary fractions, so 19.99 is exactly 1999 fen and never 1998.

/** Fen as yuan text with two decimals: 1999 → "19.99", -5 → "-0.05". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const YUAN = /^\s*(\d{1,10})(?:\.(\d{0,2}))?\s*$/;

/** Yuan as the user typed it (text or a number from an input) in fen; null for anything that is not a non-negative amount with at most two decimals. */
export function yuanToFen(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  // A number from an InputNumber is printed back exactly as typed (JavaScript's shortest round-trip form).
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  const m = YUAN.exec(text);
  if (!m) return null;
  const whole = Number(m[1]);
  const cents = Number((m[2] ?? '').padEnd(2, '0'));
  return whole * 100 + cents;
}
