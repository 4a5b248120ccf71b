import { describe, expect, it } from 'vitest';
import { tinyBundle } from '../testing/fixtures.js';
import { intlSegmenter } from '../understanding/segmenter.js';
import { compileRelease } from './release.js';
import { releaseImage } from './knowledge-base.js';
import { openReleaseImage, readChunks } from './release-image.js';

/** The tiny bundle with more products and FAQ entries than one chunk holds, named in several scripts. */
function bundle() {
  const b = tinyBundle();
  const p = b.products[0]!;
  const e = b.faq[0]!;
  return {
    ...b,
    products: Array.from({ length: 600 }, (_, i) => ({ ...p, id: `p${i}`, name: `纯棉T恤😀${i} "quoted" \\ back` })),
    faq: Array.from({ length: 300 }, (_, i) => ({ ...e, id: `q${i}`, question: `第${i}个问题：多久发货？`, answer: `四十八小时内发货（${i}）` })),
  };
}

describe('release image: chunks read in steps', () => {
  it('reads the catalog and FAQ back whole however few bytes are decoded at a time', () => {
    const b = bundle();
    const release = compileRelease(b, intlSegmenter);
    const image = openReleaseImage(releaseImage(release, intlSegmenter), release.id);
    for (const window of [1, 3, 1000, 1 << 20]) {
      for (const [name, expected] of [['release.products', b.products], ['release.faq', b.faq]] as const) {
        const out: unknown[] = [];
        const steps = readChunks(image, name, out, window);
        let chunks = 0;
        while (!steps.next().done) chunks++;
        expect(out).toEqual(expected);
        // A step per chunk of items.
        expect(chunks).toBe(Math.ceil(expected.length / 250));
      }
    }
  });
});
