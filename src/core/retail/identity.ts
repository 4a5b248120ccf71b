// A person's first and last name in a message that identifies them ("I'm Yusuf Rossi, zip 19122",
// "Of course! Mei Ahmed, 78705"): the words after "my name is"/"I'm", else the first two
// capitalised words that are not common words, else the two words right before a zip code.

/** Capitalised words that start sentences or name places and things, not people. */
const NOT_NAMES = new Set(
  'i im hi hello hey dear good morning afternoon evening my name names is the a an zip zipcode code postal of course sorry oops yes yeah sure ok okay thanks thank you this it its and in from at please email live living am me mine here there well oh ah hmm also just but so then no not we our order orders usa us street st avenue ave road rd drive dr lane ln suite apt apartment unit'.split(' '),
);
const WORD = "\\p{L}[\\p{L}'’-]*";
const INTRO = new RegExp(`(?:my name is|name's|i am|i'm|im|this is|it's)\\s+(${WORD})\\s+(${WORD})`, 'iu');
const CAPITALISED = new RegExp(`(?<![\\p{L}'’-])(\\p{Lu}[\\p{L}'’-]*)\\s+(\\p{Lu}[\\p{L}'’-]*)`, 'gu');
const BEFORE_ZIP = new RegExp(`(${WORD})\\s+(${WORD})[,\\s]+(?:(?:and\\s+)?(?:my\\s+)?zip(?:\\s*code)?(?:\\s+is)?[:\\s]*)?\\d{5}\\b`, 'iu');

const isName = (w: string | undefined): w is string => w !== undefined && !NOT_NAMES.has(w.toLowerCase().replace(/['’]/g, ''));

/** The first and last name the text gives, or undefined. */
export function parseName(text: string): { first_name: string; last_name: string } | undefined {
  const intro = INTRO.exec(text);
  if (intro && isName(intro[1]) && isName(intro[2])) return { first_name: intro[1], last_name: intro[2] };
  for (const m of text.matchAll(CAPITALISED)) if (isName(m[1]) && isName(m[2])) return { first_name: m[1], last_name: m[2] };
  const before = BEFORE_ZIP.exec(text);
  if (before && isName(before[1]) && isName(before[2])) return { first_name: before[1], last_name: before[2] };
  return undefined;
}
