// What the knowledge layer works out of a loaded release on first need and keeps as long as the
// release is loaded: kept by the knowledge base itself, so a release let go takes it along.
import type { KnowledgeBase } from './knowledge-base.js';

/** `compute(kb)` once per knowledge base. */
export function perRelease<T>(compute: (kb: KnowledgeBase) => T): (kb: KnowledgeBase) => T {
  const memo = new WeakMap<KnowledgeBase, { value: T }>();
  return (kb) => {
    let kept = memo.get(kb);
    if (!kept) {
      kept = { value: compute(kb) };
      memo.set(kb, kept);
    }
    return kept.value;
  };
}

/** `compute(kb, key)` once per knowledge base and key (an FAQ entry's id, a product's id). */
export function perReleaseKey<T>(compute: (kb: KnowledgeBase, key: string) => T): (kb: KnowledgeBase, key: string) => T {
  const maps = perRelease(() => new Map<string, { value: T }>());
  return (kb, key) => {
    const map = maps(kb);
    let kept = map.get(key);
    if (!kept) {
      kept = { value: compute(kb, key) };
      map.set(key, kept);
    }
    return kept.value;
  };
}
