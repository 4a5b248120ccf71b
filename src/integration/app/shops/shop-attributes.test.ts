// A beauty shop declares its attributes in shop.yaml and states them as products.csv columns:
// imported, published and asked about, the answers quote the shop's names and values by kind.
import { afterAll, describe, expect, it } from 'vitest';
import { readBundleDir } from '../../../adapters/bundle/read-bundle-dir.js';
import { handleInboundMessage } from '../../../app/conversations/handle-inbound-message.js';
import { startConversation } from '../../../app/conversations/start-conversation.js';
import { parseEvalCases } from '../../../app/evaluation/eval-case.js';
import { runEval } from '../../../app/evaluation/run-eval.js';
import { appHarness } from '../../../testing/app-harness.js';
import { SHOP_YAML, writeBundle } from '../../../testing/bundle-files.js';

const ATTRIBUTES = `template: beauty
attributes:
  - name: 孕妇可用
    aliases: [孕期可用]
    questions: [怀孕了, 孕妈]
    kind: scale
    levels:
      yes: [可以, 可用, 适用, 是]
      caution: [慎用, 建议咨询医生, 少量]
      no: [禁用, 不可以, 否, 不适用]
  - name: 净含量
    kind: number
    unit: ml
`;

const PRODUCTS_CSV = `product_id,title,category,sku,spec,price,stock,孕妇可用,净含量,保质期
P01,雪肌保湿面霜,面霜,P01-50,50ml,199,20,慎用,50,3年
AF02,焕颜精华液,精华,AF02-30,30ml,299,10,禁用,30,2年
C03,温和洁面乳,洁面,C03-100,100ml,89,5,建议咨询医生,100,3年
`;

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

async function shop() {
  const read = await readBundleDir(await writeBundle({ 'shop.yaml': SHOP_YAML + ATTRIBUTES, 'products.csv': PRODUCTS_CSV }));
  if (!read.ok) throw new Error(read.errors.join('\n'));
  const h = await appHarness({ bundle: read.bundle });
  closers.push(() => h.store.close());
  const ask = async (text: string, page?: string) => {
    const c = await startConversation(h.deps, { shopId: h.shopId, ...(page ? { pageProductId: page } : {}) });
    const r = await handleInboundMessage(h.deps, { conversationId: c.id, text, clientMessageId: 'm1' });
    return { text: r.replies.map((x) => x.text).join('\n'), trace: r.replies[0]?.trace };
  };
  return { h, ask, bundle: read.bundle };
}

describe('declared attributes, imported and answered', () => {
  it('reads the declarations from shop.yaml', async () => {
    const { bundle } = await shop();
    expect(bundle.shop.template).toBe('beauty');
    expect(bundle.shop.attributes?.[0]).toMatchObject({ name: '孕妇可用', aliases: ['孕期可用'], kind: 'scale', levels: { caution: ['慎用', '建议咨询医生', '少量'] } });
    expect(bundle.shop.attributes?.[1]).toEqual({ name: '净含量', aliases: [], questions: [], kind: 'number', unit: 'ml' });
  });

  it("answers a pregnancy question with the shop's own level word, never a yes for 禁用 or 慎用", async () => {
    const { ask } = await shop();
    const forbidden = await ask('孕妇能用吗', 'AF02');
    expect(forbidden.text).toContain('焕颜精华液的孕妇可用：禁用');
    expect(forbidden.text).toMatch(/^不可以/);
    expect(forbidden.trace).toMatchObject({ source: 'product', productId: 'AF02', fields: ['facts.孕妇可用'] });
    const caution = await ask('我怀孕了 这个面霜能擦吗', 'P01');
    expect(caution.text).toContain('孕妇可用：慎用');
    expect(caution.text).not.toMatch(/可以的|^是的/);
    const doctor = await ask('孕妈可以用这款洁面吗', 'C03');
    expect(doctor.text).toContain('孕妇可用：建议咨询医生');
  });

  it('adds the declared unit to a bare number and compares two products', async () => {
    const { ask } = await shop();
    expect((await ask('净含量多少', 'P01')).text).toContain('净含量：50ml');
    const compared = await ask('雪肌保湿面霜和温和洁面乳哪个净含量大');
    expect(compared.text).toContain('温和洁面乳：100ml');
    expect(compared.text).toContain('温和洁面乳的净含量更大');
  });

  it('matches product ids without case at the edges: the page, and eval cases', async () => {
    const { h, ask } = await shop();
    const lower = await ask('孕妇能用吗', 'af02');
    expect(lower.trace).toMatchObject({ productId: 'AF02' });
    const cases = parseEvalCases(JSON.stringify({ id: 'lower', page: 'p01', turns: [{ user: '孕妇能用吗', expect: { product: 'p01', answer_contains: ['慎用'] } }] }), 'cases.jsonl');
    if (!cases.ok) throw new Error(cases.errors.join('\n'));
    const report = await runEval(h.deps, h.shopId, cases.cases);
    expect(report.metrics['cases_passed']).toBe(1);
  });
});

describe('declared attributes, refused with their place', () => {
  const errorsOf = async (files: Record<string, string>) => {
    const r = await readBundleDir(await writeBundle({ 'products.csv': PRODUCTS_CSV, ...files }));
    return r.ok ? [] : r.errors;
  };

  it('refuses an unknown kind, a setting of another kind and a word in two levels', async () => {
    const errors = await errorsOf({
      'shop.yaml': SHOP_YAML + 'attributes:\n  - name: 孕妇可用\n    kind: yesno\n  - name: 净含量\n    kind: scale\n    unit: ml\n  - name: 保质期\n    kind: scale\n    levels: { yes: [可以], no: [可以] }\n',
    });
    expect(errors).toEqual([
      'shop.yaml:8: attributes.0.kind: expected text, number, scale or list',
      'shop.yaml:11: attributes.1.unit: unit is a setting of kind: number (this attribute is kind: scale)',
      expect.stringMatching(/^shop\.yaml:1[34]: attributes\.2\.levels\.no\.0: "可以" is also a yes word/),
    ]);
  });

  it('refuses a declared attribute no product states, and a name declared twice', async () => {
    expect(await errorsOf({ 'shop.yaml': SHOP_YAML + 'attributes:\n  - name: 孕期适用\n' })).toEqual([
      expect.stringMatching(/^shop\.yaml:7: attributes\.0\.name: no product states "孕期适用" .*the products state: 孕妇可用, 净含量, 保质期/),
    ]);
    expect(await errorsOf({ 'shop.yaml': SHOP_YAML + 'attributes:\n  - name: 孕妇可用\n  - name: 保质期\n    aliases: [孕妇可用]\n' })).toEqual([
      expect.stringMatching(/^shop\.yaml:\d+: attributes\.1\.aliases\.0: "孕妇可用" already names attributes\.0/),
    ]);
  });

  it('refuses an unknown template', async () => {
    expect(await errorsOf({ 'shop.yaml': SHOP_YAML + 'template: toys\n' })).toEqual([expect.stringMatching(/^shop\.yaml:6: template: expected one of apparel, beauty, food, electronics/)]);
  });

  it('refuses two product ids that differ only in case', async () => {
    const errors = await errorsOf({ 'products.csv': PRODUCTS_CSV + 'p01,小样面霜,面霜,P01-5,5ml,19,100,慎用,5,3年\n' });
    expect(errors).toEqual([expect.stringMatching(/product id "p01" is already used in .* as "P01" \(ids are matched without regard to case\)/)]);
  });
});
