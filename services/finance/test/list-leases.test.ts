import { termsToProto } from "@slms/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLeases } from "../src/use-cases/list-leases.ts";
import { failureOf, type Harness, monthlyTerms, startHarness } from "./harness.ts";

let h: Harness;
let leaseId: string;
beforeAll(async () => {
  // No settle horizon, so lists by update time show what was just written.
  h = await startHarness("list_leases", { edge: false, syncSettleMs: 0 });
  ({ leaseId } = await h.seedSite(h.siteA, 1));
  await h.contracts.ActivateLease({ siteId: h.siteA, id: leaseId }, { caller: h.hq });
});
afterAll(() => h?.close());

describe("listLeases", () => {
  it("gives a site's leases with the terms in force as JSON", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    const before = await listLeases(h.deps, edge, { siteId: h.siteA, pageSize: 0, pageToken: "" });
    expect(before.leases).toEqual([
      {
        id: leaseId,
        siteId: h.siteA,
        reference: "HT-2026-001",
        customerId: expect.stringMatching(/^cus_/),
        unitIds: [expect.stringMatching(/^unt_/)],
        startDate: "2026-01-01",
        endDate: "2027-12-31",
        status: "active",
        currencyCode: "CNY",
        currentTermsJson: JSON.stringify(monthlyTerms),
        terminationDate: "",
        updatedAt: expect.stringMatching(/Z$/),
      },
    ]);
  });

  it("gives the amended terms once they are in force (site time zone), the signed ones before", async () => {
    const raised = { ...monthlyTerms, rent: { kind: "per_period" as const, amountMinor: 700_000 } };
    await h.contracts.AmendLease(
      {
        siteId: h.siteA,
        id: leaseId,
        effectiveFrom: "2027-01-01",
        terms: termsToProto(raised),
        reason: "rent review",
      },
      { caller: h.hq },
    );
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    const on = (instant: string) =>
      listLeases({ ...h.deps, clock: () => new Date(instant) }, edge, {
        siteId: h.siteA,
        pageSize: 0,
        pageToken: "",
      });
    // 2026-12-31T16:30Z is already 2027-01-01 in Shanghai (UTC+8).
    const [lastDay] = (await on("2026-12-31T15:30:00Z")).leases;
    const [firstDay] = (await on("2026-12-31T16:30:00Z")).leases;
    expect(JSON.parse(lastDay!.currentTermsJson).rent.amountMinor).toBe(650_000);
    expect(JSON.parse(firstDay!.currentTermsJson).rent.amountMinor).toBe(700_000);
  });

  it("does not find a site outside the client's scope", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    expect(
      await failureOf(listLeases(h.deps, edge, { siteId: h.siteB, pageSize: 0, pageToken: "" })),
    ).toMatchObject({ kind: "not_found" });
  });

  it("with updated_since lists by (updated_at, id) from it, inclusive; refuses a malformed one", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    const all = await listLeases(h.deps, edge, {
      siteId: h.siteA,
      pageSize: 0,
      pageToken: "",
      updatedSince: "2000-01-01T08:00:00+08:00",
    });
    const stamps = all.leases.map((row) => row.updatedAt);
    expect(stamps.length).toBeGreaterThan(0);
    expect(stamps).toEqual([...stamps].sort());
    const last = all.leases.at(-1)!;
    const since = await listLeases(h.deps, edge, {
      siteId: h.siteA,
      pageSize: 0,
      pageToken: "",
      updatedSince: last.updatedAt,
    });
    expect(since.leases.map((row) => row.id)).toContain(last.id);
    expect(since.leases.every((row) => row.updatedAt >= last.updatedAt)).toBe(true);
    expect(
      await failureOf(
        listLeases(h.deps, edge, {
          siteId: h.siteA,
          pageSize: 0,
          pageToken: "",
          updatedSince: "yesterday",
        }),
      ),
    ).toMatchObject({ kind: "invalid", fields: ["updated_since"] });
  });
});
