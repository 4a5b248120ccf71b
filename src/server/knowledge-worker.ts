// A worker thread's entry: the work that grows with a shop, off the server's event loop. It
// compiles a bundle into a release and trains it into its image (publish), or trains a release
// that has no usable image (one published by an older version), and posts the image back,
// transferred rather than copied. Publish sends the bundle as its stored JSON text and gets the
// release back as JSON text, both transferred: the server's thread never parses or stringifies them.
import { parentPort } from 'node:worker_threads';
import type { ShopBundle } from '../core/catalog/types.js';
import { compileStoredRelease, releaseImage } from '../core/knowledge/knowledge-base.js';
import { compileRelease, type Release } from '../core/knowledge/release.js';
import { defaultSegmenter } from '../adapters/segmenter/jieba-segmenter.js';
import { XiaoerError } from '../app/errors.js';
import { refuseProblems } from '../app/shops/knowledge-cache.js';

/** What the worker is asked to do (one job per worker). */
export type KnowledgeJob = { kind: 'compile'; bundle: ShopBundle } | { kind: 'train'; release: Release } | { kind: 'compile-stored'; bundleJson: Uint8Array; check?: boolean };

/**
 * The job's bundle arrives in slices: the job first with no products or FAQ entries, then messages
 * of products and of FAQ entries (in order), then `end`.
 */
export type JobPart = { kind: 'products'; items: ShopBundle['products'] } | { kind: 'faq'; items: ShopBundle['faq'] } | { kind: 'end' };

let job: Exclude<KnowledgeJob, { kind: 'compile-stored' }> | undefined;
parentPort?.on('message', (message: KnowledgeJob | JobPart) => {
  if (message.kind === 'compile-stored') return void compileStored(message.bundleJson, message.check === true);
  if (message.kind === 'compile' || message.kind === 'train') {
    job = message;
    return;
  }
  if (!job) throw new Error('a part of a job came before the job');
  const bundle = job.kind === 'compile' ? job.bundle : job.release.bundle;
  if (message.kind === 'end') run(job);
  // push(...items) is bounded by the slice size the server sends.
  else if (message.kind === 'products') bundle.products.push(...message.items);
  else bundle.faq.push(...message.items);
});

/** Compiles and trains a bundle given as JSON text; the release goes back as JSON text, with the image, both transferred. */
function compileStored(bundleJson: Uint8Array, check: boolean): void {
  try {
    const stored = compileStoredRelease(bundleJson, defaultSegmenter, check ? refuseProblems : undefined);
    parentPort?.postMessage({ ok: true, stored }, [stored.json.buffer as ArrayBuffer, stored.image.buffer as ArrayBuffer]);
  } catch (err) {
    // The draft's problems go back as they are, to be shown to whoever publishes.
    if (err instanceof XiaoerError) return void parentPort?.postMessage({ ok: false, message: err.message, code: err.code, details: err.details });
    parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
}

function run(job: Exclude<KnowledgeJob, { kind: 'compile-stored' }>): void {
  try {
    const release = job.kind === 'compile' ? compileRelease(job.bundle, defaultSegmenter) : job.release;
    const image = releaseImage(release, defaultSegmenter);
    // The bundle stays with the caller, who sent it: only what was computed goes back.
    const compiled = { id: release.id, dictionary: release.dictionary, productIndex: release.productIndex };
    parentPort?.postMessage({ ok: true, compiled, image }, [image.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
}
