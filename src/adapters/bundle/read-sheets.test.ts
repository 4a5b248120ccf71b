// Spreadsheets as shops export them become catalog and FAQ records, with located problems.
import { describe, expect, it } from 'vitest';
import { faqFromCsv, parseCsv, productsFromCsv } from './read-sheets.js';

const SHEET = [
  'product_id,title,category,sku,spec,price,stock,保质期,孕妇可用,容量',
  'P01,修护面霜,面霜,P01-30,30ml,¥129,12,24个月,慎用,30ml',
  'P01,,,P01-50,50ml,199,0,,,50ml',
  'p02,"防晒霜, SPF50",防晒,P02-A,标准装,89.9,5,,,',
].join('\n');

describe('products.csv', () => {
  it('groups SKU rows by product id as written, keeps every other column as the shop named it', () => {
    const r = productsFromCsv(parseCsv(SHEET));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.data.records).toEqual([
      {
        id: 'P01',
        name: '修护面霜',
        category: '面霜',
        aliases: ['面霜'],
        facts: { 保质期: '24个月', 孕妇可用: '慎用', 容量: '30ml：30ml；50ml：50ml' },
        variants: [
          { sku: 'P01-30', options: { spec: '30ml' }, price: 129, stock: 12 },
          { sku: 'P01-50', options: { spec: '50ml' }, price: 199, stock: 0 },
        ],
      },
      { id: 'p02', name: '防晒霜, SPF50', category: '防晒', aliases: ['防晒'], variants: [{ sku: 'P02-A', options: { spec: '标准装' }, price: 89.9, stock: 5 }] },
    ]);
  });

  it('locates problems as row:column and names a missing column', () => {
    const r = productsFromCsv(parseCsv(SHEET));
    if (!r.ok) throw new Error('expected ok');
    expect(r.data.locate([0, 'variants', 1, 'stock'])).toBe('3:7');
    expect(r.data.locate([1, 'name'])).toBe('4:2');
    expect(r.data.locate([0, 'facts', '保质期'])).toBe('2:8');
    const electric = productsFromCsv(parseCsv('product_id,title,category,sku,price,stock\nK1,暖厨电烤箱32L,电烤箱,K1-A,299,3'));
    expect(electric.ok && electric.data.records[0]?.['aliases']).toEqual(['电烤箱', '烤箱']);
    const missing = productsFromCsv(parseCsv('product_id,title,sku,price\nP1,a,s,1'));
    expect(missing).toEqual({ ok: false, errors: ['products.csv:1:1: missing column "stock" (the header row needs product_id, title, sku, price, stock)'] });
    const noId = productsFromCsv(parseCsv('product_id,title,sku,price,stock\n,a,s,1,2'));
    expect(noId).toEqual({ ok: false, errors: ['products.csv:2:1: product_id is empty'] });
  });
});

describe('row numbers', () => {
  it('count blank rows and multi-line cells as a spreadsheet does', () => {
    const rows = parseCsv('id,question,answer\nF01,几天发货,"48小时内\n发货"\n\nF02,,可以\n\n');
    const r = faqFromCsv(rows);
    if (!r.ok) throw new Error('expected ok');
    expect(r.data.records.map((x) => x['id'])).toEqual(['F01', 'F02']);
    expect(r.data.locate([1, 'question'])).toBe('4:2');
    const p = productsFromCsv(parseCsv('product_id,title,sku,price,stock\n\nP1,a,S1,x,1\n'));
    if (!p.ok) throw new Error('expected ok');
    expect(p.data.locate([0, 'variants', 0, 'price'])).toBe('3:4');
  });
});

describe('faq.csv', () => {
  it('takes one question per row and other phrasings from "similar", split at "|"', () => {
    const r = faqFromCsv(parseCsv('id,question,answer,similar\nF01,几天发货,48小时内发货,能发顺丰吗| 什么快递\nF02,开发票吗,可以开电子发票,'));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.data.records).toEqual([
      { id: 'F01', question: '几天发货', answer: '48小时内发货', similar: ['能发顺丰吗', '什么快递'] },
      { id: 'F02', question: '开发票吗', answer: '可以开电子发票', similar: [] },
    ]);
    expect(r.data.locate([1, 'answer'])).toBe('3:3');
  });
});
