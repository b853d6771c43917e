import { describe, expect, it } from "vitest";
import { skipMissedTicks } from "./skip-missed-ticks.ts";

describe("skipMissedTicks", () => {
  it("runs once after a long run, not once per tick missed meanwhile", async () => {
    let now = 0;
    let runs = 0;
    const run = skipMissedTicks(
      async () => {
        runs++;
        if (runs === 1) now += 5 * 60_000; // five intervals long: five ticks queue behind it
        return runs;
      },
      60_000,
      () => now,
    );
    expect(await run()).toBe(1);
    const queued = [];
    for (let k = 0; k < 5; k++) queued.push(await run()); // the queued ticks, back to back
    expect(queued).toEqual([2, undefined, undefined, undefined, undefined]);
    now += 60_000;
    expect(await run()).toBe(3); // the next tick on time runs
  });

  it("runs on every tick while runs are short", async () => {
    let now = 0;
    const run = skipMissedTicks(
      async () => "ran",
      60_000,
      () => now,
    );
    const results = [];
    for (let k = 0; k < 3; k++) {
      results.push(await run());
      now += 60_000;
    }
    expect(results).toEqual(["ran", "ran", "ran"]);
  });
});
