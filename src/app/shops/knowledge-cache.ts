// Releases loaded into query-ready knowledge bases, kept per release id. Loading costs seconds
// for the demo shop (the FAQ classifier's training) and more for big ones, so it happens once per
// release per process, through the KnowledgeBuilder port (the server's runs off the event loop).
import { loadKnowledgeBase, type KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import type { Segmenter } from '../../core/understanding/segmenter.js';
import { XiaoerError } from '../errors.js';
import type { KnowledgeBuilder, ReleaseCompiler, Store } from '../ports.js';
import { compileRelease } from '../../core/knowledge/release.js';

/** Compiles releases on the calling thread (tests). */
export function inProcessReleaseCompiler(segmenter: Segmenter): ReleaseCompiler {
  return { compile: async (bundle) => compileRelease(bundle, segmenter) };
}

/** Builds knowledge bases on the calling thread (tests, the CLI's one-shot commands). */
export function inProcessKnowledgeBuilder(segmenter: Segmenter): KnowledgeBuilder {
  return { build: async (release) => loadKnowledgeBase(release, segmenter) };
}

/** Loaded releases by id, at most `capacity` of them (least recently used leaves first). */
export interface KnowledgeCache {
  get(releaseId: string): Promise<KnowledgeBase>;
}

/** Creates the cache over a store; releases load with `builder`. Concurrent first requests share one load. */
export function createKnowledgeCache(store: Store, builder: KnowledgeBuilder, capacity = 8): KnowledgeCache {
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
        return builder.build(release);
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
