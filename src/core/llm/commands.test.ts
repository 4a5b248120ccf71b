import { describe, expect, it } from 'vitest';
import { readModelCommand, SETTABLE } from './commands.js';

describe('reading a model\'s command', () => {
  it('reads the JSON object, fenced or with words around it', () => {
    expect(readModelCommand('{"command":"answer_faq","faq":"return-7day"}')).toEqual({ ok: true, command: { command: 'answer_faq', faq: 'return-7day' } });
    expect(readModelCommand('好的：\n```json\n{"command":"start_flow","flow":"order_status"}\n```')).toEqual({ ok: true, command: { command: 'start_flow', flow: 'order_status' } });
  });
  it('fills defaults and drops keys it does not know', () => {
    expect(readModelCommand('{"command":"handoff","confidence":0.9}')).toEqual({ ok: true, command: { command: 'handoff', reason: '' } });
    expect(readModelCommand('{"command":"answer","text":"好的"}')).toEqual({ ok: true, command: { command: 'answer', text: '好的', sources: [] } });
  });
  it('refuses prose, broken JSON and commands it does not have', () => {
    expect(readModelCommand('亲，已经给您打九折了')).toMatchObject({ ok: false, reason: 'not_json' });
    expect(readModelCommand('{"command":"answer_faq","faq":')).toMatchObject({ ok: false, reason: 'not_json' });
    expect(readModelCommand('{"command":"give_discount","percent":90}')).toMatchObject({ ok: false, reason: 'not_a_command' });
    expect(readModelCommand('{"command":"set_slot","slot":"order_id"}')).toMatchObject({ ok: false, reason: 'not_a_command' });
    expect(readModelCommand('[1,2]')).toMatchObject({ ok: false, reason: 'not_a_command' });
  });
});

describe('which slots a model may fill', () => {
  it('offers choices and entity types, never free text (the flow would take its words as the shopper\'s)', () => {
    expect(SETTABLE('choice')).toBe(true);
    expect(SETTABLE('order_id')).toBe(true);
    expect(SETTABLE('text')).toBe(false);
  });
});
