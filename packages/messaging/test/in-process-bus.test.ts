import type { EventEnvelope } from "@slms/contracts";
import { createLogger } from "@slms/logging";
import { describe, expect, it } from "vitest";
import { createInProcessBus } from "../src/index.ts";
import { statusChanged } from "./fixtures.ts";

const logger = createLogger({ service: "in-process-bus-test", level: "silent" });

describe("in-process bus", () => {
  it("delivers to matching subscriptions before publish resolves", async () => {
    const bus = createInProcessBus({ logger });
    const got: EventEnvelope[] = [];
    await bus.subscribe({
      queue: "a",
      bindings: ["assets.#"],
      handle: async (e) => void got.push(e),
    });
    await bus.subscribe({
      queue: "b",
      bindings: ["billing.#"],
      handle: async () => {
        throw new Error("must not be called");
      },
    });
    const event = statusChanged();
    await bus.publish([event]);
    expect(got).toEqual([event]);
    await bus.close();
  });

  it("retries a failing handler and dead-letters it after maxDeliveries", async () => {
    const bus = createInProcessBus({ logger });
    const attempts: number[] = [];
    await bus.subscribe({
      queue: "failing",
      bindings: ["#"],
      maxDeliveries: 3,
      handle: async (_e, delivery) => {
        attempts.push(delivery.attempt);
        throw new Error("nope");
      },
    });
    const event = statusChanged();
    await bus.publish([event]);
    expect(attempts).toEqual([1, 2, 3]);
    expect(bus.deadLetters()).toEqual([{ queue: "failing", event, error: "Error: nope" }]);
    await bus.close();
  });

  it("validates events like the broker bus does", async () => {
    const bus = createInProcessBus({ logger });
    await expect(bus.publish([{ ...statusChanged(), id: "not-a-uuid" }])).rejects.toThrow(
      /is invalid/,
    );
    await bus.close();
    await expect(bus.publish([statusChanged()])).rejects.toThrow(/closed/);
  });
});
