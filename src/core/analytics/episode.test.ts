import { describe, expect, it } from 'vitest';
import { foldEpisode, type EpisodeMessage } from './episode.js';

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s)).toISOString();
const shopper = (id: string, s: number, text: string): EpisodeMessage => ({ id, direction: 'in', at: at(s), source: null, text });
const reply = (id: string, s: number, replyTo: string, more: Partial<EpisodeMessage> = {}): EpisodeMessage => ({ id, direction: 'out', at: at(s), source: 'faq', replyTo, ...more });

describe('an episode', () => {
  it('is served by ai, human or both; notes never count; the handoff notice is a first response but no AI answer', () => {
    const human = foldEpisode({ conversationId: 'k', customerId: 'c', startedAt: at(0), rating: null, handoffReasons: ['customer_request'], messages: [shopper('m1', 1, '人工'), reply('r1', 2, 'm1', { source: 'handoff' }), { id: 'n', direction: 'note', at: at(3), source: 'note' }, reply('a1', 9, 'm1', { source: 'agent' })] });
    expect([human.servedBy, human.firstResponseMs, human.handedOff, human.handoffReason, human.lastAiAnswerAt]).toEqual(['human', 1000, true, 'customer_request', null]);
    const both = foldEpisode({ conversationId: 'k', customerId: null, startedAt: at(0), rating: 5, handoffReasons: [], messages: [shopper('m1', 1, '有M吗'), reply('r1', 2, 'm1'), reply('a1', 9, 'm1', { source: 'agent' })] });
    expect([both.servedBy, both.handoffReason]).toEqual(['ai_then_human', null]);
  });

  it("keeps one intent per answered shopper message, without out-of-scope, and the fallback's questions as gaps once", () => {
    const e = foldEpisode({
      conversationId: 'k', customerId: 'c', startedAt: at(0), rating: null, handoffReasons: [],
      messages: [
        shopper('m1', 1, '什么时候发货'), reply('r1', 2, 'm1', { intent: 'shipping' }), reply('r1b', 2, 'm1', { intent: 'shipping' }),
        shopper('m2', 3, '今天天气'), reply('r2', 4, 'm2', { intent: 'out_of_scope', source: 'fallback' }),
        shopper('m3', 5, '能开专票吗'), reply('r3', 6, 'm3', { intent: 'invoice', source: 'fallback' }), reply('r3b', 6, 'm3', { source: 'fallback' }),
      ],
    });
    expect(e.intents).toEqual(['shipping', 'invoice']);
    expect(e.gaps.map((g) => g.text)).toEqual(['今天天气', '能开专票吗']);
    expect([e.endedOnFallback, e.lastShopperUnanswered]).toEqual([true, false]);
  });
});
