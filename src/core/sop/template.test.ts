import { describe, expect, it } from 'vitest';
import { fill, parseTemplate } from './template.js';
import { lookup, type FlowVars } from './variables.js';

const vars: FlowVars = { slots: { size: 'L', budget: { max: 200 } }, results: { order: { status_text: '已发货' } }, customer: { name: '林小姐', tags: ['宝妈', '敏感肌'] }, product: {}, shop: { name: '小店' } };

describe('templates', () => {
  it('fills slots, results, customer and shop variables', () => {
    expect(fill('{{customer.name}}，{{ slots.size }}码，{{results.order.status_text}}，预算{{slots.budget}}，{{customer.tags}}', vars)).toBe('林小姐，L码，已发货，预算≤200，宝妈、敏感肌');
  });

  it('refuses placeholders that are not variable paths', () => {
    expect(parseTemplate('{{constructor}}').problems).toEqual(['"{{constructor}}" is not a variable (use slots.x, results.x.y, customer.x, product.x or shop.x)']);
    expect(parseTemplate('{{slots.size + 1}}').problems).toHaveLength(1);
    expect(parseTemplate('{{slots.size').problems).toEqual(['unbalanced "{{" or "}}"']);
  });

  it('never reaches into JavaScript objects at run time', () => {
    expect(lookup(vars, 'slots.constructor')).toBeUndefined();
    expect(lookup(vars, 'slots.__proto__')).toBeUndefined();
    expect(lookup(vars, 'customer.toString')).toBeUndefined();
    expect(fill('{{slots.constructor}}{{shop.hasOwnProperty}}', vars)).toBe('');
  });
});
