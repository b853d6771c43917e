import { ROOT_CONTEXT, SpanStatusCode } from "@opentelemetry/api";
import type { Logger } from "@slms/logging";
import { contextWithService, currentService, withSpan } from "@slms/telemetry";

/** Options of {@link startPeriodic}. */
export interface PeriodicOptions<T> {
  /** What the work is called in logs ("lease job"). */
  name: string;
  intervalMs: number;
  logger: Logger;
  run: () => Promise<T>;
}

/** A running periodic job. */
export interface Periodic<T> {
  /** Runs the work now (after the run in progress); its result, or undefined if it failed. */
  tick(): Promise<T | undefined>;
  /** Stops the timer and waits for the run in progress. */
  close(): Promise<void>;
}

/**
 * Runs `run` on start and every `intervalMs`, one run at a time: a tick while one runs waits for
 * it. A failure is logged and the next tick tries again. The timer does not keep the process
 * alive. The services' background jobs (status sync, lease job, billing job, allocation retry)
 * are this plus their own work.
 *
 * Each run is the root span of its own trace (`job <name>`), so what the work logs carries
 * trace and span ids; the span belongs to the service that started the job (`runAsService`).
 */
export function startPeriodic<T>(options: PeriodicOptions<T>): Periodic<T> {
  let running: Promise<T | undefined> = Promise.resolve(undefined);
  const parent = contextWithService(currentService(), ROOT_CONTEXT);
  const spanName = `job ${options.name}`;
  const tick = () => {
    running = running.then(() =>
      withSpan(spanName, { parent }, async (span) => {
        try {
          return await options.run();
        } catch (error) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR });
          options.logger.error({ err: error }, `${options.name} failed; will retry`);
          return undefined;
        }
      }),
    );
    return running;
  };
  void tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    tick,
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
