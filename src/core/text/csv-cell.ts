// One CSV cell for a file a shop opens in a spreadsheet.

/** A value as a CSV cell: quoted when CSV needs it, and a formula a spreadsheet would run defused ('=…). */
export function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
