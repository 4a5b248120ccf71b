// What a turn (or a piece of it) leaves reachable from the old generation, that scavenges then
// copy and promote though the turn is over: `node --expose-gc --import tsx bench/scale/survivors.ts
// <faq> <skus>`. After a warm-up, each piece runs 100 times between two pairs of forced minor
// collections; the old generation's growth over them is what those calls left behind (promoted
// objects, and maps or strings made in the old generation), per call.
import { getHeapSpaceStatistics } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { decide } from '../../src/core/conversation/decide.js';
import { initialState } from '../../src/core/conversation/state.js';
import { searchFaq } from '../../src/core/knowledge/faq-search.js';
import { findProductMentions } from '../../src/core/knowledge/product-resolver.js';
import { normalizeText } from '../../src/core/understanding/normalize.js';
import { demoQuestions } from './turns.js';
import { cachedBigShop } from './cached-shop.js';

const gc = (globalThis as { gc?: (o?: { type: 'minor' | 'major' }) => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const TODAY = { year: 2026, month: 11, day: 25, weekday: 3 };
const CALLS = 100;
const root = fileURLToPath(new URL('../..', import.meta.url));
const kb = await cachedBigShop(root, Number(process.argv[2] ?? 10000), Number(process.argv[3] ?? 50000));
const questions = demoQuestions(root);
const pieces: Record<string, (q: string) => unknown> = {
  decide: (q) => decide(initialState(), { text: q, today: TODAY }, kb),
  understand: (q) => kb.understander.understand(q, TODAY),
  searchFaq: (q) => searchFaq(kb, q),
  findProductMentions: (q) => findProductMentions(kb, normalizeText(q)),
  'tokenizer.terms': (q) => kb.tokenizer.terms(normalizeText(q)),
  // a document boost of 0, as catalog search gives the products it cannot list: no results built
  'productIndex.search': (q) => kb.productIndex.search(normalizeText(q), { combineWith: 'OR', boost: { name: 3, aliases: 2, category: 1.5 }, boostDocument: () => 0 }),
};
const oldUsed = () => getHeapSpaceStatistics().filter((s) => s.space_name !== 'new_space' && s.space_name !== 'new_large_object_space').reduce((n, s) => n + s.space_used_size, 0);
for (let i = 0; i < 2 * questions.length; i++) pieces['decide']?.(questions[i % questions.length] ?? '');
for (const [name, fn] of Object.entries(pieces)) {
  for (let i = 0; i < questions.length; i++) fn(questions[i] ?? '');
  const left: number[] = [];
  for (let round = 0; round < 3; round++) {
    gc({ type: 'minor' });
    gc({ type: 'minor' });
    const before = oldUsed();
    for (let i = 0; i < CALLS; i++) fn(questions[(i * 7 + round * 31) % questions.length] ?? '');
    gc({ type: 'minor' });
    gc({ type: 'minor' });
    left.push((oldUsed() - before) / CALLS);
  }
  console.log(`${name.padEnd(20)} ${left.map((b) => `${(b / 1000).toFixed(2)} kB`).join('  ')} a call left to the old generation`);
}
