// Shoppers' words for products mapped onto the words product names use, applied to names and
// messages alike: 女款 → 女士, 大人 → 成人, 三件装 → 3件装.

const CN_DIGITS: Record<string, string> = { 一: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9', 十: '10' };

// Words shoppers use for who a product is for, mapped to the words product names use.
const NAME_SYNONYMS: readonly [RegExp, string | ((match: string, n: string) => string)][] = [
  [/女款|女式|女生|女性|女装|女的/g, '女士'],
  [/男款|男式|男生|男性|男装|男的/g, '男士'],
  [/大人|成年人/g, '成人'],
  [/小孩|孩子|童款|小朋友/g, '儿童'],
  [/([一二两三四五六七八九十])(?=[件条双只个套片])/g, (d) => CN_DIGITS[d] ?? d],
  // Volumes as names and specs write them: 5升 → 5l, 500毫升 → 500ml (NFKC has lowered L already).
  [/(\d+(?:\.\d+)?)\s*毫升/g, '$1ml'],
  [/(\d+(?:\.\d+)?)\s*升/g, '$1l'],
  // Lengths and capacities as specs write them: 2米 → 2m, 2万毫安 → 20000mah, 5000毫安 → 5000mah.
  [/(\d+(?:\.\d+)?)\s*米(?![\d一二三四五六七八九饭粉线])/g, '$1m'],
  [/([一两二三四五六七八九十]|\d+(?:\.\d+)?)\s*万\s*(?:毫安|mah)/g, (_, n) => `${Math.round(Number(CN_DIGITS[n] ?? n) * 10000)}mah`],
  [/(\d+(?:\.\d+)?)\s*毫安/g, '$1mah'],
];
/** Text in product-name vocabulary: 女款 → 女士, 三件装 → 3件装. */
export function toNameVocabulary(normalized: string): string {
  let s = normalized;
  // (String.replace takes a string or a function by separate overloads, not their union.)
  for (const [re, to] of NAME_SYNONYMS) s = typeof to === 'string' ? s.replace(re, to) : s.replace(re, to);
  return s;
}

