// docs/sop.schema.json is read from disk, so this check lives outside app (app does no file I/O).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { flowJsonSchema } from '../../../app/shops/sop-schema.js';

describe('docs/sop.schema.json', () => {
  it('is the JSON Schema generated from the flow file schema (run `npm run sop:schema` after changing it)', async () => {
    const committed: unknown = JSON.parse(await readFile(new URL('../../../../docs/sop.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(flowJsonSchema());
  });
});
