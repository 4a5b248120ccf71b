// The server's KnowledgeBuilder: a release's FAQ model is built in a worker thread (one per load,
// ended when it answers), so a big shop loading does not stall every other shop's turns and
// /healthz; the rest of the knowledge base is assembled on the loop from that model.
import { Worker } from 'node:worker_threads';
import { knowledgeBaseSteps } from '../core/knowledge/knowledge-base.js';
import type { FaqModelData } from '../core/knowledge/faq-model.js';
import { decodeFaqModel, type EncodedFaqModel } from '../core/knowledge/faq-model-codec.js';
import type { Release } from '../core/knowledge/release.js';
import type { KnowledgeBuilder } from '../app/ports.js';
import { defaultSegmenter } from '../adapters/segmenter/jieba-segmenter.js';

type WorkerAnswer = { ok: true; code: EncodedFaqModel } | { ok: false; message: string };

/** Runs knowledge-worker over `release`; from source (tests, tsx) the worker loads TypeScript through tsx. */
function buildInWorker(release: Release): Promise<FaqModelData> {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './knowledge-worker.ts' : './knowledge-worker.js', import.meta.url);
  // From source the worker registers tsx's loader first (execArgv --import does not reach it).
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true })
    : new Worker(entry);
  return new Promise<FaqModelData>((resolve, reject) => {
    worker.once('message', (answer: WorkerAnswer) => {
      void worker.terminate();
      if (answer.ok) resolve(decodeFaqModel(answer.code));
      else reject(new Error(`building the FAQ model of ${release.id} failed: ${answer.message}`));
    });
    worker.once('error', (err) => {
      void worker.terminate();
      reject(err);
    });
    worker.once('exit', (code) => reject(new Error(`the knowledge worker of ${release.id} exited (${code}) before answering`)));
    worker.postMessage(release);
  });
}

/** The worker thread uses the default (jieba) segmenter, the one the server compiles releases with. */
export function workerKnowledgeBuilder(): KnowledgeBuilder {
  return {
    async build(release) {
      const faqModel = await buildInWorker(release);
      // The rest runs on the loop, in steps with other work let in between.
      const steps = knowledgeBaseSteps(release, defaultSegmenter, faqModel);
      for (;;) {
        const next = steps.next();
        if (next.done) return next.value;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}
