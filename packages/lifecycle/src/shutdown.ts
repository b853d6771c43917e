import type { Logger } from "@slms/logging";

/** One resource to close on shutdown, in the order given. */
export interface ShutdownStep {
  name: string;
  close(): Promise<void>;
}

export interface ShutdownOptions {
  logger: Logger;
  /** Steps in order: stop accepting work first, close the database last. */
  steps: readonly ShutdownStep[];
  /** After this long the process exits anyway, with status 1. */
  timeoutMs: number;
  /** Injected by tests; defaults to process.exit. */
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
}

/**
 * Closes the steps in order on SIGTERM/SIGINT and exits. A second signal, or the timeout,
 * forces the exit. Returns the shutdown function so a fatal error can trigger the same path.
 */
export function shutdownOnSignals(options: ShutdownOptions): (reason: string) => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | null = null;

  const shutdown = (reason: string) => {
    if (running) {
      options.logger.warn({ reason }, "shutdown already in progress; forcing exit");
      exit(1);
      return running;
    }
    options.logger.info({ reason }, "shutting down");
    const timer = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, "shutdown timed out; exiting");
      exit(1);
    }, options.timeoutMs);
    timer.unref();
    running = (async () => {
      let failed = false;
      for (const step of options.steps) {
        try {
          await step.close();
          options.logger.debug({ step: step.name }, "closed");
        } catch (error) {
          failed = true;
          options.logger.error({ err: error, step: step.name }, "error while closing");
        }
      }
      clearTimeout(timer);
      options.logger.info("shutdown complete");
      exit(failed ? 1 : 0);
    })();
    return running;
  };

  for (const signal of options.signals ?? ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => void shutdown(signal));
  }
  return shutdown;
}
