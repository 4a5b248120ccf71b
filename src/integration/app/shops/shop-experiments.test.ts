// shop.yaml experiments as a shop writes them: imported with its flows, checked against them, and
// read by templates as experiment.<id>; mistakes are reported at their place.
import { describe, expect, it } from 'vitest';
import { readBundleDir } from '../../../adapters/bundle/read-bundle-dir.js';
import { SHOP_YAML, writeBundle } from '../../../testing/bundle-files.js';

const PRODUCTS_CSV = `product_id,title,category,sku,spec,price,stock
P01,雪肌保湿面霜,面霜,P01-50,50ml,199,20
`;

const SALES = `id: sales
name: { zh: 导购 }
triggers:
  - keywords: [推荐]
steps:
  - { id: pitch, say: pitch }
templates:
  pitch:
    - when: { var: experiment.pitch_script, equals: B }
      text: 今天下单送小样！
    - text: 这款卖得最好～
`;

const read = (shopYaml: string, sales = SALES) => writeBundle({ 'shop.yaml': SHOP_YAML + shopYaml, 'products.csv': PRODUCTS_CSV, 'sops/sales.yaml': sales }).then((dir) => readBundleDir(dir));

describe('shop experiments', () => {
  it('imports script arms and a holdout that name the shop’s flows', async () => {
    const r = await read(`experiments:
  - { id: pitch_script, flow: sales, step: pitch, arms: [{ id: A, share: 50 }, { id: B, share: 50 }] }
  - { id: sales_lift, flow: sales, holdout: 10 }
`);
    expect(r.ok ? r.bundle.shop.experiments?.map((e) => e.id) : r.errors).toEqual(['pitch_script', 'sales_lift']);
  });

  it('reports an unknown flow or step, a single arm, and a template reading an experiment that does not exist', async () => {
    const r = await read(`experiments:
  - { id: pitch_script, flow: salez, arms: [{ id: A, share: 50 }, { id: B, share: 50 }] }
  - { id: other, flow: sales, step: nope, arms: [{ id: A, share: 50 }, { id: B, share: 50 }] }
`);
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors.join('\n');
    expect(errors).toContain('experiments.0.flow: no flow "salez" in sops/');
    expect(errors).toContain('experiments.1.step: flow "sales" has no step "nope"');
    const single = await read(`experiments:\n  - { id: pitch_script, flow: sales, arms: [{ id: A, share: 100 }] }\n`);
    expect(single.ok ? '' : single.errors.join('\n')).toContain('an experiment needs at least two arms');
    const unknown = await read('', SALES);
    expect(unknown.ok ? '' : unknown.errors.join('\n')).toContain('"experiment.pitch_script": no experiment "pitch_script" in shop.yaml experiments');
  });
});
