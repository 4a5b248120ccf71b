import { describe, expect, it } from 'vitest';
import { flowJsonSchema } from './sop-schema.js';

describe('flowJsonSchema', () => {
  it('describes every step kind for editor completion', () => {
    const text = JSON.stringify(flowJsonSchema());
    for (const kind of ['say', 'ask', 'branch', 'call', 'confirm', 'tag', 'handoff', 'end']) expect(text).toContain(`"${kind}"`);
  });
});
