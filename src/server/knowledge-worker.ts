// A worker thread's entry: the work that grows with a shop, off the server's event loop. It
// compiles a bundle into a release and trains it into its image (publish), or trains a release
// that has no usable image (one published by an older version), and posts the image back,
// transferred rather than copied.
import { parentPort } from 'node:worker_threads';
import type { ShopBundle } from '../core/catalog/types.js';
import { releaseImage } from '../core/knowledge/knowledge-base.js';
import { compileRelease, type Release } from '../core/knowledge/release.js';
import { defaultSegmenter } from '../adapters/segmenter/jieba-segmenter.js';

/** What the worker is asked to do (one job per worker). */
export type KnowledgeJob = { kind: 'compile'; bundle: ShopBundle } | { kind: 'train'; release: Release };

parentPort?.once('message', (job: KnowledgeJob) => {
  try {
    const release = job.kind === 'compile' ? compileRelease(job.bundle, defaultSegmenter) : job.release;
    const image = releaseImage(release, defaultSegmenter);
    // The bundle stays with the caller, who sent it: only what was computed goes back.
    const compiled = { id: release.id, dictionary: release.dictionary, productIndex: release.productIndex };
    parentPort?.postMessage({ ok: true, compiled, image }, [image.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
