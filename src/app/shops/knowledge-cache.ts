// Releases loaded into query-ready knowledge bases, kept per release id. A release is trained once,
// at publish, into its image; a node loads the stored image and never retrains, through the
// KnowledgeBuilder port (the server's works off the event loop). A release without a usable image
// (published by an older version, or damaged) is trained here once, and its image stored.
import { compileStoredRelease, knowledgeBaseFromImage, releaseImage, runSteps, type KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import { ReleaseImageError } from '../../core/knowledge/release-image.js';
import type { Segmenter } from '../../core/understanding/segmenter.js';
import { XiaoerError } from '../errors.js';
import type { Clock, KnowledgeBuilder, ReleaseCompiler, Store } from '../ports.js';
import { compileRelease } from '../../core/knowledge/release.js';
import type { ShopBundle } from '../../core/catalog/types.js';
import { bundleProblems } from './check-bundle.js';

/** Compiles and trains releases on the calling thread (tests). */
/** Throws XIAOER_DRAFT_INVALID with every problem of a bundle that spans its items (check-bundle.ts). */
export function refuseProblems(bundle: ShopBundle): void {
  const problems = bundleProblems(bundle);
  if (problems.length) throw new XiaoerError('XIAOER_DRAFT_INVALID', `the draft cannot be published: ${problems.length} problem(s)`, problems);
}

export function inProcessReleaseCompiler(segmenter: Segmenter): ReleaseCompiler {
  return {
    compile: async (bundle) => {
      const release = compileRelease(bundle, segmenter);
      return { release, image: releaseImage(release, segmenter) };
    },
    compileStored: async (bundleJson, options) => compileStoredRelease(bundleJson, segmenter, options?.check ? refuseProblems : undefined),
  };
}

/** Loads and trains on the calling thread (tests, the CLI's one-shot commands). */
export function inProcessKnowledgeBuilder(segmenter: Segmenter): KnowledgeBuilder {
  return {
    load: async (image, releaseId) => runSteps(knowledgeBaseFromImage(image, releaseId, segmenter)),
    train: async (release) => {
      const image = releaseImage(release, segmenter);
      return { knowledge: runSteps(knowledgeBaseFromImage(image, release.id, segmenter)), image };
    },
  };
}

/** Loaded releases by id, at most `capacity` of them (least recently used leaves first). */
export interface KnowledgeCache {
  get(releaseId: string): Promise<KnowledgeBase>;
}

/** Where the cache reports what an operator should know: a refused image, a release trained on load. */
export type KnowledgeLog = (event: 'release.image_rejected' | 'release.trained_on_load' | 'release.image_not_stored', fields: { releaseId: string; reason?: string }) => void;

/** Options of the cache: the clock stamping images it stores, how many releases it keeps, its log. */
export interface KnowledgeCacheOptions {
  clock: Clock;
  capacity?: number;
  log?: KnowledgeLog;
}

/** Creates the cache over a store; releases load with `builder`. Concurrent first requests share one load. */
export function createKnowledgeCache(store: Store, builder: KnowledgeBuilder, options: KnowledgeCacheOptions): KnowledgeCache {
  const capacity = options.capacity ?? 8;
  const log: KnowledgeLog = options.log ?? (() => {});
  const entries = new Map<string, Promise<KnowledgeBase>>();

  async function load(releaseId: string): Promise<KnowledgeBase> {
    const image = await store.releases.getImage(releaseId);
    if (image) {
      try {
        return await builder.load(image, releaseId);
      } catch (err) {
        if (!(err instanceof ReleaseImageError) && !(err instanceof Error && err.name === 'ReleaseImageError')) throw err;
        log('release.image_rejected', { releaseId, reason: err.message });
      }
    }
    const release = await store.releases.get(releaseId);
    if (!release) throw new XiaoerError('XIAOER_RELEASE_NOT_FOUND', `release ${releaseId} does not exist`);
    log('release.trained_on_load', { releaseId, reason: image ? 'its image was rejected' : 'it has no stored image' });
    const trained = await builder.train(release);
    // Stored so the next node (or restart) loads it; a failure here costs only that.
    try {
      await store.releases.putImage(releaseId, trained.image, options.clock.now());
    } catch (err) {
      log('release.image_not_stored', { releaseId, reason: err instanceof Error ? err.message : String(err) });
    }
    return trained.knowledge;
  }

  return {
    get(releaseId) {
      const hit = entries.get(releaseId);
      if (hit) {
        entries.delete(releaseId);
        entries.set(releaseId, hit);
        return hit;
      }
      const loading = load(releaseId);
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
