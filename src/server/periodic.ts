// Background jobs of a node (sweeps, CDP delivery, the look at the shops' releases): each runs
// every so often, never twice at once, and stopping waits for the run in progress.

/** A job running in the background. */
export interface Periodic {
  /** No more runs; resolves once the run in progress (if any) has ended. */
  stop(): Promise<void>;
}

/** Runs `job` every `ms` (0: never), at once too when `immediately`; a run that fails is told to `onError`. */
export function runEvery(ms: number, job: () => Promise<void>, onError: (err: unknown) => void, options: { immediately?: boolean } = {}): Periodic {
  if (!(ms > 0)) return { stop: async () => {} };
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= job()
      .catch(onError)
      .finally(() => (running = undefined));
  };
  if (options.immediately) run();
  const timer = setInterval(run, ms);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
