// The WebAssembly embedded in core/understanding/linear-kernel.ts is the compiled
// linear-kernel.wat: a check on source files (read from disk, compiled with wabt), so it lives
// outside core, whose tests read no files.
import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';

const kernelDir = new URL('../../core/understanding/', import.meta.url);

describe('linear kernel (WebAssembly SIMD)', () => {
  it('embeds exactly the compiled linear-kernel.wat', async () => {
    const wabt = await wabtInit();
    const source = readFileSync(new URL('linear-kernel.wat', kernelDir), 'utf8');
    const compiled = Buffer.from(wabt.parseWat('linear-kernel.wat', source, { simd: true }).toBinary({}).buffer).toString('base64');
    const embedded = /const KERNEL_WASM =\s*'([^']+)'/.exec(readFileSync(new URL('linear-kernel.ts', kernelDir), 'utf8'))?.[1];
    // On a change to the .wat, paste this value into linear-kernel.ts.
    expect(embedded, `KERNEL_WASM should be '${compiled}'`).toBe(compiled);
  });
});
