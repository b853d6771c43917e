import { termsToProto, type WireTerms } from "@slms/contracts";
import { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amendLease } from "../src/use-cases/amend-lease.ts";
import { createLease } from "../src/use-cases/create-lease.ts";
import { getLease } from "../src/use-cases/get-lease.ts";
import { listLeases } from "../src/use-cases/list-leases.ts";
import { terminateLease } from "../src/use-cases/terminate-lease.ts";
import { type Harness, monthlyTerms, startHarness } from "./harness.ts";

// What the lease use-cases refuse at their edge, over gRPC as other services call them (and
// directly, for text gRPC itself would mangle): out-of-range numbers and dates, terms deriving
// amounts above the limit, text PostgreSQL cannot store, crafted page tokens. Each is
// "invalid" naming the field, and nothing is written.

let h: Harness;

beforeAll(async () => {
  h = await startHarness("lease_input_bounds");
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

const fields = (error: DomainError) => error.details.map((d) => d.field);

async function create(changes: Record<string, unknown>, terms: WireTerms = monthlyTerms) {
  return h.leases.CreateLease(
    {
      siteId: h.siteId,
      reference: `B-${Math.random().toString(36).slice(2, 10)}`,
      customerId: h.customerId,
      unitIds: [await h.newUnit()],
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      terms: termsToProto(terms),
      ...changes,
    },
    { caller: h.hq },
  );
}

describe("CreateLease refuses out-of-range input, naming the field, writing nothing", () => {
  const MAX = 100_000_000_000;
  it.each<[string, Record<string, unknown>, WireTerms, string[]]>([
    ["an end on 9999-12-31", { endDate: "9999-12-31" }, monthlyTerms, ["endDate"]],
    ["a start on 0000-01-01", { startDate: "0000-01-01" }, monthlyTerms, ["startDate"]],
    ["a start in 1999", { startDate: "1999-12-31" }, monthlyTerms, ["startDate"]],
    ["a term of twenty years and a day", { endDate: "2046-01-01" }, monthlyTerms, ["endDate"]],
    [
      "rent of 2⁵³ + 1",
      {},
      { ...monthlyTerms, rent: { kind: "per_period", amountMinor: 2 ** 53 + 1 } },
      ["terms.rent.amountMinor"],
    ],
    [
      "rent above the limit",
      {},
      { ...monthlyTerms, rent: { kind: "per_period", amountMinor: MAX + 1 } },
      ["terms.rent.amountMinor"],
    ],
    [
      "a deposit above the limit",
      {},
      { ...monthlyTerms, depositMinor: MAX + 1 },
      ["terms.depositMinor"],
    ],
    [
      "25 months of penalty",
      {},
      { ...monthlyTerms, penalty: { kind: "months_of_rent", months: 25 } },
      ["terms.penalty.months"],
    ],
    ["due day 29", {}, { ...monthlyTerms, dueDay: 29 }, ["terms.dueDay"]],
    [
      "a rent-free day in 2100",
      { endDate: "2026-12-31" },
      { ...monthlyTerms, rentFree: [{ from: "2026-12-01", to: "2100-01-01" }] },
      ["terms.rentFree.0.to"],
    ],
    [
      "rent escalated above the limit",
      { endDate: "2027-12-31" },
      {
        ...monthlyTerms,
        rent: { kind: "per_period", amountMinor: MAX },
        escalation: { kind: "fixed_percent", basisPoints: 100 },
      },
      ["terms.rent.amountMinor"],
    ],
    [
      "a penalty above the limit",
      {},
      {
        ...monthlyTerms,
        rent: { kind: "per_period", amountMinor: MAX },
        penalty: { kind: "months_of_rent", months: 2 },
      },
      ["terms.penalty.months"],
    ],
    ["a NUL in the reference", { reference: "L-\u0000" }, monthlyTerms, ["reference"]],
    [
      "a NUL in a fee code",
      {},
      {
        ...monthlyTerms,
        fees: [{ feeCode: "parking\u0000", basis: "per_period", amountMinor: 1 }],
      },
      ["terms.fees.0.feeCode"],
    ],
    ["a NUL in the customer id", { customerId: "cus_\u0000" }, monthlyTerms, ["customerId"]],
  ])("%s", async (_name, changes, terms, expected) => {
    const before = await h.db.lease.count();
    const error = await failure(create(changes, terms));
    expect(error.kind).toBe("invalid");
    expect(fields(error)).toEqual(expected);
    expect(await h.db.lease.count()).toBe(before);
  });

  it("refuses NUL and lone surrogates in every text and id at the use-case edge", async () => {
    const lease = await h.draft();
    await h.leases.ActivateLease({ siteId: h.siteId, id: lease.id }, { caller: h.hq });
    const deps = h.contracts.deps;
    const base = {
      reference: "L-surrogate",
      customerId: h.customerId,
      unitIds: [await h.newUnit()],
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      terms: monthlyTerms,
    };
    const cases: [() => Promise<unknown>, string][] = [
      [() => createLease(deps, h.hq, h.siteId, { ...base, reference: "L-\ud800" }), "reference"],
      [() => createLease(deps, h.hq, h.siteId, { ...base, reference: "L-\u0000" }), "reference"],
      [() => createLease(deps, h.hq, h.siteId, { ...base, unitIds: ["unt_\udfff"] }), "unitIds.0"],
      [() => getLease(deps, h.hq, h.siteId, "lea_\u0000"), "id"],
      [() => getLease(deps, h.hq, "sit_\ud800", lease.id), "siteId"],
      [() => listLeases(deps, h.hq, h.siteId, { unitId: "unt_\u0000" }), "unitId"],
      [
        () =>
          createLease(deps, h.hq, h.siteId, {
            ...base,
            terms: {
              ...monthlyTerms,
              fees: [{ feeCode: "park\udc00", basis: "per_period", amountMinor: 1 }],
            },
          }),
        "terms.fees.0.feeCode",
      ],
      [
        () =>
          amendLease(deps, h.hq, h.siteId, lease.id, {
            effectiveFrom: "2026-06-01",
            reason: "why\ud800",
            terms: monthlyTerms,
          }),
        "reason",
      ],
      [
        () =>
          terminateLease(deps, h.hq, h.siteId, lease.id, {
            terminationDate: "2026-06-30",
            reason: "\u0000",
          }),
        "reason",
      ],
    ];
    for (const [call, field] of cases) {
      const error = await failure(call());
      expect(error.kind, field).toBe("invalid");
      expect(fields(error)).toEqual([field]);
    }
    const stored = await h.leases.GetLease({ siteId: h.siteId, id: lease.id }, { caller: h.hq });
    expect(stored.lease).toMatchObject({ status: "LEASE_STATUS_ACTIVE" });
    expect(stored.lease!.versions).toHaveLength(1);
  });
});

describe("the other lease operations refuse out-of-range dates and unusable ids", () => {
  it("amend, renew, terminate and preview name the date; a lease id with NUL is invalid", async () => {
    const lease = await h.draft({ startDate: "2026-01-01", endDate: "2026-12-31" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: lease.id }, { caller: h.hq });
    const ref = { siteId: h.siteId, id: lease.id };
    const caller = { caller: h.hq };
    const cases: [() => Promise<unknown>, string][] = [
      [
        () =>
          h.leases.AmendLease(
            {
              ...ref,
              effectiveFrom: "0000-01-01",
              reason: "x",
              terms: termsToProto(monthlyTerms),
            },
            caller,
          ),
        "effectiveFrom",
      ],
      [
        () =>
          h.leases.RenewLease(
            { ...ref, endDate: "9999-12-31", reference: "", terms: null },
            caller,
          ),
        "endDate",
      ],
      // The successor would run from 2027-01-01 to 2047-01-01: twenty years and a day.
      [
        () =>
          h.leases.RenewLease(
            { ...ref, endDate: "2047-01-01", reference: "", terms: null },
            caller,
          ),
        "endDate",
      ],
      [
        () =>
          h.leases.TerminateLease({ ...ref, terminationDate: "9999-12-31", reason: "x" }, caller),
        "terminationDate",
      ],
      [
        () => h.leases.PreviewTermination({ ...ref, terminationDate: "0000-01-01" }, caller),
        "terminationDate",
      ],
      [() => h.leases.GetLease({ siteId: h.siteId, id: "lea_\u0000" }, caller), "id"],
      [() => h.leases.GetLease({ siteId: "sit_\u0000", id: lease.id }, caller), "siteId"],
    ];
    for (const [call, field] of cases) {
      const error = await failure(call());
      expect(error.kind, field).toBe("invalid");
      expect(fields(error)).toEqual([field]);
    }
    const stored = (await h.leases.GetLease(ref, caller)).lease!;
    expect(stored).toMatchObject({ status: "LEASE_STATUS_ACTIVE", successorId: "" });
    expect(stored.versions).toHaveLength(1);
  });
});

describe("RenewLease of a lease ending on the last date accepted", () => {
  it("refuses: its successor would start in 2100", async () => {
    const lease = await h.draft({ startDate: "2080-01-01", endDate: "2099-12-31" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: lease.id }, { caller: h.hq });
    const error = await failure(
      h.leases.RenewLease(
        { siteId: h.siteId, id: lease.id, endDate: "2099-12-31", reference: "", terms: null },
        { caller: h.hq },
      ),
    );
    expect(error.kind).toBe("invalid");
    expect(fields(error)).toEqual(["endDate"]);
  });
});

describe("ListLeases refuses crafted page tokens and filters", () => {
  const token = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  it.each<[string, Record<string, unknown>, string]>([
    ["a token that is not base64url JSON", { pageToken: "!!not-a-token!!" }, "pageToken"],
    ["a token of JSON null", { pageToken: token(null) }, "pageToken"],
    [
      "a token with a date that is no date",
      { pageToken: token({ s: "x", i: "lea_1" }) },
      "pageToken",
    ],
    [
      "a token with a date out of range",
      { pageToken: token({ s: "9999-12-31", i: "lea_1" }) },
      "pageToken",
    ],
    [
      "a token with a NUL in its id",
      { pageToken: token({ s: "2026-01-01", i: "lea_\u0000" }) },
      "pageToken",
    ],
    ["a token of 600 characters", { pageToken: "a".repeat(600) }, "pageToken"],
    ["endingBy 9999-12-31", { endingBy: "9999-12-31" }, "endingBy"],
    ["a customer filter with a NUL", { customerId: "cus_\u0000" }, "customerId"],
  ])("%s", async (_name, request, field) => {
    const error = await failure(
      h.leases.ListLeases({ siteId: h.siteId, pageSize: 10, ...request }, { caller: h.hq }),
    );
    expect(error.kind).toBe("invalid");
    expect(fields(error)).toEqual([field]);
  });

  it("still pages with the tokens it issued", async () => {
    await h.draft();
    await h.draft();
    const first = await h.leases.ListLeases({ siteId: h.siteId, pageSize: 1 }, { caller: h.hq });
    expect(first.nextPageToken).not.toBe("");
    const second = await h.leases.ListLeases(
      { siteId: h.siteId, pageSize: 1, pageToken: first.nextPageToken },
      { caller: h.hq },
    );
    expect(second.leases[0]!.id).not.toBe(first.leases[0]!.id);
  });
});
