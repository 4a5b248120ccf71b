// The big shop of the scale bench, trained once and cached in the temp folder as a release image
// (`xiaoer-profile-<faq>-<skus>.bin` and its release id in `.id`), for the tools that time or dump
// turns on it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundleDir } from '../../src/adapters/bundle/read-bundle-dir.js';
import { defaultSegmenter } from '../../src/adapters/segmenter/jieba-segmenter.js';
import type { ShopBundle } from '../../src/core/catalog/types.js';
import { knowledgeBaseFromImage, releaseImage, runSteps, type KnowledgeBase } from '../../src/core/knowledge/knowledge-base.js';
import { compileRelease } from '../../src/core/knowledge/release.js';
import { bigShop } from './big-shop.js';

/** The demo shop grown to `faq` entries and `skus` SKUs (bench/scale/big-shop.ts). */
export async function bigShopBundle(root: string, faq: number, skus: number): Promise<ShopBundle> {
  const read = await readBundleDir(join(root, 'shops/demo-zh'));
  if (!read.ok) throw new Error(read.errors.join('\n'));
  return bigShop(read.bundle, faq, skus);
}

/** Where the big shop's image is cached, trained now if it is not yet. */
export async function bigShopImage(root: string, faq: number, skus: number): Promise<{ image: string; releaseId: string }> {
  const image = join(tmpdir(), `xiaoer-profile-${faq}-${skus}.bin`);
  if (!existsSync(image)) {
    const release = compileRelease(await bigShopBundle(root, faq, skus), defaultSegmenter);
    writeFileSync(image, releaseImage(release, defaultSegmenter));
    writeFileSync(image + '.id', release.id);
  }
  return { image, releaseId: readFileSync(image + '.id', 'utf8') };
}

/** The big shop's knowledge base, loaded from its cached image. */
export async function cachedBigShop(root: string, faq: number, skus: number): Promise<KnowledgeBase> {
  const { image, releaseId } = await bigShopImage(root, faq, skus);
  return runSteps(knowledgeBaseFromImage(new Uint8Array(readFileSync(image)), releaseId, defaultSegmenter));
}
