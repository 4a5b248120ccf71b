import { describe, expect, it } from 'vitest';
import { tinyBundle } from '../testing/fixtures.js';
import { loadKnowledgeBase } from '../knowledge/knowledge-base.js';
import { compileRelease } from '../knowledge/release.js';
import { intlSegmenter } from '../understanding/segmenter.js';
import { decide } from '../conversation/decide.js';
import { initialState } from '../conversation/state.js';
import type { Flow } from './types.js';
import { armOf, type Experiment } from './experiments.js';

const today = { year: 2026, month: 11, day: 25, weekday: 3 };
const customers = Array.from({ length: 10_000 }, (_, i) => `c${i}`);

describe('experiment assignment', () => {
  it('puts a customer in the same arm every time, and shares customers as the shares say', () => {
    const ab: Experiment = { id: 'closing', flow: 'sales', arms: [{ id: 'A', share: 70 }, { id: 'B', share: 30 }] };
    expect(armOf(ab, 'tiny', 'c42')).toBe(armOf(ab, 'tiny', 'c42'));
    const b = customers.filter((c) => armOf(ab, 'tiny', c) === 'B').length;
    expect(b).toBeGreaterThan(2_800);
    expect(b).toBeLessThan(3_200);
    const held = customers.filter((c) => armOf({ id: 'lift', flow: 'sales', holdout: 10 }, 'tiny', c) === 'holdout').length;
    expect(held).toBeGreaterThan(900);
    expect(held).toBeLessThan(1_100);
  });

  it('assigns independently per experiment and per shop', () => {
    const a: Experiment = { id: 'one', flow: 'f', arms: [{ id: 'A', share: 50 }, { id: 'B', share: 50 }] };
    const b: Experiment = { ...a, id: 'two' };
    const same = customers.filter((c) => armOf(a, 'tiny', c) === armOf(b, 'tiny', c)).length;
    expect(same).toBeGreaterThan(4_700);
    expect(same).toBeLessThan(5_300);
    const otherShop = customers.filter((c) => armOf(a, 'tiny', c) === armOf(a, 'other', c)).length;
    expect(otherShop).toBeLessThan(5_300);
  });
});

describe('experiments in a turn', () => {
  const SALES: Flow = {
    id: 'sales', name: { zh: '导购' }, priority: 1, triggers: [{ kind: 'keyword', keywords: ['推荐'] }],
    slots: {},
    steps: [{ id: 'pitch', kind: 'say', template: 'pitch' }],
    templates: { pitch: [{ text: '限时赠品，今天下单送袜子！', when: { var: 'experiment.pitch_script', op: 'equals', value: 'B' } }, { text: '这款是店里卖得最好的～' }] },
  };
  const kbWith = (experiments: Experiment[]) => loadKnowledgeBase(compileRelease({ ...tinyBundle({ experiments }), sops: [SALES] }, intlSegmenter), intlSegmenter);
  const customer = (id: string) => ({ customer: { id, name: id, segment: 'regular', tags: [] } });

  it("says each arm's script, and records the arm in the trace; a visitor is in no arm", () => {
    const ab: Experiment = { id: 'pitch_script', flow: 'sales', arms: [{ id: 'A', share: 50 }, { id: 'B', share: 50 }] };
    const kb = kbWith([ab]);
    const inB = customers.find((c) => armOf(ab, 'tiny', c) === 'B') ?? '';
    const inA = customers.find((c) => armOf(ab, 'tiny', c) === 'A') ?? '';
    const b = decide(initialState(), { text: '推荐一下', today }, kb, customer(inB)).replies[0];
    const a = decide(initialState(), { text: '推荐一下', today }, kb, customer(inA)).replies[0];
    const visitor = decide(initialState(), { text: '推荐一下', today }, kb).replies[0];
    expect([b?.text, b?.trace.experiments]).toEqual(['限时赠品，今天下单送袜子！', { pitch_script: 'B' }]);
    expect([a?.text, a?.trace.experiments]).toEqual(['这款是店里卖得最好的～', { pitch_script: 'A' }]);
    expect([visitor?.text, visitor?.trace.experiments]).toEqual(['这款是店里卖得最好的～', undefined]);
  });

  it('keeps a held-out customer out of the flow, answering as without it, and marks that turn as the holdout', () => {
    const lift: Experiment = { id: 'sales_lift', flow: 'sales', holdout: 20 };
    const kb = kbWith([lift]);
    const held = customers.find((c) => armOf(lift, 'tiny', c) === 'holdout') ?? '';
    const treated = customers.find((c) => armOf(lift, 'tiny', c) === 'treatment') ?? '';
    const h = decide(initialState(), { text: '推荐一下', today }, kb, customer(held));
    const t = decide(initialState(), { text: '推荐一下', today }, kb, customer(treated));
    expect(h.replies[0]?.trace.source).not.toBe('flow');
    expect(h.state.flow).toBeUndefined();
    expect(h.replies.every((r) => r.trace.experiments?.['sales_lift'] === 'holdout')).toBe(true);
    expect([t.replies[0]?.trace.source, t.replies[0]?.trace.experiments]).toEqual(['flow', { sales_lift: 'treatment' }]);
    // A message that would not start the flow exposes no one.
    expect(decide(initialState(), { text: '什么时候发货', today }, kb, customer(held)).replies[0]?.trace.experiments).toBeUndefined();
  });
});
