import { describe, expect, it } from 'vitest';
import { snapshotOf } from './memory.js';
import { RETAIL_TOOL_NAMES, runRetailTool } from './tools.js';
import type { RetailToolOutcome } from './types.js';

function errorOf(outcome: RetailToolOutcome): string | undefined {
  return outcome.ok ? undefined : outcome.error;
}

const emptySnapshot = snapshotOf({ users: {}, orders: {}, products: {} });
const calc = (expression: string): RetailToolOutcome => runRetailTool(emptySnapshot, 'calculate', { expression });

describe('calculate', () => {
  it.each([
    ['2+2', '4.0'],
    ['1/3', '0.33'],
    ['3131.1 + 4777.75 + 367.38', '8276.23'],
    ['135.24 - 153.23', '-17.99'],
    ['-(3 - 5) * 2.5', '5.0'],
    ['--2 + +1', '3.0'],
    ['.5 + 5.', '5.5'],
    ['2.675', '2.67'], // the double just below 2.675, as Python's round sees it
    ['0.125', '0.12'], // exact tie: half to even
    ['0.375', '0.38'],
    ['-0.001', '-0.0'],
    ['10000000000000000', '1e+16'],
    [' ( 1 + 2 ) * 3 ', '9.0'],
  ])('%s = %s', (expression, expected) => {
    expect(calc(expression)).toEqual({ ok: true, result: expected, writes: { orders: [], users: [] } });
  });

  it.each(['2**3', '7//2', 'abc', '1/0', '(1+2', '1 2', '', '1.2.3', '2(3)', '2+', '1e3'])(
    'refuses %j as invalid_expression',
    (expression) => {
      expect(errorOf(calc(expression))).toBe('invalid_expression');
    },
  );
});

describe('arguments and dispatch', () => {
  it('lists the 16 benchmark tools', () => {
    expect(RETAIL_TOOL_NAMES).toHaveLength(16);
    expect(new Set(RETAIL_TOOL_NAMES).size).toBe(16);
  });

  it('refuses an unknown tool and an inherited property name', () => {
    expect(errorOf(runRetailTool(emptySnapshot, 'refund_order', {}))).toBe('unknown_tool');
    expect(errorOf(runRetailTool(emptySnapshot, 'toString', {}))).toBe('unknown_tool');
  });

  it.each([
    ['missing argument', 'cancel_pending_order', { order_id: '#W9911714' }],
    ['number for a string', 'get_order_details', { order_id: 9911714 }],
    ['string for a list', 'return_delivered_order_items', { order_id: '#W2378156', item_ids: '1151293680', payment_method_id: 'credit_card_9513926' }],
    ['list with a number', 'return_delivered_order_items', { order_id: '#W2378156', item_ids: [1151293680], payment_method_id: 'credit_card_9513926' }],
    ['null address line', 'modify_user_address', { user_id: 'yusuf_rossi_9620', address1: '1 Main St', address2: null, city: 'Austin', state: 'TX', country: 'USA', zip: '78701' }],
    ['unexpected argument', 'get_user_details', { user_id: 'yusuf_rossi_9620', verbose: 'yes' }],
  ])('refuses a %s as invalid_arguments', (_case, name, args) => {
    const outcome = runRetailTool(emptySnapshot, name, args as Record<string, unknown>);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error).toBe('invalid_arguments');
      expect(outcome.message).toContain(name);
    }
  });

  it('answers transfer_to_human_agents like the benchmark', () => {
    const outcome = runRetailTool(emptySnapshot, 'transfer_to_human_agents', { summary: 'wants a human' });
    expect(outcome).toEqual({ ok: true, result: 'Transfer successful', writes: { orders: [], users: [] } });
  });
});
