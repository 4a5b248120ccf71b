// The outcome report (docs/analytics.md) as the admin API sends it and the console reads it; the
// same figures `xiaoer analytics --json` prints. Money in yuan, rates as fractions.
import { z } from 'zod';

const served = <T extends z.ZodType>(t: T) => z.object({ ai: t, human: t, ai_then_human: t });
const rate = z.number().nullable();

export const outcomeReportSchema = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  conversations: z.number().int(),
  served_by: served(z.number().int()),
  resolution: z.object({ confirmed: z.number().int(), assumed: z.number().int(), abandoned: z.number().int(), handed_off: z.number().int(), open: z.number().int(), durable: z.number().int() }),
  automation_rate: rate,
  handoff_rate: rate,
  handoff_reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  first_response_ms: z.object({ p50: z.number().nullable(), p99: z.number().nullable() }),
  csat: z.object({ count: z.number().int(), mean: z.number().nullable() }),
  inquiry_conversion: served(z.object({ conversations: z.number().int(), converted: z.number().int(), rate })),
  aov: z.object({ ai: z.number().nullable(), human: z.number().nullable(), ai_then_human: z.number().nullable(), no_conversation: z.number().nullable() }),
  revenue_attributed: z.number(),
  repurchase_rate: rate,
  flows: z.array(z.object({ flow: z.string(), conversations: z.number().int(), steps: z.array(z.object({ step: z.string(), conversations: z.number().int(), orders: z.number().int(), revenue: z.number() })) })),
  recommendations: z.object({ orders: z.number().int(), revenue: z.number() }),
  gaps: z.array(z.object({ text: z.string(), count: z.number().int(), examples: z.array(z.string()) })),
  top_intents: z.array(z.object({ intent: z.string(), count: z.number().int() })),
  experiments: z.array(
    z.object({
      id: z.string(),
      flow: z.string(),
      kind: z.enum(['arms', 'holdout']),
      arms: z.array(z.object({ arm: z.string(), conversations: z.number().int(), converted: z.number().int(), rate, interval: z.tuple([z.number(), z.number()]).nullable() })),
      lift: z.number().nullable().describe('holdout: treatment rate less holdout rate'),
      too_few: z.boolean().describe('some arm has fewer than min_per_arm exposed conversations: too few yet to read'),
      min_per_arm: z.number().int().describe('exposed conversations every arm needs before the difference can be read'),
    }),
  ),
});
export type OutcomeReportPayload = z.infer<typeof outcomeReportSchema>;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const analyticsParams = z.strictObject({ shop: z.string().min(1).max(64) });
export const analyticsQuery = z.strictObject({ from: date.optional(), to: date.optional() });
