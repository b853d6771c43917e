import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPruneJob } from "../src/jobs/prune.ts";
import { pruneApiCalls } from "../src/use-cases/prune-api-calls.ts";
import { recordApiCall } from "../src/use-cases/record-api-call.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("prune_calls", { edge: false });
});
afterAll(() => h?.close());

/** Records one call of `client` at `at`. */
const callAt = (client: Parameters<typeof recordApiCall>[1]["client"], at: string) =>
  recordApiCall(
    { ...h.deps, clock: () => new Date(at) },
    { client, rpc: "ReadChanges", siteId: null, status: 0, durationMs: 1 },
  );

const callsOf = async (clientId: string) =>
  (await h.deps.db.apiCall.findMany({ where: { clientId }, orderBy: { at: "asc" } })).map((r) =>
    r.at.toISOString(),
  );

describe("pruneApiCalls", () => {
  it("deletes the audit rows older than the cut-off, batch by batch, and keeps the rest", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    const old = Array.from({ length: 7 }, (_, i) => `2024-01-0${i + 1}T00:00:00.000Z`);
    for (const at of [...old, "2025-06-01T00:00:00.000Z", "2025-06-01T00:00:00.001Z"]) {
      await callAt(edge, at);
    }
    const deleted = await pruneApiCalls(h.deps, {
      olderThan: new Date("2025-06-01T00:00:00.000Z"),
      batch: 3,
    });
    expect(deleted).toBe(7);
    expect(await callsOf(edge.id)).toEqual([
      "2025-06-01T00:00:00.000Z",
      "2025-06-01T00:00:00.001Z",
    ]);
    expect(await pruneApiCalls(h.deps, { olderThan: new Date("2025-06-01T00:00:00Z") })).toBe(0);
  });

  it("runs as the service's job, with the retention in days", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    await callAt(edge, "2026-01-01T00:00:00.000Z");
    await callAt(edge, "2026-03-01T00:00:00.000Z");
    const deps = { ...h.deps, clock: () => new Date("2026-03-02T00:00:00.000Z") };
    const job = startPruneJob(deps, h.deps.logger, { intervalMs: 3_600_000, retentionDays: 30 });
    await job.tick();
    await job.close();
    expect(await callsOf(edge.id)).toEqual(["2026-03-01T00:00:00.000Z"]);
  });

  it("refuses a batch that is not a positive whole number", async () => {
    await expect(pruneApiCalls(h.deps, { olderThan: new Date(), batch: 0 })).rejects.toThrow(
      /batch/,
    );
  });
});
