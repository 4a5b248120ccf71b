// A worker thread's entry: builds a release's FAQ model (vectors, postings, the classifier's
// training: what grows with the shop) and posts it back as plain data, off the server's event loop.
import { parentPort } from 'node:worker_threads';
import { buildReleaseFaqModel } from '../core/knowledge/knowledge-base.js';
import { encodedBuffers, encodeFaqModel } from '../core/knowledge/faq-model-codec.js';
import type { Release } from '../core/knowledge/release.js';
import { defaultSegmenter } from '../adapters/segmenter/jieba-segmenter.js';

parentPort?.once('message', (release: Release) => {
  try {
    // Flat arrays, transferred: the answering thread gets them without a copy.
    const code = encodeFaqModel(buildReleaseFaqModel(release, defaultSegmenter));
    parentPort?.postMessage({ ok: true, code }, encodedBuffers(code));
  } catch (err) {
    parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
