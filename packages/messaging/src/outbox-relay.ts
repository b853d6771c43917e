import { ROOT_CONTEXT, SpanKind } from "@opentelemetry/api";
import type { EventEnvelope } from "@slms/contracts";
import type { Logger } from "@slms/logging";
import {
  cachedReading,
  contextWithService,
  currentService,
  OUTBOX_AGE,
  OUTBOX_BACKLOG,
  observeGauge,
  withSpan,
} from "@slms/telemetry";
import type { EventBus } from "./bus.ts";

/** Where the relay reads events from: a service's outbox table (`createOutboxStore` in @slms/db). */
export interface OutboxSource {
  /**
   * Claims up to `limit` unpublished events, hands them to `publish`, and marks them published
   * only if `publish` resolved. Returns how many were published.
   */
  claimBatch(limit: number, publish: (events: EventEnvelope[]) => Promise<void>): Promise<number>;
  /** Deletes published events older than the date. */
  prune?(olderThan: Date): Promise<number>;
  /** Events waiting and the age of the oldest in seconds, for the backlog gauges. */
  backlog?(): Promise<{ messages: number; oldestAgeSeconds: number }>;
}

export interface OutboxRelayOptions {
  source: OutboxSource;
  bus: EventBus;
  logger: Logger;
  batchSize?: number;
  /** How long to wait when the outbox is empty, unless woken. Default 250 ms. */
  idleMs?: number;
  /** Published events are kept this long, then pruned. Default 7 days. */
  retentionMs?: number;
  /**
   * The `service` label of the backlog gauges. Default: the service the active context works
   * for when the relay starts (`runAsService`; the process's service otherwise).
   */
  service?: string;
}

export interface OutboxRelay {
  /** Tells the relay there is something to publish now (call after a commit). */
  wake(): void;
  /** Stops after the batch in progress. */
  close(): Promise<void>;
}

/**
 * Moves events from a service's outbox to the bus, at least once: a crash between publishing
 * and marking publishes the batch again, which consumers' inboxes absorb. Several relays may
 * run against one outbox (replicas); row locks keep their batches apart.
 *
 * Each batch it publishes is a span (`outbox publish`). With a source that tells its backlog,
 * the relay exports `slms_outbox_backlog_messages` and `slms_outbox_backlog_age_seconds`
 * (read on scrape, at most every 15 s).
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 100;
  const idleMs = options.idleMs ?? 250;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600_000;
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  let lastPrune = 0;
  const service = options.service ?? currentService();
  const labels = { service };
  // Each batch the root of its own trace (the events carry their producers' traces).
  const batchParent = contextWithService(service, ROOT_CONTEXT);
  const publishBatch = (events: EventEnvelope[]) =>
    withSpan(
      "outbox publish",
      {
        kind: SpanKind.PRODUCER,
        parent: batchParent,
        attributes: { "messaging.batch.message_count": events.length },
      },
      () => options.bus.publish(events),
    );
  const stopGauges: (() => void)[] = [];
  const backlog = options.source.backlog?.bind(options.source);
  if (backlog) {
    const read = cachedReading(backlog);
    stopGauges.push(
      observeGauge(OUTBOX_BACKLOG, "Outbox events waiting to be published", async (result) => {
        const value = await read();
        if (value) result.observe(value.messages, labels);
      }),
      observeGauge(
        OUTBOX_AGE,
        "Age of the oldest outbox event waiting to be published (0 when none)",
        async (result) => {
          const value = await read();
          if (value) result.observe(value.oldestAgeSeconds, labels);
        },
      ),
    );
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopped) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        woken = false;
        resolve();
      }
      wakeUp = done;
    });

  // A bus back from a broker outage wakes the relay: the backlog goes out at once, not after
  // the rest of a backoff of up to 5 s.
  const offConnected = options.bus.onConnected?.(() => wake());

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      let published = 0;
      try {
        published = await options.source.claimBatch(batchSize, publishBatch);
        failures = 0;
        if (options.source.prune && Date.now() - lastPrune > 3600_000) {
          lastPrune = Date.now();
          await options.source.prune(new Date(Date.now() - retentionMs));
        }
      } catch (error) {
        failures++;
        options.logger.warn({ err: error, failures }, "outbox relay: publish failed; retrying");
        await pause(Math.min(5_000, 100 * 2 ** failures));
        continue;
      }
      if (published < batchSize) await pause(idleMs);
    }
  })();

  function wake() {
    woken = true;
    wakeUp?.();
  }

  return {
    wake,
    async close() {
      stopped = true;
      offConnected?.();
      for (const stop of stopGauges.splice(0)) stop();
      wakeUp?.();
      await loop;
    },
  };
}
