// Checks that the shared jieba engine cuts exactly as a native jieba instance with the shop's
// words loaded, on every text of the given shop bundles (FAQ, catalog, test cases) and their
// character-level variations. Usage: tsx scripts/check-shared-jieba.ts shops/demo-zh …
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readBundleDir } from '../src/adapters/bundle/read-bundle-dir.js';
import { jiebaSegmenter, nativeJiebaSegmenter, defaultSegmenter } from '../src/adapters/segmenter/jieba-segmenter.js';
import { compileRelease } from '../src/core/knowledge/release.js';
import { normalizeText } from '../src/core/understanding/normalize.js';

if (!jiebaSegmenter || !nativeJiebaSegmenter) throw new Error('jieba is not available here');
let texts = 0;
let differences = 0;
for (const dir of process.argv.slice(2)) {
  const read = await readBundleDir(dir);
  if (!read.ok) throw new Error(read.errors.join('\n'));
  const b = read.bundle;
  const dictionary = compileRelease(b, defaultSegmenter).dictionary;
  const shared = jiebaSegmenter.withDictionary(dictionary);
  const native = nativeJiebaSegmenter.withDictionary(dictionary);
  const all = new Set<string>();
  for (const e of b.faq) [e.question, ...e.similar, e.answer].forEach((t) => all.add(t));
  for (const p of b.products) {
    all.add(p.name);
    all.add(JSON.stringify(p));
  }
  let testFiles: string[] = [];
  try {
    testFiles = readdirSync(join(dir, 'tests')).filter((f) => f.endsWith('.jsonl') || f.endsWith('.yaml'));
  } catch {}
  for (const f of testFiles) for (const line of readFileSync(join(dir, 'tests', f), 'utf8').split('\n')) all.add(line);
  // Windows of the texts run together (seeded), with odd characters mixed in.
  const joined = [...all].filter((t) => typeof t === 'string').join('');
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const odd = ['😀', '𠀀', '\r\n', ' ', 'A+B', '3.5%', '#', '～', '。'];
  for (let k = 0; k < 3000; k++) {
    const at = Math.floor(rnd() * joined.length);
    let w = joined.slice(at, at + 1 + Math.floor(rnd() * 40));
    if (k % 3 === 0) w = w.slice(0, w.length >> 1) + odd[k % odd.length] + w.slice(w.length >> 1);
    all.add(w.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  }
  for (const raw of all) {
    if (typeof raw !== 'string') continue;
    const t = normalizeText(raw);
    for (const [a, c] of [
      [shared.cut(t), native.cut(t)],
      [shared.cutForSearch(t), native.cutForSearch(t)],
    ] as const) {
      texts++;
      if (JSON.stringify(a) !== JSON.stringify(c)) {
        differences++;
        if (differences <= 10) console.log(`${dir}: ${t}\n  shared ${a.join('/')}\n  native ${c.join('/')}`);
      }
    }
  }
}
console.log(`${texts} cuts compared, ${differences} different`);
if (differences > 0) process.exitCode = 1;
