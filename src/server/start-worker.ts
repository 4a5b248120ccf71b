// Starts a worker thread on one of the server's entry modules, built or from TypeScript source.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker whose entry is `./<name>.js` beside this module. From source (vitest, tsx) the
 * entry is `<name>.ts`, and the worker registers tsx's loader before importing it: a worker does
 * not inherit the parent's loader, and execArgv `--import` does not reach it.
 */
export function startWorker(name: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry, options);
  const script = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(script, { ...options, eval: true });
}
