// Experiment results (docs/analytics.md, "Experiments"): inquiry conversion per arm with a 95%
// Wilson interval, the lift of a flow over its holdout, and a warning while arms are too small.
import { armIds, HOLDOUT, TREATMENT, type Experiment } from '../sop/experiments.js';
import type { Episode } from './episode.js';

/** Fewer exposed conversations than this in any arm: too few yet to read the difference. */
export const MIN_PER_ARM = 100;
const Z = 1.96;

export interface ArmResult {
  arm: string;
  conversations: number;
  converted: number;
  rate: number | null;
  /** The 95% Wilson interval of the rate; null with no conversation. */
  interval: [number, number] | null;
}

export interface ExperimentResult {
  id: string;
  flow: string;
  kind: 'arms' | 'holdout';
  arms: ArmResult[];
  /** Holdout: treatment's rate less the holdout's (the flow's lift); null for script arms or without both rates. */
  lift: number | null;
  too_few: boolean;
  /** The exposed conversations every arm needs before too_few turns false (MIN_PER_ARM). */
  min_per_arm: number;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** The Wilson score interval of `k` successes in `n` at 95%. */
export function wilson(k: number, n: number): [number, number] | null {
  if (n === 0) return null;
  const p = k / n;
  const denom = 1 + (Z * Z) / n;
  const centre = (p + (Z * Z) / (2 * n)) / denom;
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / denom;
  return [round4(Math.max(0, centre - half)), round4(Math.min(1, centre + half))];
}

/**
 * Per experiment and arm: the range's conversations of known customers that recorded the arm
 * (exposed), and how many converted (`converted` says which did).
 */
export function experimentResults(experiments: readonly Experiment[], episodes: readonly Episode[], converted: (e: Episode) => boolean): ExperimentResult[] {
  return experiments.map((x) => {
    const arms = armIds(x).map((arm): ArmResult => {
      const exposed = episodes.filter((e) => e.customerId !== null && e.experiments?.[x.id] === arm);
      const k = exposed.filter(converted).length;
      return { arm, conversations: exposed.length, converted: k, rate: exposed.length ? round4(k / exposed.length) : null, interval: wilson(k, exposed.length) };
    });
    const t = arms.find((a) => a.arm === TREATMENT)?.rate;
    const h = arms.find((a) => a.arm === HOLDOUT)?.rate;
    const holdout = 'holdout' in x;
    return { id: x.id, flow: x.flow, kind: holdout ? 'holdout' : 'arms', arms, lift: holdout && t != null && h != null ? round4(t - h) : null, too_few: arms.some((a) => a.conversations < MIN_PER_ARM), min_per_arm: MIN_PER_ARM };
  });
}
