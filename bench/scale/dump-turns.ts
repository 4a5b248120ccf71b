// Dumps `decide`'s decisions (replies, traces, state) on a big shop as JSON lines, to check that a
// change meant to be faster answers exactly as before: `tsx bench/scale/dump-turns.ts <faq> <skus>
// > out.jsonl`, then diff two dumps. The shop is trained once and cached in the temp folder (as
// profile-turns.ts does). The turns: every case of the shops' test files (turns of a case in one
// conversation, on the case's product page), then questions naming the big shop's products.
// With --raw, each line also has the FAQ search's and the product look-up's own results, unrounded.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decide } from '../../src/core/conversation/decide.js';
import { initialState, type ConversationState } from '../../src/core/conversation/state.js';
import { searchFaq } from '../../src/core/knowledge/faq-search.js';
import { findProductMentions } from '../../src/core/knowledge/product-resolver.js';
import { normalizeText } from '../../src/core/understanding/normalize.js';
import { cachedBigShop, bigShopBundle } from './cached-shop.js';

const TODAY = { year: 2026, month: 11, day: 25, weekday: 3 };
const root = fileURLToPath(new URL('../..', import.meta.url));
const faq = Number(process.argv[2] ?? 2000);
const skus = Number(process.argv[3] ?? 50000);
const raw = process.argv.includes('--raw');
const bundle = await bigShopBundle(root, faq, skus);
const kb = await cachedBigShop(root, faq, skus);

interface Case {
  id?: string;
  page?: string;
  turns?: { user: string }[];
}
const conversations: { id: string; page?: string; texts: string[] }[] = [];
// The held-out shop's cases are never read.
for (const shop of readdirSync(join(root, 'shops')).filter((s) => s !== 'pet-zh').sort()) {
  const dir = join(root, 'shops', shop, 'tests');
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const c = JSON.parse(line) as Case;
      const texts = (c.turns ?? []).map((t) => t.user).filter((t): t is string => typeof t === 'string');
      if (texts.length) conversations.push({ id: `${shop}/${file}/${c.id ?? ''}`, ...(c.page ? { page: c.page } : {}), texts });
    }
  }
}
// Questions naming the big shop's products (every 37th product, by name and category) and its
// categories.
const asks = ['有没有卖{c}的', '有没有{n}', '{n}多少钱', '{n}有货吗', '{c}有什么推荐', '想买{c} 有{n}吗', '{n}是什么材质的'];
bundle.products.forEach((p, i) => {
  if (i % 37 !== 0) return;
  const ask = asks[(i / 37) % asks.length] ?? '';
  conversations.push({ id: `product/${p.id}`, texts: [ask.replace('{c}', p.category).replace('{n}', p.name)] });
});
for (const c of [...new Set(bundle.products.map((p) => p.category))].sort()) {
  conversations.push({ id: `category/${c}`, texts: [`有没有卖${c}的`, `${c}有哪些`, `想买个${c}`] });
}

for (const c of conversations) {
  let state: ConversationState = initialState();
  for (const text of c.texts) {
    const d = decide(state, { text, today: TODAY, ...(c.page ? { pageProductId: c.page } : {}) }, kb);
    const extra = raw ? { faq: searchFaq(kb, text, 20), mentions: findProductMentions(kb, normalizeText(text)) } : {};
    process.stdout.write(JSON.stringify({ id: c.id, text, decision: d, ...extra }) + '\n');
    state = d.state;
  }
}
