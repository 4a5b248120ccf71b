// The names of the preferences a customer profile keeps (no imports: flow variables list them too).

/** The preferences a profile keeps. */
export const PREFERENCE_NAMES = ['size', 'height', 'weight', 'skin_type', 'budget', 'color', 'category', 'audience'] as const;
export type PreferenceName = (typeof PREFERENCE_NAMES)[number];
