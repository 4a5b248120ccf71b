// Shops of categories nobody tuned the product model on, set up as shops keep their data: a
// products.csv (one row per SKU, attribute columns of their own naming), a one-phrasing faq.csv
// and a short shop.yaml. Their cases were written by helpers before any tuning
// (shops/*/README.md). kitchen-zh, beauty-zh, snack-zh, baby-zh, digital-zh and home-zh (the last
// five scored once untuned: 0.66, 0.55, 0.57, 0.58 and 0.50), tea-zh (0.60 untuned), jewelry-zh
// (0.68 untuned) and, from the fifth session, outdoor-zh (0.44 untuned, held out for four
// sessions) are the shops tuned on; pet-zh, car-zh (0.71 untuned), fitness-zh (0.75 untuned),
// luggage-zh and stationery-zh (0.64 and 0.69 untuned, written in the fifth session) are held out: nobody reads their
// failures while tuning, so their scores say how a new shop fares. The floors are the levels
// measured on 2026-12-08 (fifth session) rounded down (issue 19 aims at 0.85 of cases); raise
// them as changes earn it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundleDir } from '../src/adapters/bundle/read-bundle-dir.js';
import { parseEvalCases } from '../src/app/evaluation/eval-case.js';
import { runEval, type EvalReport } from '../src/app/evaluation/run-eval.js';
import { handleInboundMessage } from '../src/app/conversations/handle-inbound-message.js';
import { startConversation } from '../src/app/conversations/start-conversation.js';
import { appHarness } from '../src/testing/app-harness.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

async function harness(shop: string) {
  const dir = fileURLToPath(new URL(`./${shop}/`, import.meta.url));
  const read = await readBundleDir(dir);
  if (!read.ok) throw new Error(read.errors.join('\n'));
  const h = await appHarness({ bundle: read.bundle });
  closers.push(() => h.store.close());
  return { ...h, dir, bundle: read.bundle };
}

async function evaluate(shop: string): Promise<EvalReport> {
  const h = await harness(shop);
  const parsed = parseEvalCases(await readFile(`${h.dir}/tests/cases.jsonl`, 'utf8'), 'cases.jsonl');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return runEval(h.deps, h.shopId, parsed.cases);
}

describe('a shop set up from its spreadsheets', () => {
  it('keeps ids as written, states attributes under their own names and answers them from the data', async () => {
    const h = await harness('kitchen-zh');
    const fryer = h.bundle.products.find((p) => p.id === 'AF501');
    expect(fryer?.facts?.['额定功率']).toBe('1500W');
    expect(h.bundle.products.some((p) => p.id === 'rc30')).toBe(true);
    expect(h.bundle.faq.every((e) => e.similar.length === 0)).toBe(true);
    const c = await startConversation(h.deps, { shopId: h.shopId, pageProductId: 'AF501' });
    const r = await handleInboundMessage(h.deps, { conversationId: c.id, text: '这款多少瓦的', clientMessageId: 'm1' });
    expect(r.replies[0]?.text).toContain('额定功率：1500W');
    expect(r.replies[0]?.trace).toMatchObject({ source: 'product', productId: 'AF501', fields: ['facts.额定功率'] });
    // An attribute the product does not state is said to be unstated, never guessed.
    const q = await handleInboundMessage(h.deps, { conversationId: c.id, text: '这款电池容量多少', clientMessageId: 'm2' });
    expect(q.replies[0]?.text).toContain('暂未标注电池容量');
  });
});

/** Each shop, what it sells and how it was scored, and its floor: the share of its cases it must pass. */
const FLOORS: readonly { shop: string; about: string; floor: number }[] = [
  { shop: 'kitchen-zh', about: 'small kitchen appliances, tuned on', floor: 0.98 },
  { shop: 'beauty-zh', about: 'skincare, tuned on after its first score of 0.66', floor: 0.93 },
  { shop: 'snack-zh', about: 'snacks, tuned on after its first score of 0.55', floor: 0.94 },
  { shop: 'baby-zh', about: 'mother and baby, tuned on after its first score of 0.57', floor: 0.86 },
  { shop: 'digital-zh', about: 'phone accessories, tuned on after its first score of 0.58', floor: 0.93 },
  { shop: 'home-zh', about: 'home textiles, tuned on after its first score of 0.50', floor: 0.78 },
  { shop: 'pet-zh', about: 'pet supplies, held out (first score 0.41)', floor: 0.77 },
  { shop: 'outdoor-zh', about: 'sports and outdoor, held out for four sessions (first score 0.44, 0.53 when first tuned on in the fifth)', floor: 0.72 },
  { shop: 'car-zh', about: 'car accessories, held out (first score 0.71, 0.68 with the code before it was written)', floor: 0.76 },
  { shop: 'tea-zh', about: 'tea and teaware, tuned on after its first score of 0.60', floor: 0.82 },
  { shop: 'jewelry-zh', about: 'jewellery, tuned on after its first score of 0.68', floor: 0.81 },
  { shop: 'fitness-zh', about: 'home fitness, held out (first score 0.75)', floor: 0.78 },
  { shop: 'luggage-zh', about: 'luggage and bags, held out, written in the fifth session (first score 0.64)', floor: 0.64 },
  { shop: 'stationery-zh', about: 'stationery, held out, written in the fifth session (first score 0.69)', floor: 0.69 },
];

for (const { shop, about, floor } of FLOORS) {
  describe(`${shop} (${about})`, () => {
    it(`passes at least ${Math.round(floor * 100)}% of its cases`, async () => {
      const report = await evaluate(shop);
      expect(report.cases).toBeGreaterThanOrEqual(70);
      expect(report.metrics['cases_passed']).toBeGreaterThanOrEqual(floor);
    }, 120_000);
  });
}
