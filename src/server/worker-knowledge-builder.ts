// The server's KnowledgeBuilder and ReleaseCompiler: the work that grows with a shop runs in a
// worker thread (one per job, ended when it answers), so a big shop publishing or loading does not
// stall every other shop's turns and /healthz. A release's FAQ model is built there and the rest of
// the knowledge base assembled on the loop in steps; a bundle is compiled there whole.
import { Worker } from 'node:worker_threads';
import type { ShopBundle } from '../core/catalog/types.js';
import { knowledgeBaseSteps } from '../core/knowledge/knowledge-base.js';
import { decodeFaqModel, type EncodedFaqModel } from '../core/knowledge/faq-model-codec.js';
import type { Release } from '../core/knowledge/release.js';
import type { KnowledgeBuilder, ReleaseCompiler } from '../app/ports.js';
import { defaultSegmenter } from '../adapters/segmenter/jieba-segmenter.js';
import type { KnowledgeJob } from './knowledge-worker.js';

type Compiled = Pick<Release, 'id' | 'dictionary' | 'productIndex'>;
type WorkerAnswer = { ok: true; code?: EncodedFaqModel; compiled?: Compiled } | { ok: false; message: string };

/** Runs knowledge-worker on one job; from source (tests, tsx) the worker loads TypeScript through tsx. */
function runInWorker(job: KnowledgeJob, what: string): Promise<{ code?: EncodedFaqModel; compiled?: Compiled }> {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './knowledge-worker.ts' : './knowledge-worker.js', import.meta.url);
  // From source the worker registers tsx's loader first (execArgv --import does not reach it).
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true })
    : new Worker(entry);
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: WorkerAnswer) => {
      void worker.terminate();
      if (answer.ok) resolve(answer);
      else reject(new Error(`${what} failed: ${answer.message}`));
    });
    worker.once('error', (err) => {
      void worker.terminate();
      reject(err);
    });
    worker.once('exit', (code) => reject(new Error(`the knowledge worker (${what}) exited (${code}) before answering`)));
    worker.postMessage(job);
  });
}

/** The worker thread uses the default (jieba) segmenter, the one the server compiles releases with. */
export function workerKnowledgeBuilder(): KnowledgeBuilder {
  return {
    async build(release) {
      // The FAQ model needs the release's dictionary, FAQ and synonyms, not its catalog: cloning a
      // 50,000-SKU catalog into the worker alone held the loop ~340 ms.
      const faqOnly: Release = { ...release, bundle: { ...release.bundle, products: [] }, productIndex: '' };
      const { code } = await runInWorker({ kind: 'faq-model', release: faqOnly }, `building the FAQ model of ${release.id}`);
      if (!code) throw new Error(`the knowledge worker sent no FAQ model for ${release.id}`);
      // The rest runs on the loop, in steps with other work let in between.
      const steps = knowledgeBaseSteps(release, defaultSegmenter, decodeFaqModel(code));
      for (;;) {
        const next = steps.next();
        if (next.done) return next.value;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

/** Compiles in a worker thread with the default segmenter; the caller's bundle is reattached to the result. */
export function workerReleaseCompiler(): ReleaseCompiler {
  return {
    async compile(bundle: ShopBundle) {
      const { compiled } = await runInWorker({ kind: 'compile', bundle }, `compiling shop ${bundle.shop.id}`);
      if (!compiled) throw new Error(`the knowledge worker sent no release for shop ${bundle.shop.id}`);
      return { id: compiled.id, shopId: bundle.shop.id, bundle, dictionary: compiled.dictionary, productIndex: compiled.productIndex };
    },
  };
}
