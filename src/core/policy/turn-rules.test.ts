import { describe, expect, it } from 'vitest';
import { chooseTurnPath, type TurnFacts } from './turn-rules.js';

const facts = (f: Partial<TurnFacts>): TurnFacts => ({
  hasFlows: true,
  running: false,
  cancels: false,
  switches: false,
  stepFilled: false,
  sideQuestion: () => false,
  trigger: undefined,
  generalQuestion: () => false,
  welcomes: () => false,
  ...f,
});

describe('who takes a message', () => {
  it.each([
    [{ hasFlows: false, trigger: 'intent' as const }, 'no_flows', 'knowledge'],
    [{ running: true, cancels: true, switches: true }, 'flow_cancelled', 'cancel_flow'],
    [{ running: true, switches: true, stepFilled: true }, 'flow_switched', 'switch_flow'],
    [{ running: true, stepFilled: true, sideQuestion: (): boolean => true }, 'flow_step', 'flow_step'],
    [{ running: true, sideQuestion: (): boolean => true }, 'side_question', 'side_question'],
    [{ running: true }, 'flow_reprompt', 'reprompt'],
    [{ trigger: 'entity' as const, generalQuestion: (): boolean => true }, 'entity_trigger', 'start_flow'],
    [{ trigger: 'intent' as const, generalQuestion: (): boolean => true }, 'general_question', 'knowledge'],
    [{ trigger: 'keyword' as const }, 'flow_trigger', 'start_flow'],
    [{ welcomes: (): boolean => true }, 'welcome_flow', 'start_welcome'],
    [{}, 'knowledge', 'knowledge'],
  ] as [Partial<TurnFacts>, string, string][])('%o → %s', (f, rule, choice) => {
    expect(chooseTurnPath(facts(f))).toEqual({ rule, choice });
  });

  it('does not ask for the knowledge answer when a flow\'s step takes the message', () => {
    let asked = 0;
    const ask = () => (asked++, true);
    chooseTurnPath(facts({ running: true, stepFilled: true, sideQuestion: ask, generalQuestion: ask, welcomes: ask }));
    expect(asked).toBe(0);
  });
});
