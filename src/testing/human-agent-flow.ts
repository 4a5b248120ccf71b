// Test data: a flow that hands the conversation to a person when the shopper says 转人工.
import { parse } from 'yaml';
import { flowFileSchema } from '../app/shops/sop-schema.js';

/** The flow, with the reply the tests expect ("好的，正在为您转接人工客服～"). */
export const HUMAN_AGENT_FLOW = flowFileSchema.parse(
  parse(`
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
`),
);
