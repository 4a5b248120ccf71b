// The turns the scale bench times and profile-turns.ts profiles: `decide` on the demo shop's FAQ
// questions, in turn, after a warm-up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide } from '../../src/core/conversation/decide.js';
import { initialState } from '../../src/core/conversation/state.js';
import type { KnowledgeBase } from '../../src/core/knowledge/knowledge-base.js';

/** 2026-11-25, a Wednesday: the day relative dates resolve against. */
const TODAY = { year: 2026, month: 11, day: 25, weekday: 3 };
const WARM_UP = 200;

/** The first message of every case in the demo shop's faq.jsonl. */
export function demoQuestions(root: string): string[] {
  return readFileSync(join(root, 'shops/demo-zh/tests/faq.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { turns: { user: string }[] }).turns[0]?.user ?? '')
    .filter(Boolean);
}

/** `count` turns on fresh conversations after a warm-up, each with its time in ms and its question. */
export function timeTurns(kb: KnowledgeBase, questions: readonly string[], count: number): { ms: number; q: string }[] {
  const ask = (i: number) => questions[i % questions.length] ?? '';
  for (let i = 0; i < WARM_UP; i++) decide(initialState(), { text: ask(i), today: TODAY }, kb);
  const out: { ms: number; q: string }[] = [];
  for (let i = 0; i < count; i++) {
    const q = ask(i);
    const s = performance.now();
    decide(initialState(), { text: q, today: TODAY }, kb);
    out.push({ ms: performance.now() - s, q });
  }
  return out;
}
