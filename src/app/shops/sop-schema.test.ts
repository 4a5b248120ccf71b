import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { flowJsonSchema } from './sop-schema.js';

describe('docs/sop.schema.json', () => {
  it('is the JSON Schema generated from the flow file schema (run `npm run sop:schema` after changing it)', async () => {
    const committed: unknown = JSON.parse(await readFile(new URL('../../../docs/sop.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(flowJsonSchema());
  });

  it('describes every step kind for editor completion', () => {
    const text = JSON.stringify(flowJsonSchema());
    for (const kind of ['say', 'ask', 'branch', 'call', 'confirm', 'tag', 'handoff', 'end']) expect(text).toContain(`"${kind}"`);
  });
});
