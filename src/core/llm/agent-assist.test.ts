import { describe, expect, it } from 'vitest';
import { assistPrompt, readAssistOutput, validateAssist, type AssistInput } from './agent-assist.js';

const input: AssistInput = {
  shop: { name: '小店', language: 'zh-CN' },
  messages: [
    { id: 'm1', author: 'ai', text: '您好，欢迎光临小店！' },
    { id: 'm2', author: 'shopper', text: '我是敏感肌，这件T恤会不会起球' },
    { id: 'm3', author: 'ai', text: '好的，正在为您转接人工客服～' },
    { id: 'm4', author: 'shopper', text: '快点，我电话[电话1]' },
  ],
  handoffReason: 'customer_request',
  customerTags: ['已购'],
  taxonomy: [
    { id: '敏感肌', label: '关注点' },
    { id: '已购', label: '生命周期' },
    { id: '急躁', label: '情绪' },
  ],
  faq: [{ id: 'shipping-time', question: '下单后多久发货？', answer: '付款后48小时内发货。' }],
  products: [{ id: 'cotton-tee', name: '纯棉圆领短袖T恤', text: '名称: 纯棉圆领短袖T恤\n价格: ¥69.00-¥79.00' }],
};

describe('agent assist', () => {
  it('puts the conversation, taxonomy and knowledge in one JSON data value', () => {
    const [system, user] = assistPrompt(input);
    expect(system?.content).toContain('Simplified Chinese');
    const data = JSON.parse(user?.content.replace(/^DATA: /, '') ?? '{}');
    expect(data.conversation).toHaveLength(4);
    expect(data.conversation[1]).toEqual({ id: 'm2', from: 'shopper', text: '我是敏感肌，这件T恤会不会起球' });
    expect(data.tag_taxonomy).toContainEqual({ id: '敏感肌', label: '关注点' });
    expect(data.faq[0].id).toBe('shipping-time');
    expect(data.handoff_reason).toBe('customer_request');
  });

  it('shows only the last 20 messages', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `m${i}`, author: 'shopper' as const, text: `第${i}条` }));
    const data = JSON.parse(assistPrompt({ ...input, messages: many })[1]?.content.replace(/^DATA: /, '') ?? '{}');
    expect(data.conversation.map((m: { id: string }) => m.id)).toEqual(many.slice(10).map((m) => m.id));
  });

  it('reads the answer inside a code fence and chatter, and refuses what is not one', () => {
    const r = readAssistOutput('好的，结果如下：\n```json\n{"summary":"顾客问起球","replies":[],"tags":[]}\n```');
    expect(r).toEqual({ ok: true, output: { summary: '顾客问起球', replies: [], tags: [] } });
    expect(readAssistOutput('sorry, I cannot').ok).toBe(false);
    expect(readAssistOutput('{"summary": 3}')).toMatchObject({ ok: false, reason: 'not_an_answer' });
  });

  it('flags a reply with an invented price instead of dropping it, and passes a grounded one', () => {
    const read = readAssistOutput(
      JSON.stringify({
        summary: '顾客是敏感肌，担心T恤起球，催促处理。',
        replies: [
          { text: '付款后48小时内发货。', sources: ['faq:shipping-time'] },
          { text: '这款现在只要9块9', sources: ['product:cotton-tee'] },
        ],
        tags: [],
      }),
    );
    if (!read.ok) throw new Error(read.detail);
    const r = validateAssist(read.output, { input, allowedCommitments: [] });
    expect(r.replies[0]).toMatchObject({ ok: true, violations: [], sources: ['faq:shipping-time'] });
    expect(r.replies[1]?.ok).toBe(false);
    expect(r.replies[1]?.violations.map((v) => v.kind)).toContain('unsupported_number');
  });

  it('counts a citation of a source it was not shown as no grounding', () => {
    const r = validateAssist({ summary: '', replies: [{ text: '付款后48小时内发货。', sources: ['faq:made-up'] }], tags: [] }, { input, allowedCommitments: [] });
    expect(r.replies[0]).toMatchObject({ ok: false, sources: [] });
  });

  it("keeps tags of the taxonomy quoting the shopper's message, drops the rest and counts them", () => {
    const r = validateAssist(
      {
        summary: '',
        replies: [],
        tags: [
          { tag: '敏感肌', message: 'm2', quote: '敏感肌' },
          { tag: '土豪', message: 'm2', quote: '敏感肌' }, // not in the taxonomy
          { tag: '急躁', message: 'm2', quote: '快点' }, // the words are in m4, not m2
          { tag: '急躁', message: 'm3', quote: '转接' }, // the AI's message, not the shopper's
          { tag: '已购', message: 'm2', quote: 'T恤' }, // already held
          { tag: '急躁', message: 'm4', quote: '快点' },
        ],
      },
      { input, allowedCommitments: [] },
    );
    expect(r.tags).toEqual([
      { tag: '敏感肌', label: '关注点', messageId: 'm2', quote: '敏感肌' },
      { tag: '急躁', label: '情绪', messageId: 'm4', quote: '快点' },
    ]);
    expect(r.dropped.tags).toBe(4);
  });

  it('cuts the summary to 200 characters and keeps at most three replies', () => {
    const r = validateAssist(
      { summary: '长'.repeat(300), replies: Array.from({ length: 5 }, () => ({ text: '付款后48小时内发货。', sources: ['faq:shipping-time'] })), tags: [] },
      { input, allowedCommitments: [] },
    );
    expect(r.summary).toHaveLength(200);
    expect(r.replies).toHaveLength(3);
    expect(r.dropped.replies).toBe(2);
  });
});
