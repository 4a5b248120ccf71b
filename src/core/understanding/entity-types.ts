// The entity types Xiaoer extracts on its own; a shop's custom entities may not reuse them.
export const BUILTIN_ENTITY_TYPES: readonly string[] = [
  'order_id',
  'phone',
  'email',
  'money',
  'budget',
  'quantity',
  'date',
  'size',
  'height',
  'weight',
  'color',
  'skin_type',
  'product',
];
