import { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { event, readModels, siteCreated, statusChanged, unitCreated } from "./support.ts";

let models: Awaited<ReturnType<typeof readModels>>;
beforeAll(async () => {
  models = await readModels("apply_event");
});
afterAll(async () => {
  await models?.close();
});

const unit = (unitId: string) => models.deps.db.unitFact.findUnique({ where: { unitId } });

describe("applyEvent", () => {
  it("keeps a unit from its creation and status changes, each event once", async () => {
    const created = unitCreated("sit_a", "unt_1", { area: "120.50", buildingId: "bld_1" });
    expect(await applyEvent(models.deps, created)).toBe(true);
    expect(await applyEvent(models.deps, created)).toBe(false); // redelivered
    const leased = statusChanged("sit_a", "unt_1", "vacant", "leased", "2026-06-02T00:00:00.000Z");
    await applyEvent(models.deps, leased);
    await applyEvent(models.deps, leased);
    expect(await unit("unt_1")).toMatchObject({
      siteId: "sit_a",
      buildingId: "bld_1",
      kind: "office",
      status: "leased",
      listRentMonthlyMinor: 1_000_000n,
      currency: "CNY",
    });
    expect((await unit("unt_1"))!.grossAreaM2!.toFixed(2)).toBe("120.50");
    const activity = await models.deps.db.siteActivity.findMany({ where: { siteId: "sit_a" } });
    expect(activity.map((a) => [a.type, a.events])).toEqual(
      expect.arrayContaining([
        ["assets.unit.created", 1n],
        ["assets.unit.status_changed", 1n],
      ]),
    );
  });

  it("is not misled by events out of order: the newest status wins, creation keeps it", async () => {
    await applyEvent(
      models.deps,
      statusChanged("sit_a", "unt_2", "reserved", "leased", "2026-06-03T00:00:00.000Z"),
    );
    // The unit's facts are not known yet; its status is.
    expect(await unit("unt_2")).toMatchObject({ status: "leased", grossAreaM2: null });
    await applyEvent(
      models.deps,
      statusChanged("sit_a", "unt_2", "vacant", "reserved", "2026-06-02T00:00:00.000Z"),
    );
    await applyEvent(models.deps, unitCreated("sit_a", "unt_2", { area: "80" }));
    expect(await unit("unt_2")).toMatchObject({ status: "leased" });
    expect((await unit("unt_2"))!.grossAreaM2!.toFixed(2)).toBe("80.00");
  });

  it("records every event with a site for freshness, the newest time whatever the order", async () => {
    const later = event("billing.bill.paid", "sit_f", { any: 1 }, "2026-06-10T00:00:00.000Z");
    const earlier = event("billing.bill.paid", "sit_f", { any: 2 }, "2026-06-09T00:00:00.000Z");
    await applyEvent(models.deps, later);
    await applyEvent(models.deps, earlier);
    const row = await models.deps.db.siteActivity.findUnique({
      where: { siteId_type: { siteId: "sit_f", type: "billing.bill.paid" } },
    });
    expect(row).toMatchObject({ events: 2n, orgId: "org_report" });
    expect(row!.lastOccurredAt.toISOString()).toBe("2026-06-10T00:00:00.000Z");
  });

  it("keeps a site's newest facts: an older update heard of later is ignored", async () => {
    await applyEvent(
      models.deps,
      siteCreated("sit_tz", "Asia/Shanghai", "2026-05-01T00:00:00.000Z"),
    );
    const update = (timeZone: string, at: string) =>
      event(
        "assets.site.updated",
        "sit_tz",
        {
          siteId: "sit_tz",
          code: "sit_tz",
          name: "sit_tz",
          kind: "office",
          timeZone,
          currency: "CNY",
          address: "",
          changes: [{ field: "timeZone", from: "x", to: timeZone }],
        },
        at,
      );
    await applyEvent(models.deps, update("Asia/Urumqi", "2026-05-03T00:00:00.000Z"));
    await applyEvent(models.deps, update("Asia/Tokyo", "2026-05-02T00:00:00.000Z"));
    const site = await models.deps.db.siteFact.findUnique({ where: { siteId: "sit_tz" } });
    expect(site).toMatchObject({ timeZone: "Asia/Urumqi", currency: "CNY", orgId: "org_report" });
  });

  it("refuses a unit event whose data is malformed, and writes nothing", async () => {
    const bad = unitCreated("sit_a", "unt_bad", { area: "12.345" });
    const error = await applyEvent(models.deps, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(await unit("unt_bad")).toBeNull();
    expect(await models.deps.db.inboxMessage.count({ where: { messageId: bad.id } })).toBe(0);
  });
});
