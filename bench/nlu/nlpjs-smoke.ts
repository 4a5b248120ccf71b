// Quick check of the NLP.js adapter: `npx tsx bench/nlu/nlpjs-smoke.ts`.
// Trains on a handful of examples of 3 intents and classifies 4 texts (the last one off-topic and sharing no word with the training set, so NLP.js answers None -> null).
import { runNlpjs, type LabelledText } from './nlpjs.js';

const train: LabelledText[] = [
  { text: 'where is my order', label: 'order_status' },
  { text: 'has my package shipped yet', label: 'order_status' },
  { text: 'track my parcel', label: 'order_status' },
  { text: 'when will my order arrive', label: 'order_status' },
  { text: 'I want my money back', label: 'refund' },
  { text: 'how do I get a refund', label: 'refund' },
  { text: 'please refund this purchase', label: 'refund' },
  { text: 'can I return this item for a refund', label: 'refund' },
  { text: 'hello there', label: 'greeting' },
  { text: 'hi', label: 'greeting' },
  { text: 'good morning', label: 'greeting' },
  { text: 'hey, how are you', label: 'greeting' },
];
const test = ['where is my parcel', 'I would like a refund please', 'hi, good evening', 'play some jazz music'];

const run = await runNlpjs(train, test);
console.log(`trained in ${run.trainSeconds.toFixed(3)} s`);
test.forEach((text, i) => {
  const p = run.predictions[i];
  const ms = run.classifyMs[i];
  console.log(`${JSON.stringify(text).padEnd(32)} -> ${String(p?.label).padEnd(13)} score=${p?.score.toFixed(3)}  ${ms?.toFixed(2)} ms`);
});
