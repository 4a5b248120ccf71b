// Test data: flows written inline as shop owners write them, and two that several suites share.
import { parse } from 'yaml';
import { flowFileSchema } from '../app/shops/sop-schema.js';
import type { Flow } from '../core/sop/types.js';

/** A flow file's YAML, parsed and validated as the bundle reader does. */
export function testFlow(yaml: string): Flow {
  return flowFileSchema.parse(parse(yaml));
}

/** Hands the conversation to a person when the shopper says 转人工 ("好的，正在为您转接人工客服～"). */
export const HUMAN_AGENT_FLOW = testFlow(`
id: human
name: { zh: 转人工 }
priority: 30
interrupts: true
triggers:
  - keywords: [转人工]
steps:
  - id: to_agent
    handoff: { reason: customer_request, template: to_agent }
templates:
  to_agent: 好的，正在为您转接人工客服～
`);

/** Waits for an answer: 送礼 starts it, it asks 送给谁呢？ and ends with 好的，送给{{who}}！ */
export const GIFT_FLOW = testFlow(`
id: gift
name: { zh: 礼品 }
triggers:
  - keywords: [送礼]
slots:
  who: { type: choice, choices: [{ value: 妈妈, synonyms: [母亲] }, { value: 宝宝 }] }
steps:
  - id: ask_who
    ask: { slot: who, template: ask }
  - id: done
    end: done
templates:
  ask: 送给谁呢？
  done: 好的，送给{{slots.who}}！
`);
