import { describe, expect, it } from 'vitest';
import type { Episode } from './episode.js';
import { experimentResults, wilson } from './experiments.js';

const episode = (id: string, customerId: string | null, arm: string | undefined): Episode => ({
  conversationId: id, customerId, startedAt: '2026-12-01T00:00:00.000Z', firstShopperAt: '2026-12-01T00:00:01.000Z', servedBy: 'ai', firstResponseMs: 500,
  handedOff: false, thanked: false, rating: null, lastAiAnswerAt: null, endedOnFallback: false, lastShopperUnanswered: false, flowSteps: [], recommended: [], gaps: [],
  ...(arm ? { experiments: { sales_lift: arm } } : {}),
});

describe('experiment results', () => {
  it('gives the 95% Wilson interval of a rate', () => {
    expect(wilson(5, 10)).toEqual([0.2366, 0.7634]);
    expect(wilson(0, 20)).toEqual([0, 0.1611]);
    expect(wilson(0, 0)).toBeNull();
  });

  it("counts exposed conversations of known customers per arm, the flow's lift over its holdout, and says when there are too few", () => {
    const episodes = [episode('k1', 'c1', 'treatment'), episode('k2', 'c2', 'treatment'), episode('k3', 'c3', 'holdout'), episode('k4', null, 'treatment'), episode('k5', 'c5', undefined)];
    const [r] = experimentResults([{ id: 'sales_lift', flow: 'sales', holdout: 10 }], episodes, (e) => e.conversationId === 'k1');
    expect(r).toEqual({
      id: 'sales_lift', flow: 'sales', kind: 'holdout',
      arms: [
        { arm: 'treatment', conversations: 2, converted: 1, rate: 0.5, interval: wilson(1, 2) },
        { arm: 'holdout', conversations: 1, converted: 0, rate: 0, interval: wilson(0, 1) },
      ],
      lift: 0.5, too_few: true, min_per_arm: 100,
    });
  });
});
