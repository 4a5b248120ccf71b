// The retail tools against the tau2-retail dataset (db.json, tasks.json), read from disk: the
// dataset half of core/retail/tools.test.ts, kept here because core tests read no files.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyWrites, cloneDb, snapshotOf } from '../../core/retail/memory.js';
import { runRetailTool } from '../../core/retail/tools.js';
import type { RetailDb, RetailOrder, RetailToolOutcome, RetailUser } from '../../core/retail/types.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dataDir = join(process.env.XIAOER_BENCH_DATA ?? join(repoRoot, '..', 'shared', 'data'), 'tau2-retail');
const dataFiles = ['db.json', 'tasks.json', 'split_tasks.json'].map((file) => join(dataDir, file));
const missing = dataFiles.filter((file) => !existsSync(file));
if (missing.length > 0) {
  console.warn(
    `tau2-retail-tools.test.ts: skipping the tau2-retail dataset suites, ${missing.join(', ')} not found ` +
      '(set XIAOER_BENCH_DATA to the directory that holds tau2-retail/).',
  );
}
const noData = missing.length > 0;

interface GoldAction {
  action_id: string;
  name: string;
  arguments: Record<string, unknown>;
}
interface Task {
  id: string;
  evaluation_criteria: { actions: GoldAction[] };
}

let pristine: RetailDb | undefined;
/** A fresh, mutable copy of db.json. */
function freshDb(): RetailDb {
  pristine ??= JSON.parse(readFileSync(join(dataDir, 'db.json'), 'utf8')) as RetailDb;
  return cloneDb(pristine);
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as T;
}

/** Runs a call that must succeed, stores its writes, and returns its result. */
function apply(db: RetailDb, name: string, args: Record<string, unknown>): unknown {
  const outcome = runRetailTool(snapshotOf(db), name, args);
  if (!outcome.ok) throw new Error(`${name} refused: ${outcome.error} (${outcome.message})`);
  applyWrites(db, outcome.writes);
  return outcome.result;
}

function errorOf(outcome: RetailToolOutcome): string | undefined {
  return outcome.ok ? undefined : outcome.error;
}

// Gold actions that fail in the benchmark too: the user gives a wrong email/name/zip, the agent
// tries the docstring's example product id or an order id without its 'W', or (task 105) the
// gift card cannot cover the exchange. Each must fail with exactly this code; all others succeed.
const EXPECTED_GOLD_FAILURES: Record<string, string> = {
  '2_1': 'product_not_found',
  '3_1': 'product_not_found',
  '4_1': 'product_not_found',
  '35_0': 'user_not_found',
  '37_0': 'user_not_found',
  '46_1': 'order_not_found',
  '46_2': 'order_not_found',
  '47_1': 'order_not_found',
  '47_2': 'order_not_found',
  '54_0': 'user_not_found',
  '67_0': 'user_not_found',
  '67_1': 'user_not_found',
  '106_0': 'insufficient_gift_card_balance',
};

describe.skipIf(noData)('tau2 retail gold actions (train split)', () => {
  it('replays every train task in order on a fresh db', () => {
    const tasks = new Map(readJson<Task[]>('tasks.json').map((task) => [task.id, task]));
    const trainIds = readJson<{ train: string[] }>('split_tasks.json').train;
    expect(trainIds.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const seenFailures: string[] = [];
    for (const id of trainIds) {
      const task = tasks.get(id);
      if (!task) {
        problems.push(`task ${id}: not in tasks.json`);
        continue;
      }
      const db = freshDb();
      for (const action of task.evaluation_criteria.actions) {
        const outcome = runRetailTool(snapshotOf(db), action.name, action.arguments);
        const expected = EXPECTED_GOLD_FAILURES[action.action_id];
        const call = `task ${id} ${action.action_id} ${action.name}(${JSON.stringify(action.arguments)})`;
        if (outcome.ok) {
          if (expected) problems.push(`${call}: succeeded, expected ${expected}`);
          applyWrites(db, outcome.writes);
        } else if (outcome.error === expected) {
          seenFailures.push(action.action_id);
        } else {
          problems.push(`${call}: ${outcome.error} (${outcome.message})`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    expect(seenFailures.sort()).toEqual(Object.keys(EXPECTED_GOLD_FAILURES).sort());
  });
});

describe.skipIf(noData)('state changes', () => {
  it('task 0: exchange records sorted items and the rounded price difference', () => {
    const db = freshDb();
    const before = structuredClone(db.orders['#W2378156'] as RetailOrder);
    const itemIds = ['1151293680', '4983901480'];
    const newItemIds = ['7706410293', '7747408585'];
    const result = apply(db, 'exchange_delivered_order_items', {
      order_id: '#W2378156',
      item_ids: itemIds,
      new_item_ids: newItemIds,
      payment_method_id: 'credit_card_9513926',
    });
    const order = db.orders['#W2378156'] as RetailOrder;
    expect(result).toEqual(order);
    expect(order.status).toBe('exchange requested');
    expect(order.exchange_items).toEqual(['1151293680', '4983901480']);
    expect(order.exchange_new_items).toEqual(['7706410293', '7747408585']);
    expect(order.exchange_payment_method_id).toBe('credit_card_9513926');
    const price = (itemId: string): number => {
      const variant = Object.values(db.products).find((p) => p.variants[itemId])?.variants[itemId];
      if (!variant) throw new Error(`no variant ${itemId}`);
      return variant.price;
    };
    const expected = itemIds.reduce((sum, itemId, k) => sum + price(newItemIds[k] as string) - price(itemId), 0);
    expect(order.exchange_price_difference).toBe(Math.round(expected * 100) / 100);
    expect(order.exchange_price_difference).toBe(-16.63);
    // An exchange request changes no items and no payments yet.
    expect(order.items).toEqual(before.items);
    expect(order.payment_history).toEqual(before.payment_history);
    // A second exchange or a return is refused: the order is no longer 'delivered'.
    const again = runRetailTool(snapshotOf(db), 'return_delivered_order_items', {
      order_id: '#W2378156',
      item_ids: ['4202497723'],
      payment_method_id: 'credit_card_9513926',
    });
    expect(errorOf(again)).toBe('order_not_delivered');
  });

  it('exchange of two copies of one item to two different variants (task 105, funded)', () => {
    const db = freshDb();
    const giftCard = (db.users['aarav_anderson_8794'] as RetailUser).payment_methods['gift_card_7245904'];
    expect(giftCard?.source).toBe('gift_card');
    if (giftCard?.source !== 'gift_card') return;
    giftCard.balance = 21.1; // exactly the difference: (101.12 - 94.8) + (109.58 - 94.8)
    apply(db, 'exchange_delivered_order_items', {
      order_id: '#W4316152',
      item_ids: ['7292993796', '7292993796'],
      new_item_ids: ['9647374798', '3761330360'],
      payment_method_id: 'gift_card_7245904',
    });
    const order = db.orders['#W4316152'] as RetailOrder;
    expect(order.exchange_items).toEqual(['7292993796', '7292993796']);
    expect(order.exchange_new_items).toEqual(['3761330360', '9647374798']);
    expect(order.exchange_price_difference).toBe(21.1);
  });

  it('task 30: cancelling a gift-card-paid order refunds the gift card at once', () => {
    const db = freshDb();
    const userId = (db.orders['#W9373487'] as RetailOrder).user_id;
    const balance = (): number => {
      const method = (db.users[userId] as RetailUser).payment_methods['gift_card_7711863'];
      return method?.source === 'gift_card' ? method.balance : Number.NaN;
    };
    expect(balance()).toBe(44);
    apply(db, 'cancel_pending_order', { order_id: '#W9373487', reason: 'no longer needed' });
    const order = db.orders['#W9373487'] as RetailOrder;
    expect(order.status).toBe('cancelled');
    expect(order.cancel_reason).toBe('no longer needed');
    expect(order.payment_history).toEqual([
      { transaction_type: 'payment', amount: 109.27, payment_method_id: 'gift_card_7711863' },
      { transaction_type: 'refund', amount: 109.27, payment_method_id: 'gift_card_7711863' },
    ]);
    expect(balance()).toBe(153.27);
  });

  it('cancelling a card-paid order logs the refund and leaves the user untouched', () => {
    const db = freshDb();
    const outcome = runRetailTool(snapshotOf(db), 'cancel_pending_order', {
      order_id: '#W5918442',
      reason: 'ordered by mistake',
    });
    expect(outcome.ok && outcome.writes.users).toEqual([]);
    expect(outcome.ok && outcome.writes.orders[0]?.payment_history.at(-1)).toEqual({
      transaction_type: 'refund',
      amount: 1463.7,
      payment_method_id: 'credit_card_5051208',
    });
  });

  it('task 20: modifying items gives each line its own variant and charges the gift card', () => {
    const db = freshDb();
    apply(db, 'modify_pending_order_items', {
      order_id: '#W9911714',
      item_ids: ['2366567022', '1340995114', '9791469541', '1763705424'],
      new_item_ids: ['4579334072', '1151293680', '4107812777', '2882812427'],
      payment_method_id: 'gift_card_4332117',
    });
    const order = db.orders['#W9911714'] as RetailOrder;
    expect(order.status).toBe('pending (item modified)');
    expect(order.items.map((item) => [item.item_id, item.price])).toEqual([
      ['4579334072', 54.85],
      ['1151293680', 272.33],
      ['4107812777', 155.33],
      ['2882812427', 261.11],
    ]);
    for (const item of order.items) {
      expect(item.options).toEqual(db.products[item.product_id]?.variants[item.item_id]?.options);
    }
    // (54.85-54.04) + (272.33-235.13) + (155.33-147.05) + (261.11-235.44)
    expect(order.payment_history.at(-1)).toEqual({
      transaction_type: 'payment',
      amount: 71.96,
      payment_method_id: 'gift_card_4332117',
    });
    const card = (db.users[order.user_id] as RetailUser).payment_methods['gift_card_4332117'];
    expect(card?.source === 'gift_card' && card.balance).toBe(14.04);

    // Items can be modified once; address still can; payment cannot (two history entries now).
    const s = snapshotOf(db);
    const modifyAgain = runRetailTool(s, 'modify_pending_order_items', {
      order_id: '#W9911714',
      item_ids: ['4579334072'],
      new_item_ids: ['2366567022'],
      payment_method_id: 'paypal_3798357',
    });
    expect(errorOf(modifyAgain)).toBe('order_not_pending');
    expect(errorOf(runRetailTool(s, 'cancel_pending_order', { order_id: '#W9911714', reason: 'no longer needed' }))).toBe(
      'order_not_pending',
    );
    expect(errorOf(runRetailTool(s, 'modify_pending_order_payment', { order_id: '#W9911714', payment_method_id: 'paypal_3798357' }))).toBe(
      'payment_history_not_single',
    );
    const address = { address1: '1 Elm St', address2: '', city: 'Austin', state: 'TX', country: 'USA', zip: '78701' };
    apply(db, 'modify_pending_order_address', { order_id: '#W9911714', ...address });
    expect((db.orders['#W9911714'] as RetailOrder).address).toEqual(address);
  });

  it('modifying items to cheaper variants refunds the difference to a card', () => {
    const db = freshDb();
    const outcome = runRetailTool(snapshotOf(db), 'modify_pending_order_items', {
      order_id: '#W9911714',
      item_ids: ['2366567022', '1340995114'],
      new_item_ids: ['2439754078', '3616838507'],
      payment_method_id: 'paypal_3798357',
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.writes.users).toEqual([]); // nothing to adjust on a PayPal account
    const order = outcome.writes.orders[0] as RetailOrder;
    expect(order.items.slice(0, 2).map((item) => item.price)).toEqual([49.51, 226.11]);
    // (54.04 - 49.51) + (235.13 - 226.11)
    expect(order.payment_history.at(-1)).toEqual({
      transaction_type: 'refund',
      amount: 13.55,
      payment_method_id: 'paypal_3798357',
    });
  });

  it('changes the payment of a pending order, moving gift card money both ways', () => {
    const db = freshDb();
    const order = db.orders['#W6779827'] as RetailOrder; // 4079.45 paid by a gift card
    const other = 'credit_card_9789590';
    apply(db, 'modify_pending_order_payment', { order_id: '#W6779827', payment_method_id: other });
    const after = db.orders['#W6779827'] as RetailOrder;
    expect(after.status).toBe('pending');
    expect(after.payment_history.slice(1)).toEqual([
      { transaction_type: 'payment', amount: 4079.45, payment_method_id: other },
      { transaction_type: 'refund', amount: 4079.45, payment_method_id: 'gift_card_7219486' },
    ]);
    const refunded = (db.users[order.user_id] as RetailUser).payment_methods['gift_card_7219486'];
    expect(refunded?.source === 'gift_card' && refunded.balance).toBe(4128.45);
  });

  it('returns to the original method or a gift card, sorting the items', () => {
    const db = freshDb();
    apply(db, 'return_delivered_order_items', {
      order_id: '#W2378156',
      item_ids: ['9408160950', '4202497723'],
      payment_method_id: 'credit_card_9513926',
    });
    const order = db.orders['#W2378156'] as RetailOrder;
    expect(order.status).toBe('return requested');
    expect(order.return_items).toEqual(['4202497723', '9408160950']);
    expect(order.return_payment_method_id).toBe('credit_card_9513926');

    // Paid by card, refunded to the user's gift card: allowed, and no balance moves yet.
    const outcome = runRetailTool(snapshotOf(db), 'return_delivered_order_items', {
      order_id: '#W3113816',
      item_ids: ['4422467033'],
      payment_method_id: 'gift_card_6023546',
    });
    expect(outcome.ok && outcome.writes.orders[0]?.return_payment_method_id).toBe('gift_card_6023546');
    expect(outcome.ok && outcome.writes.users).toEqual([]);
  });

  it('updates a user address and finds users by folded name or email', () => {
    const db = freshDb();
    const address = { address1: '9 Oak Ave', address2: 'Apt 2', city: 'Boston', state: 'MA', country: 'USA', zip: '02101' };
    const result = apply(db, 'modify_user_address', { user_id: 'yusuf_rossi_9620', ...address });
    expect((result as RetailUser).address).toEqual(address);
    expect((db.users['yusuf_rossi_9620'] as RetailUser).address).toEqual(address);
    const s = snapshotOf(freshDb());
    const byName = (first: string, last: string, zip: string): unknown => {
      const outcome = runRetailTool(s, 'find_user_id_by_name_zip', { first_name: first, last_name: last, zip });
      return outcome.ok ? outcome.result : outcome.error;
    };
    expect(byName('Yúsuf', 'RÖSSI', '19122')).toBe('yusuf_rossi_9620');
    expect(byName('Yusuf', 'Rossi', '19123')).toBe('user_not_found');
    const byEmail = runRetailTool(s, 'find_user_id_by_email', { email: ' Yusuf.Rossi7301@EXAMPLE.com' });
    expect(byEmail.ok && byEmail.result).toBe('yusuf_rossi_9620');
  });

  it('lists product types as Python would print the sorted JSON', () => {
    const db = freshDb();
    const result = apply(db, 'list_all_product_types', {});
    expect(typeof result).toBe('string');
    const parsed = JSON.parse(result as string) as Record<string, string>;
    expect(Object.keys(parsed)).toHaveLength(50);
    expect(Object.keys(parsed)).toEqual(Object.keys(parsed).sort());
    expect(parsed['Mechanical Keyboard']).toBe('1656367028');
    expect(result).toMatch(/^\{"[^"]+": "\d+", "/);
  });
});

describe.skipIf(noData)('refusals', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['user_not_found', 'find_user_id_by_email', { email: 'nobody@example.com' }],
    ['user_not_found', 'get_user_details', { user_id: 'yusuf_rossi_0000' }],
    ['order_not_found', 'get_order_details', { order_id: '#9502126' }],
    ['product_not_found', 'get_product_details', { product_id: '6086499569' }],
    ['item_not_found', 'get_item_details', { item_id: '1656367028' }], // a product id given as item id
    ['variant_not_found', 'modify_pending_order_items', { order_id: '#W5918442', item_ids: ['1725100896'], new_item_ids: ['7706410293'], payment_method_id: 'credit_card_5051208' }],
    ['payment_method_not_found', 'exchange_delivered_order_items', { order_id: '#W2378156', item_ids: ['1151293680'], new_item_ids: ['7706410293'], payment_method_id: 'paypal_3798357' }],
    ['order_not_pending', 'cancel_pending_order', { order_id: '#W2378156', reason: 'no longer needed' }],
    ['order_not_pending', 'modify_pending_order_address', { order_id: '#W2378156', address1: '1 Elm St', address2: '', city: 'Austin', state: 'TX', country: 'USA', zip: '78701' }],
    ['order_not_delivered', 'return_delivered_order_items', { order_id: '#W9911714', item_ids: ['2366567022'], payment_method_id: 'paypal_3798357' }],
    ['order_not_delivered', 'exchange_delivered_order_items', { order_id: '#W9911714', item_ids: ['2366567022'], new_item_ids: ['4579334072'], payment_method_id: 'paypal_3798357' }],
    ['invalid_reason', 'cancel_pending_order', { order_id: '#W9911714', reason: 'found a better price' }],
    ['item_not_in_order', 'return_delivered_order_items', { order_id: '#W2378156', item_ids: ['1151293680', '1151293680'], payment_method_id: 'credit_card_9513926' }],
    ['item_count_mismatch', 'exchange_delivered_order_items', { order_id: '#W2378156', item_ids: ['1151293680', '4983901480'], new_item_ids: ['7706410293'], payment_method_id: 'credit_card_9513926' }],
    ['same_item', 'modify_pending_order_items', { order_id: '#W9911714', item_ids: ['2366567022'], new_item_ids: ['2366567022'], payment_method_id: 'paypal_3798357' }],
    ['new_item_unavailable', 'modify_pending_order_items', { order_id: '#W5918442', item_ids: ['1725100896'], new_item_ids: ['1002370030'], payment_method_id: 'credit_card_5051208' }],
    ['insufficient_gift_card_balance', 'modify_pending_order_payment', { order_id: '#W2443586', payment_method_id: 'gift_card_2742113' }],
    ['insufficient_gift_card_balance', 'exchange_delivered_order_items', { order_id: '#W4316152', item_ids: ['7292993796', '7292993796'], new_item_ids: ['3761330360', '9647374798'], payment_method_id: 'gift_card_7245904' }],
    ['not_original_payment_method', 'return_delivered_order_items', { order_id: '#W7303089', item_ids: ['2492465580'], payment_method_id: 'paypal_2568958' }],
    ['same_payment_method', 'modify_pending_order_payment', { order_id: '#W9911714', payment_method_id: 'paypal_3798357' }],
  ];

  it.each(cases)('%s from %s', (code, name, args) => {
    const outcome = runRetailTool(snapshotOf(freshDb()), name, args);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error).toBe(code);
      expect(outcome.message.length).toBeGreaterThan(10);
    }
  });

  it('payment_history_not_single when the payment was already changed once', () => {
    const db = freshDb();
    apply(db, 'modify_pending_order_payment', { order_id: '#W9583042', payment_method_id: 'credit_card_9503061' });
    const again = runRetailTool(snapshotOf(db), 'modify_pending_order_payment', {
      order_id: '#W9583042',
      payment_method_id: 'paypal_4768213',
    });
    expect(errorOf(again)).toBe('payment_history_not_single');
  });
});

describe.skipIf(noData)('purity', () => {
  it('never mutates the records of the snapshot, nor shares them with results and writes', () => {
    const db = freshDb();
    const before = cloneDb(db);
    const s = snapshotOf(db);
    const address = { address1: '1 Elm St', address2: '', city: 'Austin', state: 'TX', country: 'USA', zip: '78701' };
    const calls: [string, Record<string, unknown>][] = [
      ['cancel_pending_order', { order_id: '#W9373487', reason: 'no longer needed' }],
      ['modify_pending_order_items', { order_id: '#W9911714', item_ids: ['2366567022', '1340995114'], new_item_ids: ['4579334072', '1151293680'], payment_method_id: 'gift_card_4332117' }],
      ['modify_pending_order_address', { order_id: '#W9911714', ...address }],
      ['modify_pending_order_payment', { order_id: '#W6779827', payment_method_id: 'credit_card_9789590' }],
      ['modify_pending_order_payment', { order_id: '#W9583042', payment_method_id: 'credit_card_9503061' }],
      ['modify_user_address', { user_id: 'yusuf_rossi_9620', ...address }],
      ['return_delivered_order_items', { order_id: '#W2378156', item_ids: ['4202497723'], payment_method_id: 'credit_card_9513926' }],
      ['exchange_delivered_order_items', { order_id: '#W2378156', item_ids: ['1151293680'], new_item_ids: ['7706410293'], payment_method_id: 'credit_card_9513926' }],
      ['get_order_details', { order_id: '#W2378156' }],
      ['get_user_details', { user_id: 'yusuf_rossi_9620' }],
      ['get_product_details', { product_id: '1656367028' }],
      ['get_item_details', { item_id: '7706410293' }],
    ];
    for (const [name, args] of calls) {
      const outcome = runRetailTool(s, name, args);
      expect(outcome.ok, `${name} ${outcome.ok ? '' : outcome.message}`).toBe(true);
      if (!outcome.ok) continue;
      // Tampering with what came back must not reach the snapshot.
      for (const order of outcome.writes.orders) order.items.length = 0;
      for (const user of outcome.writes.users) user.payment_methods = {};
      if (typeof outcome.result === 'object' && outcome.result !== null) {
        Object.assign(outcome.result, { item_id: 'x', order_id: 'x', user_id: 'x', variants: {} });
      }
    }
    expect(db).toEqual(before);
  });
});
