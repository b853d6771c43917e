import { termsToProto } from "@slms/contracts";
import { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, monthlyTerms, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("lease_lifecycle");
});

afterAll(async () => {
  await h?.close();
});

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const unitStatus = async (unitId: string) =>
  (await h.assets.GetUnit({ siteId: h.siteId, id: unitId }, { caller: h.hq })).unit!.status;

describe("lease lifecycle", () => {
  it("creates a draft, activates it (units held, unit leased) and announces the terms and schedule", async () => {
    // The longest term there is: twenty years (PRC Civil Code art. 705).
    const draft = await h.draft({ startDate: "2026-01-01", endDate: "2045-12-31" });
    expect(draft).toMatchObject({
      status: "LEASE_STATUS_DRAFT",
      currencyCode: "CNY",
      startDate: "2026-01-01",
    });
    expect(draft.versions).toHaveLength(1);
    const { lease } = await h.leases.ActivateLease(
      { siteId: h.siteId, id: draft.id },
      { caller: h.hq },
    );
    expect(lease!.status).toBe("LEASE_STATUS_ACTIVE");
    const { holds } = await h.assets.ListUnitHolds(
      { siteId: h.siteId, unitId: draft.unitIds[0]! },
      { caller: h.hq },
    );
    expect(holds.map((x) => [x.leaseId, x.fromDate, x.toDate])).toEqual([
      [draft.id, "2026-01-01", "2045-12-31"],
    ]);
    expect(await unitStatus(draft.unitIds[0]!)).toBe("UNIT_STATUS_LEASED");
    // Activating again changes nothing.
    expect(
      (await h.leases.ActivateLease({ siteId: h.siteId, id: draft.id }, { caller: h.hq })).lease!
        .status,
    ).toBe("LEASE_STATUS_ACTIVE");
    await h.settled();
    const activated = h.events.filter(
      (e) => e.type === "contracts.lease.activated" && e.data.leaseId === draft.id,
    );
    expect(activated).toHaveLength(1);
    expect(activated[0]!.data).toMatchObject({
      customerId: h.customerId,
      currency: "CNY",
      timeZone: "Asia/Shanghai",
    });
    const schedule = activated[0]!.data.schedule as { periodStart: string; amountMinor: number }[];
    expect(schedule[0]).toMatchObject({ periodStart: "2026-01-01", amountMinor: 650_000 });
  });

  it("lets exactly one of two leases racing for the same unit become active, 50 times over", async () => {
    for (let race = 0; race < 50; race++) {
      const unitId = await h.newUnit();
      const [a, b] = await Promise.all([
        h.draft({ unitIds: [unitId], startDate: "2030-01-01", endDate: "2030-12-31" }),
        h.draft({ unitIds: [unitId], startDate: "2030-06-01", endDate: "2031-05-31" }),
      ]);
      const results = await Promise.allSettled(
        [a, b].map((lease) =>
          h.leases.ActivateLease({ siteId: h.siteId, id: lease.id }, { caller: h.hq }),
        ),
      );
      expect(
        results.filter((r) => r.status === "fulfilled"),
        `race ${race}`,
      ).toHaveLength(1);
      const lost = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
      expect((lost.reason as DomainError).kind).toBe("conflict");
      const active = await h.db.lease.count({
        where: { id: { in: [a.id, b.id] }, status: "active" },
      });
      expect(active).toBe(1);
    }
  }, 120_000);

  it("terminates early: penalty by the rule, settlement, units released from the next day", async () => {
    const draft = await h.draft({ startDate: "2026-01-01", endDate: "2026-12-31" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: draft.id }, { caller: h.hq });
    const preview = await h.leases.PreviewTermination(
      { siteId: h.siteId, id: draft.id, terminationDate: "2026-06-15" },
      { caller: h.hq },
    );
    expect(preview.settlement).toMatchObject({
      terminationDate: "2026-06-15",
      penaltyMinor: 1_300_000,
      depositMinor: 1_300_000,
    });
    expect(preview.settlement!.finalPeriods).toEqual([
      {
        feeCode: "rent",
        periodStart: "2026-06-01",
        originalEnd: "2026-06-30",
        newEnd: "2026-06-15",
        originalAmountMinor: 650_000,
        proratedAmountMinor: 325_000,
      },
    ]);
    expect(preview.settlement!.droppedPeriods.map((p) => p.periodStart)).toEqual([
      "2026-07-01",
      "2026-08-01",
      "2026-09-01",
      "2026-10-01",
      "2026-11-01",
      "2026-12-01",
    ]);
    const result = await h.leases.TerminateLease(
      {
        siteId: h.siteId,
        id: draft.id,
        terminationDate: "2026-06-15",
        reason: "tenant relocating",
      },
      { caller: h.hq },
    );
    expect(result.lease).toMatchObject({
      status: "LEASE_STATUS_TERMINATED",
      terminationDate: "2026-06-15",
      terminationReason: "tenant relocating",
      penaltyMinor: 1_300_000,
    });
    expect(result.settlement).toEqual(preview.settlement);
    const { holds } = await h.assets.ListUnitHolds(
      { siteId: h.siteId, unitId: draft.unitIds[0]! },
      { caller: h.hq },
    );
    expect(holds).toEqual([]);
    expect(
      await h.db.lease.findUnique({ where: { id: draft.id }, select: { releasePending: true } }),
    ).toEqual({ releasePending: false });
    // The unit is free for another lease from the next day.
    const next = await h.draft({
      unitIds: draft.unitIds,
      startDate: "2026-06-16",
      endDate: "2026-12-31",
    });
    await h.leases.ActivateLease({ siteId: h.siteId, id: next.id }, { caller: h.hq });
    await h.settled();
    const terminated = h.events.find(
      (e) => e.type === "contracts.lease.terminated" && e.data.leaseId === draft.id,
    );
    expect(terminated?.data).toMatchObject({
      terminationDate: "2026-06-15",
      penaltyMinor: 1_300_000,
      reason: "tenant relocating",
    });
    expect(
      (
        await failure(
          h.leases.TerminateLease(
            { siteId: h.siteId, id: draft.id, terminationDate: "2026-07-01", reason: "x" },
            { caller: h.hq },
          ),
        )
      ).kind,
    ).toBe("conflict");
  });

  it("renews into a linked chain of successors that hold the units without a gap", async () => {
    const first = await h.draft({ startDate: "2026-01-01", endDate: "2026-12-31" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: first.id }, { caller: h.hq });
    const { lease: second } = await h.leases.RenewLease(
      { siteId: h.siteId, id: first.id, endDate: "2027-12-31" },
      { caller: h.hq },
    );
    expect(second).toMatchObject({
      status: "LEASE_STATUS_ACTIVE",
      startDate: "2027-01-01",
      endDate: "2027-12-31",
      predecessorId: first.id,
    });
    const raised = { ...monthlyTerms, rent: { kind: "per_period" as const, amountMinor: 700_000 } };
    const { lease: third } = await h.leases.RenewLease(
      {
        siteId: h.siteId,
        id: second!.id,
        endDate: "2028-12-31",
        terms: termsToProto(raised),
        reference: "L-third",
      },
      { caller: h.hq },
    );
    expect(third).toMatchObject({
      startDate: "2028-01-01",
      predecessorId: second!.id,
      reference: "L-third",
    });
    expect(
      (await h.leases.GetLease({ siteId: h.siteId, id: first.id }, { caller: h.hq })).lease!
        .successorId,
    ).toBe(second!.id);
    const schedule = await h.leases.GetLeaseSchedule(
      { siteId: h.siteId, id: third!.id },
      { caller: h.hq },
    );
    expect(schedule.charges[0]).toMatchObject({ periodStart: "2028-01-01", amountMinor: 700_000 });
    const { holds } = await h.assets.ListUnitHolds(
      { siteId: h.siteId, unitId: first.unitIds[0]! },
      { caller: h.hq },
    );
    expect(holds.map((x) => [x.fromDate, x.toDate])).toEqual([
      ["2026-01-01", "2026-12-31"],
      ["2027-01-01", "2027-12-31"],
      ["2028-01-01", "2028-12-31"],
    ]);
    expect(
      (
        await failure(
          h.leases.RenewLease(
            { siteId: h.siteId, id: first.id, endDate: "2029-12-31" },
            { caller: h.hq },
          ),
        )
      ).kind,
    ).toBe("conflict");
    await h.settled();
    expect(
      h.events.filter((e) => e.type === "contracts.lease.renewed").map((e) => e.data.predecessorId),
    ).toEqual(expect.arrayContaining([first.id, second!.id]));
  });

  it("amends from a date without changing any period before it", async () => {
    const draft = await h.draft({ startDate: "2026-01-01", endDate: "2027-12-31" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: draft.id }, { caller: h.hq });
    const before = (
      await h.leases.GetLeaseSchedule({ siteId: h.siteId, id: draft.id }, { caller: h.hq })
    ).charges;
    const amended = {
      ...monthlyTerms,
      rent: { kind: "per_period" as const, amountMinor: 800_000 },
    };
    const { lease } = await h.leases.AmendLease(
      {
        siteId: h.siteId,
        id: draft.id,
        effectiveFrom: "2026-07-16",
        terms: termsToProto(amended),
        reason: "larger space agreed",
      },
      { caller: h.hq },
    );
    expect(lease!.versions.map((v) => [v.version, v.effectiveFrom, v.reason])).toEqual([
      [1, "2026-01-01", "initial terms"],
      [2, "2026-07-16", "larger space agreed"],
    ]);
    const after = (
      await h.leases.GetLeaseSchedule({ siteId: h.siteId, id: draft.id }, { caller: h.hq })
    ).charges;
    const ended = (c: { periodEnd: string }) => c.periodEnd < "2026-07-16";
    expect(after.filter(ended)).toEqual(before.filter(ended));
    // July: 15 days at 650,000 and 16 days at 800,000, over 31 days.
    expect(after.find((c) => c.periodStart === "2026-07-01")!.amountMinor).toBe(
      Math.round((15 * 650_000 + 16 * 800_000) / 31),
    );
    expect(after.find((c) => c.periodStart === "2026-08-01")!.amountMinor).toBe(800_000);
    await h.settled();
    const event = h.events.find(
      (e) => e.type === "contracts.lease.amended" && e.data.leaseId === draft.id,
    );
    expect(event?.data).toMatchObject({ version: 2, effectiveFrom: "2026-07-16" });
    const early = await failure(
      h.leases.AmendLease(
        {
          siteId: h.siteId,
          id: draft.id,
          effectiveFrom: "2026-03-01",
          terms: termsToProto(amended),
          reason: "backdated",
        },
        { caller: h.hq },
      ),
    );
    expect(early.details.map((d) => d.field)).toContain("effectiveFrom");
  });
});

describe("bad input", () => {
  it("names every bad field and writes nothing", async () => {
    const before = await h.db.lease.count();
    const unitId = await h.newUnit();
    const otherSiteUnit = await h.newUnit(h.otherSiteId);
    const bad = async (request: Record<string, unknown>) =>
      failure(
        h.leases.CreateLease(
          {
            siteId: h.siteId,
            reference: "L-bad",
            customerId: h.customerId,
            unitIds: [unitId],
            startDate: "2026-01-01",
            endDate: "2026-12-31",
            terms: termsToProto(monthlyTerms),
            ...request,
          },
          { caller: h.hq },
        ),
      );
    expect((await bad({ endDate: "2025-12-31" })).details.map((d) => d.field)).toContain("endDate");
    expect(
      (
        await bad({
          terms: termsToProto({ ...monthlyTerms, rent: { kind: "per_period", amountMinor: -1 } }),
        })
      ).details.map((d) => d.field),
    ).toEqual(["terms.rent.amountMinor"]);
    expect((await bad({ unitIds: ["unt_nope"] })).details).toEqual([
      { field: "unitIds.0", message: "is not a unit of this site" },
    ]);
    expect((await bad({ unitIds: [unitId, otherSiteUnit] })).details).toEqual([
      { field: "unitIds.1", message: "is not a unit of this site" },
    ]);
    expect((await bad({ customerId: "cus_nope" })).details).toEqual([
      { field: "customerId", message: "is not a customer of this site" },
    ]);
    const overlapping = termsToProto({
      ...monthlyTerms,
      rentFree: [
        { from: "2026-01-01", to: "2026-02-28" },
        { from: "2026-02-01", to: "2026-03-31" },
      ],
    });
    const rentFree = await bad({ terms: overlapping });
    expect(rentFree.kind).toBe("invalid");
    expect(rentFree.details.map((d) => d.field)).toEqual(["terms.rentFree.1.from"]);
    expect(
      (
        await bad({ terms: termsToProto({ ...monthlyTerms, frequency: "weekly" as never }) })
      ).details.map((d) => d.field),
    ).toContain("terms.frequency");
    expect(await h.db.lease.count()).toBe(before);
  });

  it("refuses a unit another lease holds at activation with 409, keeping the draft a draft", async () => {
    const unitId = await h.newUnit();
    const a = await h.draft({ unitIds: [unitId], startDate: "2031-01-01", endDate: "2031-12-31" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: a.id }, { caller: h.hq });
    const b = await h.draft({ unitIds: [unitId], startDate: "2031-12-01", endDate: "2032-11-30" });
    const error = await failure(
      h.leases.ActivateLease({ siteId: h.siteId, id: b.id }, { caller: h.hq }),
    );
    expect(error.kind).toBe("conflict");
    expect(error.message).toContain(a.id);
    expect(
      (await h.leases.GetLease({ siteId: h.siteId, id: b.id }, { caller: h.hq })).lease!.status,
    ).toBe("LEASE_STATUS_DRAFT");
  });

  it("hides leases of sites outside the caller's scope", async () => {
    const lease = await h.draft();
    const otherClerk = { ...h.hq, siteIds: [h.otherSiteId], roles: ["clerk"] };
    expect(
      (await failure(h.leases.GetLease({ siteId: h.siteId, id: lease.id }, { caller: otherClerk })))
        .kind,
    ).toBe("not_found");
    expect(
      (
        await failure(
          h.leases.GetLease({ siteId: h.otherSiteId, id: lease.id }, { caller: otherClerk }),
        )
      ).kind,
    ).toBe("not_found");
    expect(
      (
        await failure(
          h.leases.ActivateLease({ siteId: h.siteId, id: lease.id }, { caller: otherClerk }),
        )
      ).kind,
    ).toBe("not_found");
  });
});
