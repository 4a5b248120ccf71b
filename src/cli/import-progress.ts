// The progress of `xiaoer shop import` on stderr: a bar redrawn in place on a terminal, one line per
// step otherwise (CI logs). Only files of some size are worth a bar; small shops import silently.
import type { ReadStep } from '../adapters/bundle/read-bundle-dir.js';

/** Below this many bytes of spreadsheets nothing is shown: the import takes well under a second. */
const SHOW_FROM_BYTES = 256 * 1024;
const WIDTH = 24;

/** The import's steps, in order, with the share of the bar each ends at. */
const STEPS = ['read', 'parsed', 'checking', 'storing', 'done'] as const;
type Step = (typeof STEPS)[number];
const ENDS_AT: Record<Step, number> = { read: 0.15, parsed: 0.45, checking: 0.7, storing: 0.8, done: 1 };

export interface ImportProgress {
  /** A step of reading the bundle (passed to readBundleDir). */
  read(step: ReadStep): void;
  /** The bundle is being written to the store. */
  storing(products: number, faq: number): void;
  /** The import finished (or failed): the bar is completed or cleared. */
  done(): void;
}

export function importProgress(stream: NodeJS.WriteStream = process.stderr): ImportProgress {
  let bytes = 0;
  let shown = false;
  // The bar never goes back: faq.csv is read after products.csv was parsed.
  let reached = 0;
  const tty = stream.isTTY === true;
  const draw = (step: Step, label: string) => {
    if (bytes < SHOW_FROM_BYTES) return;
    shown = true;
    reached = Math.max(reached, ENDS_AT[step]);
    const filled = Math.round(reached * WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.round(reached * 100)).padStart(3)}% ${label}`;
    if (tty) stream.write(`\r\x1b[2K${bar}`);
    else stream.write(`${bar}\n`);
  };
  return {
    read(step) {
      if (step.kind === 'read') {
        bytes += step.bytes;
        draw('read', `${step.file}: ${(step.bytes / 1024 / 1024).toFixed(1)} MB read`);
      } else if (step.kind === 'parsed') draw('parsed', `${step.file}: ${step.rows.toLocaleString('en-US')} rows`);
      else draw('checking', 'checking every product and FAQ entry');
    },
    storing(products, faq) {
      draw('storing', `storing ${products.toLocaleString('en-US')} products and ${faq.toLocaleString('en-US')} FAQ entries`);
    },
    done() {
      if (shown && tty) stream.write('\r\x1b[2K');
    },
  };
}
