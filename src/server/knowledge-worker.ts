// A worker thread's entry: builds a release's FAQ model (vectors, postings, the classifier's
// training: what grows with the shop) and posts it back as plain data, off the server's event loop.
import { parentPort } from 'node:worker_threads';
import { buildReleaseFaqModel } from '../core/knowledge/knowledge-base.js';
import type { Release } from '../core/knowledge/release.js';
import { defaultSegmenter } from '../adapters/segmenter/jieba-segmenter.js';

parentPort?.once('message', (release: Release) => {
  try {
    parentPort?.postMessage({ ok: true, data: buildReleaseFaqModel(release, defaultSegmenter) });
  } catch (err) {
    parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
