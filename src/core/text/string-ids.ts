// A read-only string → number look-up for a model's features, numbered 0…n−1 in order. A loaded
// release keeps tens of thousands of feature names per model (17,750 in the demo shop's intent
// classifier); a Map of them costs ~50 bytes an entry in its hash table, this ~12 (the key array
// and an Int32Array of slots, open addressing), and answers the same.

/** Keys numbered in order (id = position); a Map<string, number> is one too. */
export interface StringIds {
  /** The key's id, undefined when it is not a key. */
  get(key: string): number | undefined;
  /** How many keys. */
  readonly size: number;
  /** The keys in id order. */
  keys(): IterableIterator<string>;
}

/** FNV-1a over the UTF-16 code units, then mixed so the low bits depend on every unit. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h;
}

/** The ids of `keys` (key i is id i). Throws when a key repeats: a model's features are distinct. */
export function stringIds(keys: readonly string[]): StringIds {
  const steps = stringIdsSteps(keys);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Keys hashed per step of `stringIdsSteps`. */
const KEYS_PER_STEP = 20_000;

/** `stringIds` in steps of 20,000 keys, for a release loading a turn of the loop at a time. */
export function* stringIdsSteps(keys: readonly string[]): Generator<void, StringIds> {
  let capacity = 8;
  // At most two thirds full: a look-up then probes about two slots.
  while (capacity * 2 < keys.length * 3) capacity *= 2;
  const mask = capacity - 1;
  // id + 1 per slot; 0 is empty.
  const slots = new Int32Array(capacity);
  const get = (key: string): number | undefined => {
    for (let s = hashOf(key) & mask; ; s = (s + 1) & mask) {
      const at = slots[s] as number;
      if (at === 0) return undefined;
      if (keys[at - 1] === key) return at - 1;
    }
  };
  for (let id = 0; id < keys.length; id++) {
    if (id % KEYS_PER_STEP === KEYS_PER_STEP - 1) yield;
    const key = keys[id] as string;
    let s = hashOf(key) & mask;
    for (; slots[s] !== 0; s = (s + 1) & mask) if (keys[(slots[s] as number) - 1] === key) throw new Error(`a feature is listed twice: ${JSON.stringify(key)}`);
    slots[s] = id + 1;
  }
  return { get, size: keys.length, keys: () => keys.values() };
}
