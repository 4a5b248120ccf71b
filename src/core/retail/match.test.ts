import { describe, expect, it } from 'vitest';
import { matchNewItems, matchOrderItems, matchPaymentMethod, matchProducts, parseAddress } from './match.js';
import type { RetailAddress, RetailOrder, RetailOrderItem, RetailProduct, RetailUser } from './types.js';

// ---------------------------------------------------------------------------------------------
// Hand-made data

function product(product_id: string, name: string, variants: [string, Record<string, string>, number, boolean?][]): RetailProduct {
  return {
    product_id,
    name,
    variants: Object.fromEntries(variants.map(([item_id, options, price, available = true]) => [item_id, { item_id, options, price, available }])),
  };
}

const keyboard = product('p-kb', 'Mechanical Keyboard', [
  ['kb-lin-rgb-full', { 'switch type': 'linear', backlight: 'RGB', size: 'full size' }, 150],
  ['kb-cli-rgb-full', { 'switch type': 'clicky', backlight: 'RGB', size: 'full size' }, 160, false],
  ['kb-cli-none-full', { 'switch type': 'clicky', backlight: 'none', size: 'full size' }, 140],
  ['kb-cli-rgb-60', { 'switch type': 'clicky', backlight: 'RGB', size: '60%' }, 130],
  ['kb-tac-white-80', { 'switch type': 'tactile', backlight: 'white', size: '80%' }, 120],
]);
const thermostat = product('p-th', 'Smart Thermostat', [
  ['th-apple-black', { compatibility: 'Apple HomeKit', color: 'black' }, 250],
  ['th-google-black', { compatibility: 'Google Assistant', color: 'black' }, 255.5],
  ['th-alexa-white', { compatibility: 'Amazon Alexa', color: 'white' }, 240],
]);
const shirt = product('p-ts', 'T-Shirt', [
  ['ts-blue-s', { color: 'blue', size: 'S', material: 'cotton' }, 20],
  ['ts-blue-m', { color: 'blue', size: 'M', material: 'cotton' }, 20],
  ['ts-red-s', { color: 'red', size: 'S', material: 'cotton' }, 22],
  ['ts-red-l', { color: 'red', size: 'L', material: 'cotton' }, 22],
  ['ts-purple-s', { color: 'purple', size: 'S', material: 'polyester' }, 25],
]);
const helmet = product('p-hm', 'Cycling Helmet', [
  ['hm-red-s', { size: 'S', color: 'red' }, 90],
  ['hm-blue-s', { size: 'S', color: 'blue' }, 95],
  ['hm-red-m', { size: 'M', color: 'red' }, 91],
]);
const bottle = product('p-wb', 'Water Bottle', [
  ['wb-500-glass', { capacity: '500ml', material: 'glass' }, 30],
  ['wb-1000-glass', { capacity: '1000ml', material: 'glass' }, 35],
  ['wb-750-steel', { capacity: '750ml', material: 'stainless steel' }, 40],
]);
const boots = product('p-bt', 'Hiking Boots', [
  ['bt-10-syn-yes', { size: '10', material: 'synthetic', waterproof: 'yes' }, 200],
  ['bt-8-syn-yes', { size: '8', material: 'synthetic', waterproof: 'yes' }, 200, false],
  ['bt-8-syn-no', { size: '8', material: 'synthetic', waterproof: 'no' }, 180],
  ['bt-8-lea-no', { size: '8', material: 'leather', waterproof: 'no' }, 230],
  ['bt-10-syn-no', { size: '10', material: 'synthetic', waterproof: 'no' }, 185],
]);
const laptop = product('p-lt', 'Laptop', [
  ['lt-13-i5', { 'screen size': '13-inch', processor: 'i5' }, 1000],
  ['lt-17-i7', { 'screen size': '17-inch', processor: 'i7' }, 2000],
  ['lt-13-i7', { 'screen size': '13-inch', processor: 'i7' }, 1500],
]);
const vacuum = product('p-vc', 'Vacuum Cleaner', [['vc-robot', { type: 'robotic' }, 300]]);
const headphones = product('p-hp', 'Headphones', [['hp-over', { type: 'over-ear' }, 200]]);
const kettle = product('p-tk', 'Tea Kettle', [
  ['tk-glass-2-ind', { material: 'glass', capacity: '2 liters', 'stovetop compatibility': 'induction' }, 60],
  ['tk-ceramic-2-gas', { material: 'ceramic', capacity: '2 liters', 'stovetop compatibility': 'gas' }, 65],
  ['tk-glass-15-gas', { material: 'glass', capacity: '1.5 liters', 'stovetop compatibility': 'gas' }, 55],
]);
const catalog = [keyboard, thermostat, shirt, helmet, bottle, boots, laptop, vacuum, headphones, kettle];
const byId = (id: string): RetailProduct | undefined => catalog.find((p) => p.product_id === id);

function itemOf(p: RetailProduct, variantId: string): RetailOrderItem {
  const v = p.variants[variantId]!;
  return { name: p.name, product_id: p.product_id, item_id: v.item_id, price: v.price, options: { ...v.options } };
}
const address: RetailAddress = { address1: '1 A St', address2: '', city: 'Austin', state: 'TX', country: 'USA', zip: '78701' };
function order(...items: RetailOrderItem[]): RetailOrder {
  return {
    order_id: '#W1',
    user_id: 'u1',
    address,
    items,
    status: 'delivered',
    fulfillments: [],
    payment_history: [{ transaction_type: 'payment', amount: 1, payment_method_id: 'paypal_1' }],
  };
}

describe('matchOrderItems', () => {
  const o = order(itemOf(keyboard, 'kb-lin-rgb-full'), itemOf(vacuum, 'vc-robot'), itemOf(headphones, 'hp-over'), itemOf(shirt, 'ts-blue-s'), itemOf(bottle, 'wb-500-glass'));
  const ids = (text: string, ord = o): string[] => matchOrderItems(ord, text).itemIds;

  it('names items by product name words, in the order item order', () => {
    expect(ids('I want to return the cleaner and the headphone')).toEqual(['vc-robot', 'hp-over']);
    expect(ids('the Mechanical Keyboard please')).toEqual(['kb-lin-rgb-full']);
    expect(matchOrderItems(o, 'my water bottles').names).toEqual(['Water Bottle']);
  });
  it('knows the spellings of t-shirt', () => {
    for (const text of ['the t-shirt', 'my tshirt', 'the T shirts', 'that tee']) expect(ids(text)).toEqual(['ts-blue-s']);
  });
  it('names items by item id or product id', () => {
    expect(ids('item 4242 please')).toEqual([]);
    const numeric = order({ ...itemOf(vacuum, 'vc-robot'), item_id: '1234567890', product_id: '9999999999' }, itemOf(bottle, 'wb-500-glass'));
    expect(ids('item 1234567890 please', numeric)).toEqual(['1234567890']);
    expect(ids('product 9999999999', numeric)).toEqual(['1234567890']);
  });
  it('names an item by an option value only it has', () => {
    expect(ids('the blue one')).toEqual(['ts-blue-s']);
    expect(ids('the robotic one')).toEqual(['vc-robot']);
    expect(ids('the green one')).toEqual([]);
  });
  it('takes all items, or all but the excluded', () => {
    expect(ids('return everything')).toHaveLength(5);
    expect(ids('all items please')).toHaveLength(5);
    expect(ids('everything except the keyboard and the bottle')).toEqual(['vc-robot', 'hp-over', 'ts-blue-s']);
    expect(ids('all but the keyboard, the tee and the bottle')).toEqual(['vc-robot', 'hp-over']);
    expect(ids('keep the bottle, and return the rest')).toEqual(['kb-lin-rgb-full', 'vc-robot', 'hp-over', 'ts-blue-s']);
    // An exclusion ends at the next request verb.
    expect(ids('keep the bottle and the keyboard, and return the tee')).toEqual(['ts-blue-s']);
  });
  it('prefers named items over "all"', () => {
    expect(ids('cancel all pending orders and return the headphones')).toEqual(['hp-over']);
  });
  it('tells two items of one product apart by the nearest value, unless plural', () => {
    const two = order(itemOf(laptop, 'lt-13-i5'), itemOf(bottle, 'wb-500-glass'), itemOf(laptop, 'lt-17-i7'));
    expect(ids('exchange the 17-inch laptop to the 13-inch version', two)).toEqual(['lt-17-i7']);
    expect(ids('return the laptop, the i5 one', two)).toEqual(['lt-13-i5']);
    expect(ids('return both laptops', two)).toEqual(['lt-13-i5', 'lt-17-i7']);
    expect(ids('return the laptop', two)).toEqual(['lt-13-i5', 'lt-17-i7']);
  });
  it('keeps both copies of a repeated item', () => {
    const copies = order(itemOf(kettle, 'tk-glass-2-ind'), itemOf(kettle, 'tk-glass-2-ind'));
    expect(ids('the tea kettles', copies)).toEqual(['tk-glass-2-ind', 'tk-glass-2-ind']);
  });
  it('takes the only item of a one-item order for "the item"', () => {
    expect(ids('change its item color to red', order(itemOf(helmet, 'hm-blue-s')))).toEqual(['hm-blue-s']);
    expect(ids('change its item color to red')).toEqual([]);
  });
  it('is not fooled by object keys', () => {
    expect(ids('constructor toString valueOf')).toEqual([]);
  });
});

describe('matchNewItems', () => {
  const o = order(itemOf(keyboard, 'kb-lin-rgb-full'), itemOf(thermostat, 'th-apple-black'), itemOf(shirt, 'ts-blue-s'), itemOf(helmet, 'hm-blue-s'));
  const run = (itemIds: string[], text: string, ord = o) => matchNewItems(ord, itemIds, text, byId);
  const newIds = (itemIds: string[], text: string, ord = o): string[] | string => {
    const r = run(itemIds, text, ord);
    return r.ok ? r.newItemIds : r.error;
  };

  it('replaces the named values and keeps the rest', () => {
    const r = run(['th-apple-black'], 'one compatible with Google Home instead of Apple HomeKit');
    expect(r).toMatchObject({ ok: true, newItemIds: ['th-google-black'], priceDifference: 5.5 });
    if (r.ok) expect(r.lines[0]).toMatchObject({ itemId: 'th-apple-black', name: 'Smart Thermostat', from: { compatibility: 'Apple HomeKit' }, to: { compatibility: 'Google Assistant' }, oldPrice: 250, newPrice: 255.5 });
  });
  it('reads sizes as letters, words or "size X"', () => {
    expect(newIds(['ts-blue-s'], 'size M please')).toEqual(['ts-blue-m']);
    expect(newIds(['ts-blue-s'], 'a medium one')).toEqual(['ts-blue-m']);
    expect(newIds(['ts-blue-s'], 'I want an M')).toEqual(['ts-blue-m']);
    expect(newIds(['ts-blue-s'], 'the red one in L')).toEqual(['ts-red-l']);
    expect(newIds(['ts-blue-s'], "my user's size")).toBe('no_change_named');
  });
  it('reads units whichever way they are written', () => {
    const ob = order(itemOf(bottle, 'wb-500-glass'));
    expect(newIds(['wb-500-glass'], 'a 1000ml one', ob)).toEqual(['wb-1000-glass']);
    expect(newIds(['wb-500-glass'], 'a 1000 ml one', ob)).toEqual(['wb-1000-glass']);
    expect(newIds(['wb-500-glass'], 'the 750 ml steel one', ob)).toEqual(['wb-750-steel']);
  });
  it('reads the number and unit that start a longer value', () => {
    const disk = product('p-lp', 'Laptop', [
      ['lp-8-256', { ram: '8GB', storage: '256GB SSD' }, 800],
      ['lp-8-512', { ram: '8GB', storage: '512GB SSD' }, 900],
      ['lp-16-512', { ram: '16GB', storage: '512GB SSD' }, 1000],
    ]);
    const ol = order(itemOf(disk, 'lp-8-256'));
    const get = (id: string): RetailProduct | undefined => (id === 'p-lp' ? disk : undefined);
    expect(matchNewItems(ol, ['lp-8-256'], 'the 512GB one', get)).toMatchObject({ ok: true, newItemIds: ['lp-8-512'] });
    expect(matchNewItems(ol, ['lp-8-256'], '16 GB of RAM and 512 GB', get)).toMatchObject({ ok: true, newItemIds: ['lp-16-512'] });
  });
  it('reads "no <option>" and negated yes/no options', () => {
    expect(newIds(['kb-lin-rgb-full'], 'clicky, with no backlight')).toEqual(['kb-cli-none-full']);
    const ob = order(itemOf(boots, 'bt-10-syn-yes'));
    expect(newIds(['bt-10-syn-yes'], 'the same boots but not waterproof', ob)).toEqual(['bt-10-syn-no']);
    expect(newIds(['bt-10-syn-yes'], 'waterproof boots please', ob)).toBe('no_change_named');
  });
  it('takes an explicit item id of the same product', () => {
    const mouse = product('1111111111', 'Gaming Mouse', [
      ['2222222222', { color: 'black' }, 50],
      ['3333333333', { color: 'white' }, 55],
      ['4444444444', { color: 'RGB' }, 60, false],
    ]);
    const om = order(itemOf(mouse, '2222222222'));
    const get = (id: string): RetailProduct | undefined => (id === mouse.product_id ? mouse : undefined);
    const pick = (text: string): string[] | string => {
      const r = matchNewItems(om, ['2222222222'], text, get);
      return r.ok ? r.newItemIds : r.error;
    };
    expect(pick('change item 2222222222 to item 3333333333')).toEqual(['3333333333']);
    expect(pick('change it to 4444444444')).toBe('no_such_variant');
    expect(pick('keep 2222222222')).toBe('no_change_named');
  });
  it('fails when nothing changes', () => {
    expect(newIds(['th-apple-black'], 'I like Apple HomeKit')).toBe('no_change_named');
    expect(newIds(['th-apple-black'], 'one for my kitchen')).toBe('no_change_named');
  });
  it('fails with the available list when no available variant has a named value', () => {
    // "size 12" has the shape of a size though no variant has it.
    const ob = order(itemOf(boots, 'bt-10-syn-yes'));
    const r = run(['bt-10-syn-yes'], 'size 12 please', ob);
    expect(r).toMatchObject({ ok: false, error: 'no_such_variant', itemId: 'bt-10-syn-yes', name: 'Hiking Boots' });
    if (!r.ok) expect(r.available.map((v) => v.item_id)).toEqual(['bt-10-syn-yes', 'bt-8-syn-no', 'bt-8-lea-no', 'bt-10-syn-no']);
    expect(newIds(['wb-500-glass'], 'a 2000ml one', order(itemOf(bottle, 'wb-500-glass')))).toBe('no_such_variant');
    const onlyUnavailable = product('p-x', 'Desk Lamp', [
      ['dl-white', { color: 'white' }, 10],
      ['dl-black', { color: 'black' }, 12, false],
      ['dl-silver', { color: 'silver' }, 11],
    ]);
    const lamp = order(itemOf(onlyUnavailable, 'dl-white'));
    const r2 = matchNewItems(lamp, ['dl-white'], 'a black lamp', (id) => (id === 'p-x' ? onlyUnavailable : undefined));
    expect(r2).toMatchObject({ ok: false, error: 'no_such_variant', itemId: 'dl-white', name: 'Desk Lamp' });
    if (!r2.ok) expect(r2.available.map((v) => v.item_id)).toEqual(['dl-white', 'dl-silver']);
  });
  it('falls back to the variant that keeps most current options, when unique', () => {
    // clicky + RGB + full size is unavailable: clicky/none/full and clicky/RGB/60% each keep one option.
    expect(run(['kb-lin-rgb-full'], 'the same one but with clicky switches')).toMatchObject({ ok: false, error: 'ambiguous' });
    // size 8 + synthetic + waterproof is unavailable: 8/synthetic/no keeps two options, 8/leather/no one.
    expect(newIds(['bt-10-syn-yes'], 'size 8, I do not care about waterproof or not', order(itemOf(boots, 'bt-10-syn-yes')))).toEqual(['bt-8-syn-no']);
  });
  it('tries several values for one option in the order written', () => {
    const ob = order(itemOf(boots, 'bt-10-syn-yes'));
    expect(newIds(['bt-10-syn-yes'], 'size 8 and leather, else synthetic', ob)).toEqual(['bt-8-lea-no']);
    expect(newIds(['ts-blue-s'], 'prefer purple over red')).toEqual(['ts-purple-s']);
    const machine = product('p-em', 'Espresso Machine', [
      ['em-15', { pressure: '15 bar', capacity: '1L' }, 300],
      ['em-9', { pressure: '9 bar', capacity: '1L' }, 250],
    ]);
    const oe = order(itemOf(machine, 'em-15'));
    const r = matchNewItems(oe, ['em-15'], 'lower it to 8 bar; if 8 bar is not possible, 9 bar, else 7 bar', (id) => (id === 'p-em' ? machine : undefined));
    expect(r).toMatchObject({ ok: true, newItemIds: ['em-9'], priceDifference: -50 });
  });
  it('gives each item the values of its own product', () => {
    expect(newIds(['kb-lin-rgb-full', 'th-apple-black'], 'the keyboard with no backlight and clicky switches and the thermostat for Google')).toEqual(['kb-cli-none-full', 'th-google-black']);
  });
  it('gives a value two products share to the item named last before it', () => {
    // "red" is a color of both products: it belongs to the item named just before it.
    expect(newIds(['ts-blue-s', 'hm-blue-s'], 'the helmet in red and the t-shirt in size M')).toEqual(['ts-blue-m', 'hm-red-s']);
    expect(newIds(['ts-blue-s', 'hm-blue-s'], 'the t-shirt in red, the helmet in red and size M')).toEqual(['ts-red-s', 'hm-red-m']);
    expect(newIds(['ts-blue-s', 'hm-blue-s'], 'red for the t-shirt, and for the helmet size M')).toEqual(['ts-red-s', 'hm-red-m']);
  });
  it('leaves a shared value to another named item of the order, even one not changing', () => {
    expect(newIds(['ts-blue-s'], 'the helmet in red and the t-shirt in size M')).toEqual(['ts-blue-m']);
  });
  it('splits the request between copies of one product named once each', () => {
    const copies = order(itemOf(kettle, 'tk-glass-2-ind'), itemOf(kettle, 'tk-glass-2-ind'));
    const text = 'exchange one tea kettle to ceramic for gas stoves, and another tea kettle to 1.5 liters and gas';
    expect(newIds(['tk-glass-2-ind', 'tk-glass-2-ind'], text, copies)).toEqual(['tk-ceramic-2-gas', 'tk-glass-15-gas']);
  });
  it('rejects an item that is not in the order', () => {
    expect(() => run(['nope'], 'red')).toThrow(/not in order/);
  });
});

describe('matchPaymentMethod', () => {
  const user: RetailUser = {
    user_id: 'u1',
    name: { first_name: 'A', last_name: 'B' },
    address,
    email: 'a@b.c',
    orders: ['#W1'],
    payment_methods: {
      paypal_1: { source: 'paypal', id: 'paypal_1' },
      gift_card_2: { source: 'gift_card', id: 'gift_card_2', balance: 50 },
      credit_card_3: { source: 'credit_card', id: 'credit_card_3', brand: 'visa', last_four: '1234' },
      credit_card_4: { source: 'credit_card', id: 'credit_card_4', brand: 'mastercard', last_four: '9876' },
    },
  };
  const o = order();
  it.each([
    ['to the original payment method', 'paypal_1'],
    ['the card I paid with', undefined],
    ['same as before', 'paypal_1'],
    ['the same please', 'paypal_1'],
    ['gift card, same size as before', 'gift_card_2'],
    ['the original one or the gift card', undefined],
    ['my gift card please', 'gift_card_2'],
    ['refund to GC', 'gift_card_2'],
    ['PayPal', 'paypal_1'],
    ['the visa', 'credit_card_3'],
    ['my master card', 'credit_card_4'],
    ['the card ending in 9876', 'credit_card_4'],
    ['credit_card_3 please', 'credit_card_3'],
    ['credit card', undefined],
    ['paypal or gift card', undefined],
    ['no idea', undefined],
  ])('%s → %s', (text, id) => {
    expect(matchPaymentMethod(user, text, o)).toBe(id);
  });
  it('reads "original" only with an order', () => {
    expect(matchPaymentMethod(user, 'the original one')).toBeUndefined();
    const byCard = { ...o, payment_history: [{ transaction_type: 'payment' as const, amount: 1, payment_method_id: 'credit_card_4' }] };
    expect(matchPaymentMethod(user, 'the card I paid with', byCard)).toBe('credit_card_4');
    expect(matchPaymentMethod(user, 'the original card', byCard)).toBe('credit_card_4');
  });
});

describe('parseAddress', () => {
  it.each([
    ['123 Main St, Apt 4, Austin, TX 78701', { address1: '123 Main St', address2: 'Apt 4', city: 'Austin', state: 'TX', zip: '78701' }],
    ['my new address is 1234 Elm St, Springfield, IL, 62701.', { address1: '1234 Elm St', address2: '', city: 'Springfield', state: 'IL', zip: '62701' }],
    ['101 Highway, New York, 10001', { address1: '101 Highway', address2: '', city: 'New York', state: 'NY', zip: '10001' }],
    ['986 Sunset Drive Suite 259 Denver CO 80279', { address1: '986 Sunset Drive', address2: 'Suite 259', city: 'Denver', state: 'CO', zip: '80279' }],
    ['45 Oak Avenue #5, San Diego, California 92101, USA', { address1: '45 Oak Avenue', address2: '#5', city: 'San Diego', state: 'CA', zip: '92101' }],
    ['It took 5 days. Send it to 77 Pine Road, Unit 2B, Fort Worth, TX, USA 76165', { address1: '77 Pine Road', address2: 'Unit 2B', city: 'Fort Worth', state: 'TX', zip: '76165' }],
    ['565 Maple Drive, Suite 501, Washington, DC 20307', { address1: '565 Maple Drive', address2: 'Suite 501', city: 'Washington', state: 'DC', zip: '20307' }],
    ['986 Sunset Drive Suite 259 Denver, CO 80279', { address1: '986 Sunset Drive', address2: 'Suite 259', city: 'Denver', state: 'CO', zip: '80279' }],
    ['123 Main Street Austin Texas 78701', { address1: '123 Main Street', address2: '', city: 'Austin', state: 'TX', zip: '78701' }],
    ['1 Main St, Washington, 20001', { address1: '1 Main St', address2: '', city: 'Washington', state: 'DC', zip: '20001' }],
    ['12 Lake Ln Chicago IL 60612-1234', { address1: '12 Lake Ln', address2: '', city: 'Chicago', state: 'IL', zip: '60612' }],
  ])('%s', (text, want) => {
    expect(parseAddress(text)).toEqual({ ...want, country: 'USA' });
  });
  it('needs a zip and a street', () => {
    expect(parseAddress('Main St, Austin, TX 78701')).toBeUndefined();
    expect(parseAddress('123 Main St, Austin, TX')).toBeUndefined();
    expect(parseAddress('my order #W2702727 please')).toBeUndefined();
  });
});

describe('matchProducts', () => {
  it('names products by name words', () => {
    expect(matchProducts('how many tshirts do you have?', catalog)).toEqual(['p-ts']);
    expect(matchProducts('the laptop and a water bottle', catalog)).toEqual(['p-lt', 'p-wb']);
    expect(matchProducts('a kettle', catalog)).toEqual(['p-tk']);
    expect(matchProducts('a bike helmet', catalog)).toEqual(['p-hm']);
    expect(matchProducts('nothing here', catalog)).toEqual([]);
  });
});
