import { createLogger } from "@slms/logging";
import { describe, expect, it } from "vitest";
import { startPeriodic } from "./periodic.ts";

const logger = createLogger({ service: "periodic-test", level: "silent" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startPeriodic", () => {
  it("runs on start and every interval, one run at a time", async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const job = startPeriodic({
      name: "test job",
      intervalMs: 10,
      logger,
      run: async () => {
        active++;
        most = Math.max(most, active);
        await sleep(25); // longer than the interval: ticks queue behind it
        active--;
        return ++runs;
      },
    });
    await sleep(120);
    await job.close();
    const after = runs;
    await sleep(50);
    expect(after).toBeGreaterThanOrEqual(2);
    expect(most).toBe(1);
    expect(runs).toBe(after); // closed: nothing runs any more
    expect(active).toBe(0);
  });

  it("survives a failing run and answers a tick with the result", async () => {
    let calls = 0;
    const job = startPeriodic({
      name: "flaky job",
      intervalMs: 60_000,
      logger,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error("database away");
        return calls;
      },
    });
    try {
      expect(await job.tick()).toBe(2);
      expect(calls).toBe(2);
    } finally {
      await job.close();
    }
  });
});
