import { termsToProto } from "@slms/contracts";
import { DomainError } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, monthlyTerms, startHarness } from "./harness.ts";

// A lease lives at one site: asked for at another it is not found — also by an HQ caller who
// may see every site, and by the caller the gateway sends on a site route (scoped to the path's
// site alone, whatever the user's role). A lease is created only for a customer and units of its
// own site.

let h: Harness;
let otherCustomerId: string;

beforeAll(async () => {
  h = await startHarness("lease_site_scope");
  const { customer } = await h.customers.CreateCustomer(
    {
      siteId: h.otherSiteId,
      kind: "CUSTOMER_KIND_PERSON",
      name: "Other Site Tenant",
      idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
      idNumber: "E12345678",
      phones: ["+86 21 5555 0199"],
    },
    { caller: h.hq },
  );
  otherCustomerId = customer!.id;
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

/** The caller the gateway sends on a route of `siteId`: that site only. */
const atSite = (siteId: string): Caller => ({ ...h.hq, siteIds: [siteId] });

describe("every lease operation compares the lease's site with the request's", () => {
  it("answers NOT_FOUND for a lease asked for at another site, and changes nothing", async () => {
    const lease = await h.draft({ startDate: "2026-01-01", endDate: "2026-12-31" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: lease.id }, { caller: h.hq });
    const ref = { siteId: h.otherSiteId, id: lease.id };
    const operations: [string, (caller: Caller) => Promise<unknown>][] = [
      ["GetLease", (caller) => h.leases.GetLease(ref, { caller })],
      ["ActivateLease", (caller) => h.leases.ActivateLease(ref, { caller })],
      [
        "AmendLease",
        (caller) =>
          h.leases.AmendLease(
            {
              ...ref,
              effectiveFrom: "2026-06-01",
              reason: "rent review",
              terms: termsToProto(monthlyTerms),
            },
            { caller },
          ),
      ],
      [
        "RenewLease",
        (caller) =>
          h.leases.RenewLease(
            { ...ref, endDate: "2027-12-31", reference: "", terms: null },
            { caller },
          ),
      ],
      [
        "TerminateLease",
        (caller) =>
          h.leases.TerminateLease(
            { ...ref, terminationDate: "2026-06-30", reason: "moving out" },
            { caller },
          ),
      ],
      [
        "PreviewTermination",
        (caller) =>
          h.leases.PreviewTermination({ ...ref, terminationDate: "2026-06-30" }, { caller }),
      ],
      ["GetLeaseSchedule", (caller) => h.leases.GetLeaseSchedule(ref, { caller })],
    ];
    for (const [name, call] of operations) {
      for (const caller of [h.hq, atSite(h.otherSiteId)]) {
        const error = await failure(call(caller));
        expect(error.kind, `${name} as ${JSON.stringify(caller.siteIds)}`).toBe("not_found");
      }
    }
    const stored = (
      await h.leases.GetLease({ siteId: h.siteId, id: lease.id }, { caller: atSite(h.siteId) })
    ).lease!;
    expect(stored).toMatchObject({ status: "LEASE_STATUS_ACTIVE", successorId: "" });
    expect(stored.versions).toHaveLength(1);
    const listed = await h.leases.ListLeases(
      { siteId: h.otherSiteId, pageSize: 500 },
      { caller: h.hq },
    );
    expect(listed.leases.map((l) => l.id)).not.toContain(lease.id);
  });
});

describe("CreateLease: the customer and every unit must be of the lease's site", () => {
  const request = async (changes: Record<string, unknown>) => ({
    siteId: h.siteId,
    reference: `S-${Math.random().toString(36).slice(2, 10)}`,
    customerId: h.customerId,
    unitIds: [await h.newUnit()],
    startDate: "2026-01-01",
    endDate: "2026-12-31",
    terms: termsToProto(monthlyTerms),
    ...changes,
  });

  it.each<[string, () => Promise<Record<string, unknown>>, { field: string; message: string }[]]>([
    [
      "a customer registered at another site",
      async () => ({ customerId: otherCustomerId }),
      [{ field: "customerId", message: "is not a customer of this site" }],
    ],
    [
      "a customer that does not exist",
      async () => ({ customerId: "cus_nope" }),
      [{ field: "customerId", message: "is not a customer of this site" }],
    ],
    [
      "a unit of another site",
      async () => ({ unitIds: [await h.newUnit(), await h.newUnit(h.otherSiteId)] }),
      [{ field: "unitIds.1", message: "is not a unit of this site" }],
    ],
    [
      "both",
      async () => ({
        customerId: otherCustomerId,
        unitIds: [await h.newUnit(h.otherSiteId)],
      }),
      [
        { field: "customerId", message: "is not a customer of this site" },
        { field: "unitIds.0", message: "is not a unit of this site" },
      ],
    ],
  ])("refuses %s: NOT_FOUND naming it, nothing written", async (_name, changes, details) => {
    const before = await h.db.lease.count();
    for (const caller of [h.hq, atSite(h.siteId)]) {
      const error = await failure(h.leases.CreateLease(await request(await changes()), { caller }));
      expect(error.kind).toBe("not_found");
      expect(error.details).toEqual(details);
    }
    expect(await h.db.lease.count()).toBe(before);
  });

  it("creates the lease for a customer and units of its site, as the gateway calls it", async () => {
    const { lease } = await h.leases.CreateLease(await request({}), {
      caller: atSite(h.siteId),
    });
    expect(lease).toMatchObject({ siteId: h.siteId, customerId: h.customerId });
  });
});
