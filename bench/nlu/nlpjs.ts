// Benchmark adapter: trains and tests NLP.js (npm `@nlpjs/basic`, v4) as an intent classifier so
// it can be compared side by side with our own classifier on public datasets (CLINC150, BANKING77).
//
// How NLP.js is used (the v4 way its docs show: containerBootstrap + Nlp + LangEn):
//   - a fresh container per run, so runs never share state;
//   - `autoSave: false`, `autoLoad: false` -> no model.nlp is read or written;
//   - `nlu: { log: false }` -> the neural network does not print one line per training epoch
//     (the 'nlu-??' default in @nlpjs/nlu/src/nlu.js is `log: true`);
//   - `calculateSentiment: false` -> Nlp.process skips the sentiment analyser (default true);
//   - NER: Nlp.process only runs the NER when `forceNER` is true or the slot manager has slots.
//     We set `forceNER: false` (its default) and add no entities/slots, so NER never runs.
//
// Classification call: we await `nlp.process(locale, text)` once per utterance. It is the
// documented entry point and the only one that applies the out-of-scope threshold (the lower
// level `nlp.classify` returns the raw NLU result without it). With sentiment off and NER
// skipped, the remaining extra work in process() is bookkeeping on empty structures (a fresh
// {} context per call since we pass no conversation id, no answers, no actions, no
// open-question plugin), which is negligible next to the classifier itself.
//
// Out of scope (OOS): NLP.js's own mechanism. The option is `threshold` of the `nlp` settings,
// default 0.5 (registered in @nlpjs/nlp/src/nlp.js, Nlp.registerDefault). In Nlp.process:
//     if (output.score < this.settings.threshold) { output.score = 1; output.intent = 'None'; }
// Besides that, NluManager.checkIfIsNone (@nlpjs/nlu/src/nlu-manager.js) also answers 'None'
// when the two best intents tie or the best score is 0 (e.g. no known word in the utterance,
// because Nlu.filterNonActivated zeroes intents that share no feature with the utterance).
// We map intent 'None' to label null.
//
// Scores: NLP.js's scores are squared-then-normalised network outputs summing to 1 across
// intents. For a predicted intent, `score` is its NLP.js score. For a null prediction NLP.js
// itself reports score 1 for 'None', which is meaningless for comparison, so we report instead
// the best score among the real intents (the confidence that fell under the threshold), or 0
// when there is none.
//
// Network: nothing is fetched. `@nlpjs/request` (used by the container's `fs` for load/save and
// corpus files) is only touched by load/save/addCorpus, which we never call; the default NER
// builtin extractor is local (no Duckling/Microsoft builtins). See the probe script for a run
// with fetch/http/https/net guarded.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

export interface LabelledText {
  text: string;
  label: string;
}

export interface NlpjsRun {
  /** one prediction per test text, in order; label is null when NLP.js says no intent (its 'None') */
  predictions: { label: string | null; score: number }[];
  trainSeconds: number;
  /** wall time of each single classification call, in milliseconds */
  classifyMs: number[];
}

/** NLP.js's default `nlp.settings.threshold` (see @nlpjs/nlp/src/nlp.js, registerDefault). */
export const NLPJS_DEFAULT_THRESHOLD = 0.5;

// ---- minimal typings for the parts of @nlpjs/basic we use (the package ships no .d.ts) ----
interface NlpjsClassification {
  intent: string;
  score: number;
}
interface NlpjsProcessResult {
  intent: string;
  score: number;
  classifications?: NlpjsClassification[];
}
interface NlpjsNlp {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  process(locale: string, utterance: string): Promise<NlpjsProcessResult>;
}
interface NlpjsContainer {
  use(plugin: unknown): string;
}
interface NlpjsBasic {
  containerBootstrap(settings?: Record<string, unknown>, mustLoadEnv?: boolean): NlpjsContainer;
  Nlp: new (settings: Record<string, unknown>, container: NlpjsContainer) => NlpjsNlp;
  LangEn: unknown;
}

// @nlpjs/basic is CommonJS without type declarations; load it through require and type it above.
const require = createRequire(import.meta.url);
const { containerBootstrap, Nlp, LangEn } = require('@nlpjs/basic') as NlpjsBasic;

/** Language plugins available here; add `@nlpjs/lang-xx` packages to support more. */
const LANGUAGE_PLUGINS: Record<string, unknown> = { en: LangEn };

const NONE_INTENT = 'None';

export async function runNlpjs(
  train: readonly LabelledText[],
  test: readonly string[],
  options?: { language?: string; threshold?: number },
): Promise<NlpjsRun> {
  const language = options?.language ?? 'en';
  const threshold = options?.threshold ?? NLPJS_DEFAULT_THRESHOLD;
  const langPlugin = LANGUAGE_PLUGINS[language];
  if (langPlugin === undefined) {
    throw new Error(`runNlpjs: no NLP.js language plugin wired for "${language}" (have: ${Object.keys(LANGUAGE_PLUGINS).join(', ')})`);
  }
  if (train.some((t) => t.label === NONE_INTENT)) {
    throw new Error(`runNlpjs: training label "${NONE_INTENT}" is reserved by NLP.js for "no intent"`);
  }

  const t0 = performance.now();
  // containerBootstrap() with no arguments reads ./conf.json, ./pipelines.md, ./plugins/ and .env
  // (into process.env) from the current directory. Keep the run hermetic: no .env, configuration
  // taken from this object instead of a file (isChild), no pipeline or plugin files.
  const container = containerBootstrap({ isChild: true, loadEnv: false, pathPipeline: [], pathPlugins: [] }, false);
  container.use(langPlugin);
  const nlp = new Nlp(
    {
      languages: [language],
      autoLoad: false,
      autoSave: false,
      threshold,
      calculateSentiment: false,
      forceNER: false,
      nlu: { log: false },
    },
    container,
  );
  for (const { text, label } of train) nlp.addDocument(language, text, label);
  await nlp.train();
  const trainSeconds = (performance.now() - t0) / 1000;

  const predictions: NlpjsRun['predictions'] = [];
  const classifyMs: number[] = [];
  for (const text of test) {
    const start = performance.now();
    const out = await nlp.process(language, text);
    classifyMs.push(performance.now() - start);
    if (out.intent === NONE_INTENT) {
      const best = out.classifications?.find((c) => c.intent !== NONE_INTENT);
      predictions.push({ label: null, score: best?.score ?? 0 });
    } else {
      predictions.push({ label: out.intent, score: out.score });
    }
  }
  return { predictions, trainSeconds, classifyMs };
}
