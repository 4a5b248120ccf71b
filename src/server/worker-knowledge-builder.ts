// The server's KnowledgeBuilder and ReleaseCompiler. What grows with a shop runs in a worker thread
// (one per job, ended when it answers) or on the loop in small steps, so a big shop publishing or
// loading does not stall every other shop's turns and /healthz: publishing compiles and trains in
// the worker; loading reads the stored image on the loop one step per turn of the loop (a chunk of
// 250 products, the checksum of 32 MB, one part of the knowledge base), the product index
// through MiniSearch's asynchronous loader. A release with no usable image is trained in the worker.
import type { Worker } from 'node:worker_threads';
import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { ShopBundle } from '../core/catalog/types.js';
import { imageProductIndex, knowledgeBaseFromImage, type KnowledgeBase } from '../core/knowledge/knowledge-base.js';
import { productIndexOptions, type ProductDoc, type Release } from '../core/knowledge/release.js';
import type { Tokenizer } from '../core/understanding/tokenizer.js';
import { ReleaseImageError } from '../core/knowledge/release-image.js';
import { parseJsonSteps } from '../core/text/json-steps.js';
import type { CompiledRelease, KnowledgeBuilder, ReleaseCompiler } from '../app/ports.js';
import { XiaoerError, type ErrorCode } from '../app/errors.js';
import { defaultSegmenter, prepareSegmenter } from '../adapters/segmenter/jieba-segmenter.js';
import type { JobPart, KnowledgeJob } from './knowledge-worker.js';
import { startWorker } from './start-worker.js';

type Compiled = Pick<Release, 'id' | 'dictionary' | 'productIndex'>;
type WorkerAnswer = { ok: true; compiled: Compiled; image: Uint8Array } | { ok: true; stored: CompiledRelease } | { ok: false; message: string; code?: ErrorCode; details?: string[] };

/** Catalog products or FAQ entries per message to the worker: one message's copy is a few milliseconds. */
const ITEMS_PER_MESSAGE = 500;

/**
 * Posts a job to the worker: its bundle's products and FAQ entries in slices, one message per turn
 * of the event loop (a big shop's bundle copied in one message held the loop for most of a second).
 */
async function postJob(worker: Worker, job: KnowledgeJob): Promise<void> {
  if (job.kind === 'compile-stored') {
    // One message: the text's memory moves to the worker, nothing is copied or parsed here.
    const bytes = job.bundleJson;
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
    worker.postMessage({ ...job, bundleJson: own }, [own.buffer as ArrayBuffer]);
    return;
  }
  const bundle = job.kind === 'compile' ? job.bundle : job.release.bundle;
  const head: ShopBundle = { ...bundle, products: [], faq: [] };
  worker.postMessage(job.kind === 'compile' ? { ...job, bundle: head } : { ...job, release: { ...job.release, bundle: head } });
  const post = async (part: JobPart) => {
    await turn();
    worker.postMessage(part);
  };
  for (let at = 0; at < bundle.products.length; at += ITEMS_PER_MESSAGE) await post({ kind: 'products', items: bundle.products.slice(at, at + ITEMS_PER_MESSAGE) });
  for (let at = 0; at < bundle.faq.length; at += ITEMS_PER_MESSAGE) await post({ kind: 'faq', items: bundle.faq.slice(at, at + ITEMS_PER_MESSAGE) });
  await post({ kind: 'end' });
}

/** Runs knowledge-worker on one job, in a worker of its own that ends when it answers. */
function runInWorker<A extends Exclude<WorkerAnswer, { ok: false }>>(job: KnowledgeJob, what: string): Promise<A> {
  const worker = startWorker('knowledge-worker');
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: WorkerAnswer) => {
      void worker.terminate();
      if (answer.ok) resolve(answer as A);
      else reject(answer.code ? new XiaoerError(answer.code, answer.message, answer.details ?? []) : new Error(`${what} failed: ${answer.message}`));
    });
    worker.once('error', (err) => {
      void worker.terminate();
      reject(err);
    });
    worker.once('exit', (code) => reject(new Error(`the knowledge worker (${what}) exited (${code}) before answering`)));
    postJob(worker, job).catch((err: unknown) => {
      void worker.terminate();
      reject(err);
    });
  });
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Loads an image on this thread, one step per turn of the event loop. */
async function loadInSteps(image: Uint8Array, releaseId: string): Promise<KnowledgeBase> {
  // Opening checks the header: a bad one throws ReleaseImageError before anything is loaded.
  const indexJson = imageProductIndex(image, releaseId);
  // The shared jieba dictionary is read once per process, a slice per turn of the loop.
  await prepareSegmenter();
  // MiniSearch's loader yields to the loop as it goes; it tokenises nothing while loading, so the
  // index asks the knowledge base's tokeniser for words only once that exists.
  let tokenizer: Tokenizer | undefined;
  const later = (): Tokenizer => {
    if (!tokenizer) throw new Error('the product index was searched before its release finished loading');
    return tokenizer;
  };
  const options = productIndexOptions({ engine: defaultSegmenter.engine, words: (t) => later().words(t), terms: (t) => later().terms(t) });
  const index = await (async () => {
    // Parsed a slice of its terms per turn of the loop, then loaded by MiniSearch, which yields too.
    const parsing = parseJsonSteps(indexJson);
    for (let next = parsing.next(); ; next = parsing.next()) {
      if (next.done) return MiniSearch.loadJSAsync<ProductDoc>(next.value as AsPlainObject, options);
      await turn();
    }
  })().catch((err: unknown) => {
    throw new ReleaseImageError(`the image's product index is not readable (${err instanceof Error ? err.message : String(err)})`);
  });
  const steps = knowledgeBaseFromImage(image, releaseId, defaultSegmenter, index);
  for (;;) {
    const next = steps.next();
    if (next.done) {
      tokenizer = next.value.tokenizer;
      return next.value;
    }
    await turn();
  }
}

/** The worker thread uses the default (jieba) segmenter, the one the server compiles releases with. */
export function workerKnowledgeBuilder(): KnowledgeBuilder {
  return {
    load: loadInSteps,
    async train(release) {
      // Training needs the release's dictionary, FAQ, intents and synonyms; the catalog goes too
      // (the image holds it), as it does at publish.
      const { image } = await runInWorker<{ ok: true; compiled: Compiled; image: Uint8Array }>({ kind: 'train', release }, `training release ${release.id}`);
      return { knowledge: await loadInSteps(image, release.id), image };
    },
  };
}

/**
 * Compiles and trains in a worker thread with the default segmenter: `compile` reattaches the
 * caller's bundle to the result; `compileStored` (publish) moves JSON text both ways.
 */
export function workerReleaseCompiler(): ReleaseCompiler {
  return {
    async compile(bundle: ShopBundle) {
      const { compiled, image } = await runInWorker<{ ok: true; compiled: Compiled; image: Uint8Array }>({ kind: 'compile', bundle }, `compiling shop ${bundle.shop.id}`);
      return { release: { id: compiled.id, shopId: bundle.shop.id, bundle, dictionary: compiled.dictionary, productIndex: compiled.productIndex }, image };
    },
    async compileStored(bundleJson: Uint8Array, options?: { check?: boolean }) {
      const { stored } = await runInWorker<{ ok: true; stored: CompiledRelease }>({ kind: 'compile-stored', bundleJson, check: options?.check === true }, 'compiling a stored bundle');
      return stored;
    },
  };
}
