// Matching against the tau2-retail train tasks, read from disk: the dataset half of
// core/retail/match.test.ts, kept here because core tests read no files.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchNewItems, matchOrderItems, matchPaymentMethod, parseAddress } from '../../core/retail/match.js';
import type { RetailAddress, RetailDb, RetailProduct } from '../../core/retail/types.js';

// ---------------------------------------------------------------------------------------------
// The tau2-retail train tasks

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dataDir = join(process.env.XIAOER_BENCH_DATA ?? join(repoRoot, '..', 'shared', 'data'), 'tau2-retail');
const missing = ['db.json', 'tasks.json', 'split_tasks.json'].map((f) => join(dataDir, f)).filter((f) => !existsSync(f));
if (missing.length > 0) {
  console.warn(`tau2-retail-match.test.ts: skipping the tau2-retail dataset suite, ${missing.join(', ')} not found (set XIAOER_BENCH_DATA to the directory that holds tau2-retail/).`);
}

interface Action {
  name: string;
  arguments: Record<string, unknown>;
}
interface Task {
  id: string;
  user_scenario: { instructions: { reason_for_call: string } };
  evaluation_criteria: { actions: Action[] };
}

describe.skipIf(missing.length > 0)('tau2-retail train tasks', () => {
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as T;
  const db = missing.length > 0 ? undefined : read<RetailDb>('db.json');
  const train = missing.length > 0 ? [] : (() => {
    const ids = new Set(read<{ train: string[] }>('split_tasks.json').train);
    return read<Task[]>('tasks.json').filter((t) => ids.has(t.id));
  })();
  const sorted = (ids: readonly unknown[]): string => JSON.stringify([...ids].map(String).sort());
  const reason = (t: Task): string => t.user_scenario.instructions.reason_for_call;
  const report = (label: string, hits: number, misses: string[], unit: string): void => {
    console.info(`${label}: ${hits}/${hits + misses.length} ${unit}${misses.length ? ` (misses: ${misses.join(', ')})` : ''}`);
  };

  it('matchOrderItems + matchNewItems on single exchanges and item modifications', () => {
    const itemMisses: string[] = [];
    const newMisses: string[] = [];
    const givenMisses: string[] = [];
    let items = 0;
    let news = 0;
    let given = 0;
    for (const t of train) {
      const acts = t.evaluation_criteria.actions.filter((a) => a.name === 'exchange_delivered_order_items' || a.name === 'modify_pending_order_items');
      if (acts.length !== 1) continue;
      const args = acts[0]!.arguments;
      const ord = db!.orders[args['order_id'] as string]!;
      const want = args['new_item_ids'] as string[];
      const product = (id: string): RetailProduct | undefined => db!.products[id];
      const m = matchOrderItems(ord, reason(t));
      if (sorted(m.itemIds) === sorted(args['item_ids'] as string[])) items++;
      else itemMisses.push(t.id);
      const r = m.itemIds.length > 0 ? matchNewItems(ord, m.itemIds, reason(t), product) : undefined;
      if (r?.ok && sorted(r.newItemIds) === sorted(want)) news++;
      else newMisses.push(t.id);
      const g = matchNewItems(ord, args['item_ids'] as string[], reason(t), product);
      if (g.ok && sorted(g.newItemIds) === sorted(want)) given++;
      else givenMisses.push(`${t.id}${g.ok ? '' : `:${g.error}`}`);
    }
    report('matchOrderItems (exchange/modify items)', items, itemMisses, 'train tasks');
    report('matchNewItems', news, newMisses, 'train tasks');
    report('matchNewItems given the expected item_ids', given, givenMisses, 'train tasks');
    expect(items).toBeGreaterThanOrEqual(23);
    expect(news).toBeGreaterThanOrEqual(20);
    expect(given).toBeGreaterThanOrEqual(23);
  });

  it('matchOrderItems on returns', () => {
    const misses: string[] = [];
    let hits = 0;
    for (const t of train) {
      for (const a of t.evaluation_criteria.actions.filter((x) => x.name === 'return_delivered_order_items')) {
        const ord = db!.orders[a.arguments['order_id'] as string]!;
        if (sorted(matchOrderItems(ord, reason(t)).itemIds) === sorted(a.arguments['item_ids'] as string[])) hits++;
        else misses.push(`${t.id}${ord.order_id}`);
      }
    }
    report('matchOrderItems (returns)', hits, misses, 'return actions');
    expect(hits).toBeGreaterThanOrEqual(27);
  });

  it('parseAddress on addresses written in the request', () => {
    const misses: string[] = [];
    let hits = 0;
    for (const t of train) {
      for (const a of t.evaluation_criteria.actions.filter((x) => x.name === 'modify_pending_order_address' || x.name === 'modify_user_address')) {
        const want = a.arguments as unknown as RetailAddress;
        if (!reason(t).includes(want.zip)) continue;
        if (sameAddress(parseAddress(reason(t)), want)) hits++;
        else misses.push(t.id);
      }
    }
    report('parseAddress', hits, misses, 'address actions');
    expect(hits).toBeGreaterThanOrEqual(3);
  });

  it('parseAddress on every user address of db.json, written three ways', () => {
    let hits = 0;
    const users = Object.values(db!.users);
    for (const u of users) {
      const a = u.address;
      const texts = [
        `${a.address1}, ${a.address2}, ${a.city}, ${a.state} ${a.zip}`,
        `please ship to ${a.address1} ${a.address2} ${a.city} ${a.state} ${a.zip} USA`,
        `${a.address1}, ${a.address2}, ${a.city}, ${a.state}, ${a.zip}, USA.`,
      ];
      if (texts.every((text) => sameAddress(parseAddress(text), a))) hits++;
    }
    console.info(`parseAddress: ${hits}/${users.length} db.json user addresses`);
    expect(hits).toBe(users.length);
  });

  it('matchPaymentMethod on the payment of each write action', () => {
    const misses: string[] = [];
    let hits = 0;
    for (const t of train) {
      for (const a of t.evaluation_criteria.actions) {
        const id = a.arguments['payment_method_id'];
        if (typeof id !== 'string') continue;
        const ord = db!.orders[a.arguments['order_id'] as string];
        const user = ord && db!.users[ord.user_id];
        if (!user) continue;
        if (matchPaymentMethod(user, reason(t), ord) === id) hits++;
        else misses.push(t.id);
      }
    }
    report('matchPaymentMethod', hits, misses, 'write actions');
    expect(hits).toBeGreaterThanOrEqual(19);
  });
});

function sameAddress(got: RetailAddress | undefined, want: RetailAddress): boolean {
  const keys: (keyof RetailAddress)[] = ['address1', 'address2', 'city', 'state', 'country', 'zip'];
  return !!got && keys.every((k) => got[k] === want[k]);
}

describe('matchNewItems: the cheapest and the most expensive', () => {
  const lamp: RetailProduct = {
    name: 'Desk Lamp',
    product_id: 'p1',
    variants: {
      a: { item_id: 'a', options: { color: 'white', power: 'USB' }, available: true, price: 50 },
      b: { item_id: 'b', options: { color: 'black', power: 'USB' }, available: true, price: 40 },
      c: { item_id: 'c', options: { color: 'black', power: 'AC' }, available: true, price: 70 },
      d: { item_id: 'd', options: { color: 'white', power: 'AC' }, available: false, price: 20 },
    },
  };
  const order = { order_id: '#W1', user_id: 'u', address: { address1: '', address2: '', city: '', state: '', country: '', zip: '' }, items: [{ name: 'Desk Lamp', product_id: 'p1', item_id: 'a', price: 50, options: { color: 'white', power: 'USB' } }], status: 'pending', fulfillments: [], payment_history: [] };
  const product = (id: string) => (id === 'p1' ? lamp : undefined);

  it('picks the cheapest or the most expensive available other variant, within the values named', () => {
    expect(matchNewItems(order, ['a'], 'change the desk lamp to the cheapest one', product)).toMatchObject({ ok: true, newItemIds: ['b'], priceDifference: -10 });
    expect(matchNewItems(order, ['a'], 'the most expensive desk lamp please', product)).toMatchObject({ ok: true, newItemIds: ['c'] });
    expect(matchNewItems(order, ['a'], 'the cheapest AC lamp', product)).toMatchObject({ ok: true, newItemIds: ['c'] });
  });
});
