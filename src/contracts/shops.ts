// Public shop information for the chat widget: name, greeting and catalog items.
import { z } from 'zod';

export const shopParams = z.strictObject({ shop: z.string().min(1).max(64) });
export const productParams = z.strictObject({ shop: z.string().min(1).max(64), productId: z.string().min(1).max(64) });

export const shopResponse = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  greeting: z.string(),
  releaseId: z.string(),
  products: z.array(z.object({ id: z.string(), name: z.string(), category: z.string(), priceMin: z.string(), priceMax: z.string() })),
});

export const productResponse = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string(),
  material: z.string().describe('the apparel template’s material; empty when not stated'),
  facts: z.array(z.object({ name: z.string(), value: z.string() })).describe('the shop’s own attributes, by its names, as written'),
  features: z.array(z.string()),
  suitableFor: z.array(z.string()),
  variants: z.array(z.object({ sku: z.string(), options: z.record(z.string(), z.string()), price: z.string(), stock: z.number() })),
});

export type ShopResponse = z.infer<typeof shopResponse>;
export type ProductResponse = z.infer<typeof productResponse>;
