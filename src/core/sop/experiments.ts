// A/B experiments on the shop's SOPs (shop.yaml `experiments`): each known customer is in one arm
// of each experiment, by a hash of the shop, the experiment and the customer id, so the same
// customer always gets the same script on every node and every visit. A script experiment lets
// templates branch on `experiment.<id>`; a holdout keeps a share of customers out of a flow to
// measure what the flow adds. Analytics reads the arm from the replies' traces (docs/analytics.md).

/** Arms of a holdout experiment. */
export const HOLDOUT = 'holdout';
export const TREATMENT = 'treatment';

/** One experiment as shop.yaml states it: arms with shares, or a holdout percentage. */
export type Experiment = { id: string; flow: string; step?: string } & ({ arms: { id: string; share: number }[] } | { holdout: number });

/** FNV-1a, 32 bits: stable across processes and versions (unlike a seeded hash). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The customer's arm of one experiment. */
export function armOf(e: Experiment, shopId: string, customerId: string): string {
  const bucket = (fnv1a(`${shopId}\u0000${e.id}\u0000${customerId}`) % 10_000) / 100; // 0 ≤ bucket < 100
  if ('holdout' in e) return bucket < e.holdout ? HOLDOUT : TREATMENT;
  const total = e.arms.reduce((s, a) => s + a.share, 0);
  let edge = 0;
  for (const a of e.arms) {
    edge += (a.share / total) * 100;
    if (bucket < edge) return a.id;
  }
  return e.arms.at(-1)?.id ?? '';
}

/** The customer's arm of every experiment, by experiment id. */
export function armsOf(experiments: readonly Experiment[], shopId: string, customerId: string): Record<string, string> {
  return Object.fromEntries(experiments.map((e) => [e.id, armOf(e, shopId, customerId)]));
}

/** The arms an experiment can have, in order (a holdout's: treatment, then holdout). */
export function armIds(e: Experiment): string[] {
  return 'holdout' in e ? [TREATMENT, HOLDOUT] : e.arms.map((a) => a.id);
}
