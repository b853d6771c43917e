import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideWaiver } from "../src/use-cases/decide-waiver.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("decide_waiver");
});

afterAll(async () => {
  await h?.close();
});

async function pendingWaiver(siteId: string) {
  const lease = h.lease({ months: 1, site: siteId });
  await h.publish(EventTypes.LeaseActivated, lease);
  await h.runTo("2026-01-01", siteId);
  const [bill] = await h.billsOf(lease.leaseId, siteId);
  const { waiver } = await h.billing.RequestWaiver(
    { siteId, billId: bill!.id, amountMinor: 200_000, reason: "leak damage" },
    { caller: h.hq },
  );
  expect(waiver!.status).toBe("WAIVER_STATUS_PENDING");
  return waiver!;
}

describe("DecideWaiver", () => {
  it("decides a waiver only under its own site's path, by someone other than who asked", async () => {
    const waiver = await pendingWaiver(h.otherSiteId);
    const manager = { ...h.staffAt(h.siteId, "usr_manager"), siteIds: [h.siteId, h.otherSiteId] };
    const elsewhere = await failure(
      h.billing.DecideWaiver(
        { siteId: h.siteId, id: waiver.id, approve: true },
        { caller: manager },
      ),
    );
    expect(elsewhere.kind).toBe("not_found");
    const own = await failure(
      h.billing.DecideWaiver(
        { siteId: h.otherSiteId, id: waiver.id, approve: true },
        { caller: h.hq },
      ),
    );
    expect(own.kind).toBe("forbidden");
    const decided = await h.billing.DecideWaiver(
      { siteId: h.otherSiteId, id: waiver.id, approve: true, note: "photos checked" },
      { caller: h.staffAt(h.otherSiteId, "usr_manager") },
    );
    expect(decided.waiver).toMatchObject({
      status: "WAIVER_STATUS_APPROVED",
      decidedBy: "usr_manager",
    });
  });

  it("refuses a note that cannot be stored at the use-case edge, naming it", async () => {
    const waiver = await pendingWaiver(h.siteId);
    const error = await failure(
      decideWaiver(h.service.deps, h.staffAt(h.siteId, "usr_manager"), {
        siteId: h.siteId,
        waiverId: waiver.id,
        approve: true,
        note: "checked\u0000",
      }),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["note"]]);
  });
});
