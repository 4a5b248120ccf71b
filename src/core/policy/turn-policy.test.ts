import { describe, expect, it } from 'vitest';
import type { Decision } from '../conversation/decision.js';
import { initialState } from '../conversation/state.js';
import { chooseTurn, shouldAskModel, type ModelCandidate, type OfflineFacts } from './turn-policy.js';

const facts = (f: Partial<OfflineFacts>): OfflineFacts => ({ source: 'faq', rule: undefined, confidence: 0.5, handsOff: false, answerThreshold: 0.15, ...f });
const said = (source: 'faq' | 'fallback', text = 'x'): Decision => ({ state: initialState(), replies: [{ text, trace: { releaseId: 'r', source } }], effects: [], calls: [] });

describe('whether a model is asked', () => {
  it.each([
    [facts({ source: 'flow' }), false, 'flow_took_turn'],
    [facts({ source: 'fallback', handsOff: true }), false, 'handoff'],
    [facts({ source: 'fallback', rule: 'not_sold' }), false, 'not_sold'],
    [facts({ source: 'fallback' }), true, 'offline_fallback'],
    [facts({ source: 'ask_product' }), true, 'asks_which_product'],
    [facts({ source: 'faq', confidence: 0.11 }), true, 'faq_below_threshold'],
    [facts({ source: 'faq', confidence: 0.11, rule: 'suggestion' }), false, 'offline_sure'],
    [facts({ source: 'faq', confidence: 0.4 }), false, 'offline_sure'],
    [facts({ source: 'product' }), false, 'offline_sure'],
    [facts({ source: undefined }), false, 'nothing_said'],
  ])('%o → ask %s by %s', (f, ask, rule) => {
    expect(shouldAskModel(f)).toEqual({ ask, rule });
  });
});

describe('which candidate the shopper gets', () => {
  const offline = said('fallback', 'offline');
  it('keeps the offline decision whenever the model failed, was invalid, was blocked or found nothing', () => {
    const kept: ModelCandidate[] = [{ kind: 'not_asked' }, { kind: 'failed', reason: 'timeout' }, { kind: 'invalid', reason: 'not_json' }, { kind: 'blocked', violations: [] }, { kind: 'keeps_offline', command: 'none' }];
    for (const c of kept) {
      expect(chooseTurn(offline, c).decision).toBe(offline);
    }
    expect(chooseTurn(offline, { kind: 'blocked', violations: [] }).rule).toBe('model_blocked');
  });
  it('takes a command that says something, and a passed answer', () => {
    const d = said('faq', 'entry');
    expect(chooseTurn(offline, { kind: 'command', command: 'answer_faq', decision: d })).toEqual({ decision: d, rule: 'model_command', byModel: true });
    expect(chooseTurn(offline, { kind: 'answer', decision: d }).rule).toBe('model_answer');
  });
  it('never leaves the shopper unanswered: a command that ran and said nothing gives way to the offline decision', () => {
    const silent: Decision = { state: initialState(), replies: [], effects: [], calls: [] };
    expect(chooseTurn(offline, { kind: 'command', command: 'start_flow', decision: silent })).toMatchObject({ decision: offline, rule: 'model_silent' });
  });
  it('takes a silent handoff (outside hours the handoff rules add the closed message)', () => {
    const handoff: Decision = { state: initialState(), replies: [], effects: [{ kind: 'handoff', reason: 'model' }], calls: [] };
    expect(chooseTurn(offline, { kind: 'command', command: 'handoff', decision: handoff }).rule).toBe('model_command');
  });
});
