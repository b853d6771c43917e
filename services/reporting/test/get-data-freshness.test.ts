import { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getDataFreshness } from "../src/use-cases/get-data-freshness.ts";
import { event, hq, readModels, staffAt } from "./support.ts";

let models: Awaited<ReturnType<typeof readModels>>;
beforeAll(async () => {
  models = await readModels("data_freshness");
  // The clock stands at 2026-06-15T04:00Z.
  for (const [site, type, at] of [
    ["sit_busy", "billing.bill.paid", "2026-06-14T00:00:00.000Z"],
    ["sit_busy", "billing.bill.overdue", "2026-06-15T01:00:00.000Z"],
    ["sit_busy", "billing.bill.overdue", "2026-06-12T01:00:00.000Z"],
    ["sit_quiet", "billing.bill.paid", "2026-06-01T00:00:00.000Z"],
  ] as const) {
    await applyEvent(models.deps, event(type, site, {}, at));
  }
});
afterAll(async () => {
  await models?.close();
});

describe("getDataFreshness", () => {
  it("shows per site the last event of each type and flags sites quiet for a week", async () => {
    const { sites, asOf } = await getDataFreshness(models.deps, hq, undefined, {});
    expect(asOf.toISOString()).toBe("2026-06-15T04:00:00.000Z");
    expect(sites.map((s) => [s.siteId, s.lastEventAt?.toISOString(), s.quiet])).toEqual([
      ["sit_busy", "2026-06-15T01:00:00.000Z", false],
      ["sit_quiet", "2026-06-01T00:00:00.000Z", true],
    ]);
    expect(sites[0]!.activity.map((a) => [a.type, a.events])).toEqual([
      ["billing.bill.overdue", 2n],
      ["billing.bill.paid", 1n],
    ]);
  });

  it("takes another quiet period; a site never heard of is not found", async () => {
    const month = await getDataFreshness(models.deps, hq, undefined, { quietAfterDays: 30 });
    expect(month.sites.every((s) => !s.quiet)).toBe(true);
    // A site reporting never heard of, like another organisation's, is not found.
    const silent = await getDataFreshness(models.deps, hq, "sit_silent", {}).catch((e) => e);
    expect((silent as DomainError).kind).toBe("not_found");
  });

  it("limits a site user to their sites and refuses a quiet period past a year", async () => {
    const { sites } = await getDataFreshness(models.deps, staffAt("sit_quiet"), undefined, {});
    expect(sites.map((s) => s.siteId)).toEqual(["sit_quiet"]);
    const hidden = await getDataFreshness(models.deps, staffAt("sit_quiet"), "sit_busy", {}).catch(
      (e) => e,
    );
    expect((hidden as DomainError).kind).toBe("not_found");
    const tooLong = await getDataFreshness(models.deps, hq, undefined, {
      quietAfterDays: 367,
    }).catch((e) => e);
    expect(tooLong).toBeInstanceOf(DomainError);
    expect((tooLong as DomainError).details.map((d) => d.field)).toEqual(["quietAfterDays"]);
  });
});
