import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Harness, startHarness } from "./harness.ts";

// Every number and date of a lease, sent out of range over HTTP, is a 400 naming the field —
// never truncated (2.9 → 2), wrapped (4294967298 → 2) or zeroed (1e308 → 0) on its way through
// gRPC, and never stored. Terms whose derived amounts exceed the limit, or a term longer than
// twenty years, are refused the same way by the contracts service.

let h: Harness;
let admin: string;
let siteId: string;
let customerId: string;
let unitId: string;

const MAX_AMOUNT_MINOR = 100_000_000_000;

const terms = {
  frequency: "monthly",
  alignment: "calendar",
  rent: { kind: "per_period", amountMinor: 650_000 },
  escalation: { kind: "none" },
  rentFree: [],
  billLeadDays: 10,
  dueDay: 5,
  depositMinor: 1_300_000,
  fees: [],
  lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 },
  penalty: { kind: "months_of_rent", months: 2 },
};
type Terms = Record<string, unknown>;

const fields = (body: { error: { details: { field: string }[] } }) =>
  body.error.details.map((d) => d.field);

let sequence = 0;
const create = (changes: Record<string, unknown>) =>
  h.api("POST", `/api/v1/sites/${siteId}/leases`, {
    token: admin,
    body: {
      reference: `BOUNDS-${++sequence}`,
      customerId,
      unitIds: [unitId],
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      terms,
      ...changes,
    },
  });

const leaseCount = async () =>
  (await h.api("GET", `/api/v1/sites/${siteId}/leases?limit=500`, { token: admin })).body.items
    .length as number;

beforeAll(async () => {
  h = await startHarness("lease_bounds");
  admin = await h.login(ADMIN.email, ADMIN.password);
  siteId = (
    await h.api("POST", "/api/v1/sites", {
      token: admin,
      body: {
        code: "BOUNDS",
        name: "Bounds",
        kind: "residential",
        timeZone: "Asia/Shanghai",
        currency: "CNY",
      },
    })
  ).body.id;
  customerId = (
    await h.api("POST", `/api/v1/sites/${siteId}/customers`, {
      token: admin,
      body: {
        kind: "person",
        name: "张三",
        idDocumentType: "resident_id",
        idNumber: "110101199003070011",
        phones: ["138 0013 8000"],
      },
    })
  ).body.id;
  unitId = (
    await h.api("POST", `/api/v1/sites/${siteId}/units`, {
      token: admin,
      body: { code: "B-1", name: "B-1", kind: "office", grossAreaM2: 120, listRentMonthlyMinor: 1 },
    })
  ).body.id;
  // One lease exists, so "nothing written" is a count that stays 1.
  expect((await create({})).status).toBe(201);
});

afterAll(async () => {
  await h?.close();
});

const perM2 = { kind: "per_m2_month", rateMinorPerM2: 9_500, areaHundredths: 8_550 };
const management = { feeCode: "management", basis: "per_m2_month", amountMinor: 800 };

/** Each numeric field of a lease create, and the body with `value` there. */
const numericFields: [string, (value: unknown) => Terms, "amount" | "count"][] = [
  ["terms.rent.amountMinor", (v) => ({ rent: { kind: "per_period", amountMinor: v } }), "amount"],
  ["terms.rent.rateMinorPerM2", (v) => ({ rent: { ...perM2, rateMinorPerM2: v } }), "amount"],
  ["terms.rent.areaHundredths", (v) => ({ rent: { ...perM2, areaHundredths: v } }), "count"],
  [
    "terms.escalation.basisPoints",
    (v) => ({ escalation: { kind: "fixed_percent", basisPoints: v } }),
    "count",
  ],
  [
    "terms.escalation.steps.0.value",
    (v) => ({ escalation: { kind: "stepped", steps: [{ from: "2026-07-01", value: v }] } }),
    "amount",
  ],
  ["terms.billLeadDays", (v) => ({ billLeadDays: v }), "count"],
  ["terms.dueDay", (v) => ({ dueDay: v }), "count"],
  ["terms.depositMinor", (v) => ({ depositMinor: v }), "amount"],
  ["terms.fees.0.amountMinor", (v) => ({ fees: [{ ...management, amountMinor: v }] }), "amount"],
  [
    "terms.fees.0.areaHundredths",
    (v) => ({ fees: [{ ...management, areaHundredths: v }] }),
    "count",
  ],
  ["terms.lateFee.graceDays", (v) => ({ lateFee: { ...terms.lateFee, graceDays: v } }), "count"],
  [
    "terms.lateFee.dailyBasisPoints",
    (v) => ({ lateFee: { ...terms.lateFee, dailyBasisPoints: v } }),
    "count",
  ],
  [
    "terms.lateFee.capBasisPoints",
    (v) => ({ lateFee: { ...terms.lateFee, capBasisPoints: v } }),
    "count",
  ],
  ["terms.penalty.months", (v) => ({ penalty: { kind: "months_of_rent", months: v } }), "count"],
  ["terms.penalty.amountMinor", (v) => ({ penalty: { kind: "fixed", amountMinor: v } }), "amount"],
];

// 4294967298 fen is a legitimate amount (42,949,672.98): amounts get the limit + 1 instead.
const badNumbers = (kind: "amount" | "count"): unknown[] => [
  2.9,
  0.5,
  1e308,
  kind === "count" ? 4294967298 : MAX_AMOUNT_MINOR + 1,
  2 ** 53 + 1,
  -1,
  "1",
];

const dateFields: [string, (date: string) => Record<string, unknown>][] = [
  ["startDate", (d) => ({ startDate: d })],
  ["endDate", (d) => ({ endDate: d })],
  [
    "terms.rentFree.0.from",
    (d) => ({ terms: { ...terms, rentFree: [{ from: d, to: "2026-01-31" }] } }),
  ],
  [
    "terms.rentFree.0.to",
    (d) => ({ terms: { ...terms, rentFree: [{ from: "2026-01-01", to: d }] } }),
  ],
  [
    "terms.escalation.steps.0.from",
    (d) => ({
      terms: { ...terms, escalation: { kind: "stepped", steps: [{ from: d, value: 1 }] } },
    }),
  ],
];

describe("creating a lease with a number out of range", () => {
  it.each(
    numericFields.flatMap(([field, at, kind]) =>
      badNumbers(kind).map((value) => [field, value, at] as const),
    ),
  )("answers 400 naming %s for %j, writing nothing", async (field, value, at) => {
    const response = await create({ terms: { ...terms, ...at(value) } });
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual([field]);
  });

  it("accepts every number at the top of its range", async () => {
    const response = await create({
      terms: {
        ...terms,
        rent: { kind: "per_period", amountMinor: 1_000_000 },
        escalation: { kind: "fixed_percent", basisPoints: 5000 },
        billLeadDays: 90,
        dueDay: 28,
        depositMinor: MAX_AMOUNT_MINOR,
        fees: [{ ...management, amountMinor: 1, areaHundredths: 1_000_000_000 }],
        lateFee: { graceDays: 365, dailyBasisPoints: 100, capBasisPoints: 10_000 },
        penalty: { kind: "months_of_rent", months: 24 },
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.versions[0].terms.penalty).toEqual({ kind: "months_of_rent", months: 24 });
  });
});

describe("creating a lease with a date out of range", () => {
  it.each(
    dateFields.flatMap(([field, at]) =>
      ["9999-12-31", "0000-01-01"].map((date) => [field, date, at] as const),
    ),
  )("answers 400 naming %s for %s", async (field, date, at) => {
    const response = await create(at(date));
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual([field]);
  });

  it("refuses a term longer than twenty years (PRC Civil Code art. 705), naming endDate", async () => {
    const response = await create({ startDate: "2026-01-01", endDate: "2046-01-01" });
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual(["endDate"]);
    expect(response.body.error.details[0].message).toContain("2045-12-31");
  });
});

describe("creating a lease whose terms derive an amount above the limit", () => {
  it.each<[string, Terms, string]>([
    [
      "rent escalated past the limit",
      {
        rent: { kind: "per_period", amountMinor: MAX_AMOUNT_MINOR },
        escalation: { kind: "fixed_percent", basisPoints: 100 },
      },
      "terms.rent.amountMinor",
    ],
    [
      "a per-m² rent over a vast area",
      {
        rent: {
          kind: "per_m2_month",
          rateMinorPerM2: MAX_AMOUNT_MINOR,
          areaHundredths: 1_000_000_000,
        },
      },
      "terms.rent.rateMinorPerM2",
    ],
    [
      "24 months of penalty on a rent at the limit",
      {
        rent: { kind: "per_period", amountMinor: MAX_AMOUNT_MINOR },
        penalty: { kind: "months_of_rent", months: 24 },
      },
      "terms.penalty.months",
    ],
  ])("answers 400 for %s, naming %s", async (_name, changes, field) => {
    const response = await create({ endDate: "2027-12-31", terms: { ...terms, ...changes } });
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual([field]);
  });
});

describe("listing leases with a crafted cursor", () => {
  const token = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  it.each([
    ["not a cursor", "!!"],
    ["JSON null", token(null)],
    ["a date that is no date", token({ s: "x", i: "lea_1" })],
    ["a date out of range", token({ s: "9999-12-31", i: "lea_1" })],
  ])("answers 400 naming cursor for %s", async (_name, cursor) => {
    const response = await h.api(
      "GET",
      `/api/v1/sites/${siteId}/leases?cursor=${encodeURIComponent(cursor)}`,
      { token: admin },
    );
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual(["cursor"]);
  });
});

describe("nothing refused was written", () => {
  it("still lists the two leases accepted", async () => {
    expect(await leaseCount()).toBe(2);
  });
});
