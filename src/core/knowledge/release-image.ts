// A release image: everything a node needs to answer from a release, trained at publish (the FAQ
// model, the intent classifier) and laid out to load in small steps: a binary container of named
// sections (strings and typed arrays), the catalog and FAQ as JSON chunks of 250 items, a
// checksum over all of it. Stored beside the release (the store's `release_images`); the release
// row itself stays what it was, so older releases without an image still load (they are trained
// then). An image from another format version, for another release, or damaged is refused with a
// `ReleaseImageError` and the release is trained again.
import type { FaqEntry, Product, ShopBundle } from '../catalog/types.js';
import type { Release } from './release.js';
import { packFaqModel, unpackFaqModelSteps, type Section, type SectionReader } from './faq-model-codec.js';
import type { FaqModelData } from './faq-model.js';
import { intentModelFrom, type IntentModel } from '../understanding/intent-model.js';

/** Bumped whenever the layout or what is trained changes: older images are then retrained. */
export const RELEASE_IMAGE_VERSION = 1;

const MAGIC = 0x58524931; // "XRI1"
/** Items per JSON chunk of the catalog and the FAQ: one chunk is parsed per step of a load. */
const CHUNK = 250;

/** What a release's training produced. */
export interface TrainedRelease {
  faq: FaqModelData;
  /** The intent classifier's model; undefined when the shop declares no intents. */
  intents: IntentModel | undefined;
}

/** Why an image cannot be used. */
export class ReleaseImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseImageError';
  }
}

type Kind = 'utf8' | 'i32' | 'f32' | 'f64';

interface SectionHead {
  name: string;
  kind: Kind;
  offset: number;
  bytes: number;
}

interface Header {
  version: number;
  releaseId: string;
  sections: SectionHead[];
}

function kindOf(s: Section): Kind {
  return typeof s === 'string' ? 'utf8' : s instanceof Int32Array ? 'i32' : s instanceof Float32Array ? 'f32' : 'f64';
}

/** A 32-bit checksum of 4-byte words (FNV-1a style mixing), over `words[from, to)`. */
function checksum(words: Uint32Array, from: number, to: number, h: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ (words[i] as number), 0x01000193) >>> 0;
  return h;
}

const CHECKSUM_START = 0x811c9dc5;
/** Words checksummed per step of a load (32 MB). */
const CHECKSUM_STEP = 8 << 20;

function chunks<T>(items: readonly T[]): { text: string; ends: Int32Array } {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i += CHUNK) parts.push(JSON.stringify(items.slice(i, i + CHUNK)));
  const ends = new Int32Array(parts.length);
  let at = 0;
  parts.forEach((p, i) => (ends[i] = at += p.length));
  return { text: parts.join(''), ends };
}

/** Lays out a release and what its training produced as one image. */
export function encodeReleaseImage(release: Release, trained: TrainedRelease): Uint8Array {
  const { products, faq, ...rest } = release.bundle;
  const sections: Record<string, Section> = {
    'release.head': JSON.stringify({ id: release.id, shopId: release.shopId, dictionary: release.dictionary, bundle: rest }),
    'release.productIndex': release.productIndex,
    ...packFaqModel(trained.faq),
  };
  const p = chunks(products);
  sections['release.products'] = p.text;
  sections['release.products.ends'] = p.ends;
  const f = chunks(faq);
  sections['release.faq'] = f.text;
  sections['release.faq.ends'] = f.ends;
  if (trained.intents) {
    const m = trained.intents;
    sections['intent.meta'] = JSON.stringify({ classes: m.classes, temperature: m.temperature });
    sections['intent.features'] = JSON.stringify([...m.featureIndex.keys()]);
    sections['intent.weights'] = Float32Array.from(m.kernel.weights);
    sections['intent.bias'] = Float32Array.from(m.bias);
    sections['intent.idf'] = Float32Array.from(m.idf);
  }
  const encoder = new TextEncoder();
  const bodies: Uint8Array[] = [];
  const heads: SectionHead[] = [];
  let offset = 0;
  for (const [name, s] of Object.entries(sections)) {
    const bytes = typeof s === 'string' ? encoder.encode(s) : new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
    heads.push({ name, kind: kindOf(s), offset, bytes: bytes.byteLength });
    bodies.push(bytes);
    offset += Math.ceil(bytes.byteLength / 8) * 8;
  }
  const header: Header = { version: RELEASE_IMAGE_VERSION, releaseId: release.id, sections: heads };
  const head = encoder.encode(JSON.stringify(header));
  const dataAt = Math.ceil((16 + head.byteLength) / 8) * 8;
  const out = new Uint8Array(dataAt + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, RELEASE_IMAGE_VERSION, true);
  view.setUint32(8, head.byteLength, true);
  out.set(head, 16);
  heads.forEach((h, i) => out.set(bodies[i] as Uint8Array, dataAt + h.offset));
  view.setUint32(12, checksum(new Uint32Array(out.buffer, dataAt, offset / 4), 0, offset / 4, CHECKSUM_START), true);
  return out;
}

/**
 * An image's header checked and its sections readable (arrays are copies, so the image's bytes can
 * go once loaded); the checksum is verified in steps (`verify`).
 */
export interface ImageReader extends SectionReader {
  readonly releaseId: string;
  utf8(name: string): Uint8Array;
  view(name: string, kind: 'i32' | 'f32'): Int32Array | Float32Array;
  has(name: string): boolean;
  /** Verifies the checksum, pausing between 32 MB slices; throws ReleaseImageError on a mismatch. */
  verify(): Generator<void, void>;
}

/** Opens an image (copying it once if its bytes are not 8-byte aligned), checking magic, version and release id. */
export function openReleaseImage(input: Uint8Array, releaseId: string): ImageReader {
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  if (bytes.byteLength < 16) throw new ReleaseImageError('the image is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new ReleaseImageError('not a release image (bad magic number)');
  const version = view.getUint32(4, true);
  if (version !== RELEASE_IMAGE_VERSION) throw new ReleaseImageError(`image format version ${version}, this version reads ${RELEASE_IMAGE_VERSION}`);
  const headBytes = view.getUint32(8, true);
  const expected = view.getUint32(12, true);
  if (16 + headBytes > bytes.byteLength) throw new ReleaseImageError('the image header is truncated');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + headBytes))) as Header;
  } catch {
    throw new ReleaseImageError('the image header is not readable');
  }
  if (header.version !== RELEASE_IMAGE_VERSION || !Array.isArray(header.sections)) throw new ReleaseImageError('the image header is malformed');
  if (header.releaseId !== releaseId) throw new ReleaseImageError(`the image is of release ${String(header.releaseId)}, not ${releaseId}`);
  const dataAt = Math.ceil((16 + headBytes) / 8) * 8;
  const dataBytes = bytes.byteLength - dataAt;
  if (dataBytes < 0 || dataBytes % 4 !== 0) throw new ReleaseImageError('the image is truncated');
  const byName = new Map<string, SectionHead>();
  for (const s of header.sections) {
    if (s.offset % 8 !== 0 || s.offset < 0 || s.bytes < 0 || s.offset + s.bytes > dataBytes) throw new ReleaseImageError(`section ${String(s.name)} lies outside the image`);
    byName.set(s.name, s);
  }
  const at = (name: string, kind: Kind): SectionHead => {
    const s = byName.get(name);
    if (!s) throw new ReleaseImageError(`the image has no section ${name}`);
    if (s.kind !== kind) throw new ReleaseImageError(`section ${name} is ${s.kind}, expected ${kind}`);
    return s;
  };
  const decoder = new TextDecoder();
  const start = bytes.byteOffset + dataAt;
  return {
    releaseId,
    has: (name) => byName.has(name),
    text(name) {
      const s = at(name, 'utf8');
      return decoder.decode(bytes.subarray(dataAt + s.offset, dataAt + s.offset + s.bytes));
    },
    utf8(name) {
      const s = at(name, 'utf8');
      return bytes.subarray(dataAt + s.offset, dataAt + s.offset + s.bytes);
    },
    view(name, kind) {
      const s = at(name, kind);
      return kind === 'i32' ? new Int32Array(bytes.buffer, start + s.offset, s.bytes / 4) : new Float32Array(bytes.buffer, start + s.offset, s.bytes / 4);
    },
    i32(name) {
      const s = at(name, 'i32');
      return new Int32Array(bytes.buffer, start + s.offset, s.bytes / 4).slice();
    },
    f32(name) {
      const s = at(name, 'f32');
      return new Float32Array(bytes.buffer, start + s.offset, s.bytes / 4).slice();
    },
    f64(name) {
      const s = at(name, 'f64');
      return new Float64Array(bytes.buffer, start + s.offset, s.bytes / 8).slice();
    },
    *verify() {
      const words = new Uint32Array(bytes.buffer, start, dataBytes / 4);
      let h = CHECKSUM_START;
      for (let from = 0; from < words.length; from += CHECKSUM_STEP) {
        h = checksum(words, from, Math.min(words.length, from + CHECKSUM_STEP), h);
        yield;
      }
      if (h !== expected) throw new ReleaseImageError('the image checksum does not match (damaged)');
    },
  };
}

/** Bytes of a chunked text decoded at a time: a chunk's text is decoded with it, not the whole section first. */
const DECODE_BYTES = 1 << 18;

/** The JSON chunks of `name` decoded and parsed one per step, appended to `out`. */
export function* readChunks<T>(image: ImageReader, name: string, out: T[], windowBytes = DECODE_BYTES): Generator<void, void> {
  const ends = image.i32(`${name}.ends`);
  const bytes = image.utf8(name);
  const decoder = new TextDecoder();
  // The decoded text not parsed yet, starting at character `pendingAt` of the section.
  let pending = '';
  let pendingAt = 0;
  let decoded = 0;
  for (const end of ends) {
    while (pendingAt + pending.length < end) {
      if (decoded >= bytes.byteLength) throw new ReleaseImageError(`section ${name} is shorter than its chunks`);
      const next = Math.min(bytes.byteLength, decoded + windowBytes);
      pending += decoder.decode(bytes.subarray(decoded, next), { stream: next < bytes.byteLength });
      decoded = next;
    }
    const items = JSON.parse(pending.slice(0, end - pendingAt)) as T[];
    for (const item of items) out.push(item);
    pending = pending.slice(end - pendingAt);
    pendingAt = end;
    yield;
  }
}

/**
 * The release held by an image, read in steps (its product index is the image's, kept as text;
 * '' with `withoutProductIndex`, for a caller that loaded the index from the image already).
 */
export function* readImageRelease(image: ImageReader, withoutProductIndex = false): Generator<void, Release> {
  const head = JSON.parse(image.text('release.head')) as { id: string; shopId: string; dictionary: string[]; bundle: Omit<ShopBundle, 'products' | 'faq'> };
  const products: Product[] = [];
  yield* readChunks(image, 'release.products', products);
  const faq: FaqEntry[] = [];
  yield* readChunks(image, 'release.faq', faq);
  return { id: head.id, shopId: head.shopId, dictionary: head.dictionary, bundle: { ...head.bundle, products, faq } as ShopBundle, productIndex: withoutProductIndex ? '' : image.text('release.productIndex') };
}

/** The trained models held by an image. */
export function readTrained(image: ImageReader): TrainedRelease {
  const steps = readTrainedSteps(image);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** `readTrained` in steps (the FAQ model's features and pairs a slice at a time). */
export function* readTrainedSteps(image: ImageReader): Generator<void, TrainedRelease> {
  const faq = yield* unpackFaqModelSteps(image);
  yield;
  if (!image.has('intent.meta')) return { faq, intents: undefined };
  const meta = JSON.parse(image.text('intent.meta')) as { classes: string[]; temperature: number };
  const features = JSON.parse(image.text('intent.features')) as string[];
  const intents = intentModelFrom({ classes: meta.classes, features, weights: image.f32('intent.weights'), bias: image.f32('intent.bias'), idf: image.f32('intent.idf'), temperature: meta.temperature });
  return { faq, intents };
}
