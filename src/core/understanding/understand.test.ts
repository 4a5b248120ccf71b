import { describe, expect, it } from 'vitest';
import { tinyBundle } from '../testing/fixtures.js';
import { OUT_OF_SCOPE } from './intent-classifier.js';
import { intlSegmenter } from './segmenter.js';
import { createTokenizer } from './tokenizer.js';
import { calendarDay, createUnderstander } from './understand.js';

describe('calendarDay', () => {
  it("gives the day in the shop's time zone, the same on every call", () => {
    const at = new Date('2026-11-25T17:30:00Z'); // Thursday 01:30 in Shanghai, Wednesday in New York
    for (let i = 0; i < 3; i++) {
      expect(calendarDay(at, 'Asia/Shanghai')).toEqual({ year: 2026, month: 11, day: 26, weekday: 4 });
      expect(calendarDay(at, 'America/New_York')).toEqual({ year: 2026, month: 11, day: 25, weekday: 3 });
    }
  });

  it('reads an unknown time zone as UTC instead of throwing', () => {
    expect(calendarDay(new Date('2026-11-25T23:59:00Z'), 'Mars/Olympus')).toEqual({ year: 2026, month: 11, day: 25, weekday: 3 });
  });
});

describe('a shop without intents', () => {
  const understander = createUnderstander(tinyBundle(), createTokenizer([], intlSegmenter));
  const today = { year: 2026, month: 11, day: 25, weekday: 3 };

  it('tells messages no shop covers from its own topics', () => {
    expect(understander.classifier).toBeUndefined();
    for (const text of ['帮我写个请假条 明天要交', '好无聊 给我讲个笑话呗']) expect(understander.understand(text, today).intent).toBe(OUT_OF_SCOPE);
    for (const text of ['东西啥时候能寄出去', '纯棉T恤多少钱', '不想要了能退不', '转人工']) expect(understander.understand(text, today).intent).toBeNull();
  });
});
