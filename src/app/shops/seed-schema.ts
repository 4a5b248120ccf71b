// zod schema of seed.yaml: demo customers and orders for the built-in order backend. Seed data is
// not part of a release (orders change every minute); import loads it into the order backend.
import { z } from 'zod';
import type { Address, Customer, Order } from '../../core/commerce/order.js';
import { ORDER_STATUSES, type OrderStatus } from '../../core/commerce/order.js';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s), 'expected an ISO-8601 time such as 2026-11-18T09:30:00+08:00');
const phone = z.string().regex(/^\+?\d{6,15}$/, 'expected digits only');

const address = z.strictObject({ name: text(50), phone, region: text(100), detail: text(200) });

/** seed.yaml as written. */
export const seedFileSchema = z.strictObject({
  customers: z
    .array(z.strictObject({ id: z.string().regex(/^[\w.-]{1,64}$/), name: text(50), phone, email: z.email().max(320).optional(), segment: z.enum(['new', 'regular', 'vip']).default('regular'), tags: z.array(text(20)).max(50).default([]) }))
    .max(10_000)
    .default([]),
  orders: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9-]{4,40}$/, 'use letters, digits and "-"'),
        customer: z.string().min(1).max(64),
        status: z.enum(ORDER_STATUSES as [OrderStatus, ...OrderStatus[]]),
        placed_at: isoTime,
        items: z
          .array(z.strictObject({ sku: z.string().min(1).max(64), qty: z.number().int().min(1).max(999), price: z.number().nonnegative().max(10_000_000) }))
          .min(1)
          .max(100),
        address,
        shipment: z
          .strictObject({ carrier: text(30), tracking_no: z.string().regex(/^[A-Za-z0-9]{4,40}$/), events: z.array(z.strictObject({ at: isoTime, text: text(200) })).max(100).default([]) })
          .optional(),
      }),
    )
    .max(100_000)
    .default([]),
});

export type SeedFile = z.infer<typeof seedFileSchema>;

/** Seed data in domain form. */
export interface ShopSeed {
  customers: Customer[];
  orders: Order[];
}

/** The address as one line. */
export function addressLine(a: Address): string {
  return `${a.name} ${a.phone} ${a.region}${a.detail}`;
}
