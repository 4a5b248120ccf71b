// Releases loaded into query-ready knowledge bases, kept per release id. Loading costs ~0.2 s
// (dictionary and indexes), so it happens once per release per process.
import { loadKnowledgeBase, type KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import type { Segmenter } from '../../core/understanding/segmenter.js';
import { XiaoerError } from '../errors.js';
import type { Store } from '../ports.js';

/** Loaded releases by id, at most `capacity` of them (least recently used leaves first). */
export interface KnowledgeCache {
  get(releaseId: string): Promise<KnowledgeBase>;
}

/** Creates the cache over a store; releases load with `segmenter`. Concurrent first requests share one load. */
export function createKnowledgeCache(store: Store, segmenter: Segmenter, capacity = 8): KnowledgeCache {
  const entries = new Map<string, Promise<KnowledgeBase>>();
  return {
    get(releaseId) {
      const hit = entries.get(releaseId);
      if (hit) {
        entries.delete(releaseId);
        entries.set(releaseId, hit);
        return hit;
      }
      const loading = store.getRelease(releaseId).then((release) => {
        if (!release) throw new XiaoerError('XIAOER_RELEASE_NOT_FOUND', `release ${releaseId} does not exist`);
        return loadKnowledgeBase(release, segmenter);
      });
      loading.catch(() => entries.delete(releaseId));
      entries.set(releaseId, loading);
      while (entries.size > capacity) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return loading;
    },
  };
}
