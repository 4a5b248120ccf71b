// A worker thread's entry: the work that grows with a shop, off the server's event loop. It
// compiles a bundle into a release (the product index), or builds a release's FAQ model (vectors,
// postings, the classifier's training), and posts the result back as strings and typed arrays.
import { parentPort } from 'node:worker_threads';
import type { ShopBundle } from '../core/catalog/types.js';
import { buildReleaseFaqModel } from '../core/knowledge/knowledge-base.js';
import { encodedBuffers, encodeFaqModel } from '../core/knowledge/faq-model-codec.js';
import { compileRelease, type Release } from '../core/knowledge/release.js';
import { defaultSegmenter } from '../adapters/segmenter/jieba-segmenter.js';

/** What the worker is asked to do (one job per worker). */
export type KnowledgeJob = { kind: 'compile'; bundle: ShopBundle } | { kind: 'faq-model'; release: Release };

parentPort?.once('message', (job: KnowledgeJob) => {
  try {
    if (job.kind === 'compile') {
      // The bundle stays with the caller, who sent it: only what was computed goes back.
      const { id, dictionary, productIndex } = compileRelease(job.bundle, defaultSegmenter);
      parentPort?.postMessage({ ok: true, compiled: { id, dictionary, productIndex } });
      return;
    }
    // Flat arrays, transferred: the answering thread gets them without a copy.
    const code = encodeFaqModel(buildReleaseFaqModel(job.release, defaultSegmenter));
    parentPort?.postMessage({ ok: true, code }, encodedBuffers(code));
  } catch (err) {
    parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
