import { Writable } from "node:stream";
import { createLogger } from "@slms/logging";
import { describe, expect, it } from "vitest";
import { shutdownOnSignals } from "./shutdown.ts";

const quiet = createLogger({
  service: "test",
  level: "silent",
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});

describe("shutdownOnSignals", () => {
  it("closes steps in order, keeps going past a failing step, exits 1 if any failed", async () => {
    const order: string[] = [];
    const exits: number[] = [];
    const shutdown = shutdownOnSignals({
      logger: quiet,
      signals: [],
      timeoutMs: 5_000,
      exit: (code) => exits.push(code),
      steps: [
        { name: "server", close: async () => void order.push("server") },
        {
          name: "broker",
          close: async () => {
            order.push("broker");
            throw new Error("boom");
          },
        },
        { name: "db", close: async () => void order.push("db") },
      ],
    });
    await shutdown("test");
    expect(order).toEqual(["server", "broker", "db"]);
    expect(exits).toEqual([1]);
  });

  it("exits 0 when every step closed, and forces exit on a second request", async () => {
    const exits: number[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const shutdown = shutdownOnSignals({
      logger: quiet,
      signals: [],
      timeoutMs: 5_000,
      exit: (code) => exits.push(code),
      steps: [{ name: "slow", close: () => blocked }],
    });
    const first = shutdown("first");
    void shutdown("second");
    expect(exits).toEqual([1]);
    release();
    await first;
    expect(exits).toEqual([1, 0]);
  });
});
