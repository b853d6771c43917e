import type { EventEnvelope } from "@slms/contracts";
import { createLogger } from "@slms/logging";
import { waitFor } from "@slms/testing";
import { describe, expect, it } from "vitest";
import { createInProcessBus, type OutboxSource, startOutboxRelay } from "../src/index.ts";
import { statusChanged } from "./fixtures.ts";

const logger = createLogger({ service: "relay-test", level: "silent" });

// The relay's contract with an outbox, kept in memory to exercise the loop itself; the real
// table-backed source is tested in @slms/db and end to end in services/assets.
function memoryOutbox(events: EventEnvelope[]): OutboxSource & { pending: EventEnvelope[] } {
  const pending = [...events];
  return {
    pending,
    async claimBatch(limit, publish) {
      const batch = pending.slice(0, limit);
      if (batch.length === 0) return 0;
      await publish(batch);
      pending.splice(0, batch.length);
      return batch.length;
    },
  };
}

describe("outbox relay", () => {
  it("publishes everything in batches and keeps what failed to publish", async () => {
    const bus = createInProcessBus({ logger });
    const seen: string[] = [];
    let failures = 1;
    await bus.subscribe({
      queue: "q",
      bindings: ["#"],
      handle: async (e) => {
        seen.push(e.id);
      },
    });
    const events = Array.from({ length: 25 }, () => statusChanged());
    const outbox = memoryOutbox(events);
    const flaky = {
      ...bus,
      publish: async (batch: readonly EventEnvelope[]) => {
        if (failures-- > 0) throw new Error("broker down");
        await bus.publish(batch);
      },
    };
    const relay = startOutboxRelay({
      source: outbox,
      bus: flaky,
      logger,
      batchSize: 10,
      idleMs: 10_000,
    });
    await waitFor(() => outbox.pending.length === 0, { timeoutMs: 5_000 });
    expect(seen).toEqual(events.map((e) => e.id));
    await relay.close();
    await bus.close();
  });

  it("retries at once when the bus is connected again, without waiting out its backoff", async () => {
    const bus = createInProcessBus({ logger });
    await bus.subscribe({ queue: "q", bindings: ["#"], handle: async () => {} });
    const listeners = new Set<() => void>();
    let down = true;
    let attempts = 0;
    const outage = {
      ...bus,
      publish: async (batch: readonly EventEnvelope[]) => {
        attempts++;
        if (down) throw new Error("broker down");
        await bus.publish(batch);
      },
      onConnected(listener: () => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const outbox = memoryOutbox([statusChanged(), statusChanged()]);
    const relay = startOutboxRelay({ source: outbox, bus: outage, logger, idleMs: 60_000 });
    // 200, 400, 800, 1,600 ms: the fifth try would come 3.2 s after the fourth.
    await waitFor(() => attempts >= 4, { timeoutMs: 10_000 });
    down = false;
    const back = performance.now();
    for (const listener of listeners) listener();
    await waitFor(() => outbox.pending.length === 0, { timeoutMs: 10_000, intervalMs: 5 });
    expect(performance.now() - back).toBeLessThan(500);
    await relay.close();
    expect(listeners.size, "the relay stops listening when closed").toBe(0);
    await bus.close();
  });

  it("wakes up at once when told, without waiting for its idle interval", async () => {
    const bus = createInProcessBus({ logger });
    const outbox = memoryOutbox([]);
    const relay = startOutboxRelay({ source: outbox, bus, logger, idleMs: 60_000 });
    await new Promise((resolve) => setImmediate(resolve));
    outbox.pending.push(statusChanged());
    relay.wake();
    await waitFor(() => outbox.pending.length === 0, { timeoutMs: 5_000 });
    await relay.close();
    await bus.close();
  });
});
