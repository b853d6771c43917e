import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Harness, startHarness } from "./harness.ts";

let h: Harness;
let admin: string;
let clerkA: string;
let managerA: string;
let auditor: string;
let siteA: string;
let siteB: string;
let customerB: string;
let leaseB: string;
const password = "leasing-password-1";

const fields = (body: { error: { details: { field: string }[] } }) =>
  body.error.details.map((d) => d.field);

const terms = {
  frequency: "monthly",
  alignment: "calendar",
  rent: { kind: "per_period", amountMinor: 650_000 },
  escalation: { kind: "fixed_percent", basisPoints: 500 },
  rentFree: [{ from: "2026-01-01", to: "2026-01-31" }],
  billLeadDays: 10,
  dueDay: 5,
  depositMinor: 1_300_000,
  fees: [
    { feeCode: "management", basis: "per_m2_month", amountMinor: 800, areaHundredths: 12_000 },
  ],
  lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 },
  penalty: { kind: "months_of_rent", months: 2 },
};

async function newUnit(token: string, siteId: string, code: string) {
  const response = await h.api("POST", `/api/v1/sites/${siteId}/units`, {
    token,
    body: { code, name: code, kind: "office", grossAreaM2: 120, listRentMonthlyMinor: 650_000 },
  });
  return response.body.id as string;
}

async function newCustomer(token: string, siteId: string, idNumber: string, name = "张三") {
  return h.api("POST", `/api/v1/sites/${siteId}/customers`, {
    token,
    body: {
      kind: "person",
      name,
      idDocumentType: "resident_id",
      idNumber,
      phones: ["138 0013 8000"],
    },
  });
}

beforeAll(async () => {
  h = await startHarness("leasing");
  admin = await h.login(ADMIN.email, ADMIN.password);
  const site = async (code: string) =>
    (
      await h.api("POST", "/api/v1/sites", {
        token: admin,
        body: { code, name: code, kind: "residential", timeZone: "Asia/Shanghai", currency: "CNY" },
      })
    ).body.id as string;
  siteA = await site("LEASE-A");
  siteB = await site("LEASE-B");
  const user = async (email: string, body: Record<string, unknown>) => {
    const created = await h.api("POST", "/api/v1/users", {
      token: admin,
      body: { email, name: email, password, ...body },
    });
    expect(created.status).toBe(201);
    return h.login(email, password);
  };
  clerkA = await user("clerk.a@leasing.test", { memberships: [{ siteId: siteA, role: "clerk" }] });
  managerA = await user("manager.a@leasing.test", {
    memberships: [{ siteId: siteA, role: "site_manager" }],
  });
  auditor = await user("auditor@leasing.test", { hqRole: "hq_auditor" });
  customerB = (await newCustomer(admin, siteB, "11010519491231002X", "李四")).body.id;
  const unitB = await newUnit(admin, siteB, "B-1");
  const lease = await h.api("POST", `/api/v1/sites/${siteB}/leases`, {
    token: admin,
    body: {
      reference: "B-2026-001",
      customerId: customerB,
      unitIds: [unitB],
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      terms,
    },
  });
  expect(lease.status).toBe(201);
  leaseB = lease.body.id;
});

afterAll(async () => {
  await h?.close();
});

describe("customers over HTTP", () => {
  it("registers a customer; the ID number is masked for a clerk and an auditor, full for a site manager", async () => {
    const created = await newCustomer(clerkA, siteA, "110101199003070011");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      idNumber: "1101**********0011",
      idNumberMasked: true,
      phones: ["13800138000"],
    });
    const id = created.body.id;
    expect(
      (await h.api("GET", `/api/v1/sites/${siteA}/customers/${id}`, { token: managerA })).body,
    ).toMatchObject({
      idNumber: "110101199003070011",
      idNumberMasked: false,
    });
    expect(
      (await h.api("GET", `/api/v1/sites/${siteA}/customers/${id}`, { token: auditor })).body
        .idNumberMasked,
    ).toBe(true);
    const found = await h.api("GET", `/api/v1/sites/${siteA}/customers?q=0011`, { token: clerkA });
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  it("a duplicate ID number is per site: 409 naming the customer of the same site, nothing of another", async () => {
    // Registered at B as 李四; site A may register the same person: its own record, one party.
    const atA = await newCustomer(clerkA, siteA, "11010519491231002X", "李四");
    expect(atA.status).toBe(201);
    expect(atA.text).not.toContain(customerB);
    const atB = await h.api("GET", `/api/v1/sites/${siteB}/customers/${customerB}`, {
      token: admin,
    });
    expect(atA.body.partyId).toBe(atB.body.partyId);
    const duplicate = await newCustomer(clerkA, siteA, "11010519491231002X", "Someone Else");
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toContain(atA.body.id);
    expect(duplicate.text).not.toContain(customerB);
    expect(fields(duplicate.body)).toEqual(["idNumber"]);
  });

  it("rejects bad and mass-assigned fields, naming them", async () => {
    const bad = await newCustomer(clerkA, siteA, "110101199003070012");
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(["idNumber"]);
    const mass = await h.api("POST", `/api/v1/sites/${siteA}/customers`, {
      token: clerkA,
      body: {
        kind: "person",
        name: "X",
        idDocumentType: "passport",
        idNumber: "E12345678",
        orgId: "org_x",
        siteId: siteB,
        id: "cus_x",
      },
    });
    expect(mass.status).toBe(400);
    expect(fields(mass.body)).toEqual(["orgId", "siteId", "id"]);
    const ghostSite = await h.api("POST", "/api/v1/sites/sit_ghost/customers", {
      token: admin,
      body: { kind: "person", name: "X", idDocumentType: "passport", idNumber: "E12345678" },
    });
    expect(ghostSite.status).toBe(404);
  });
});

describe("leases over HTTP", () => {
  it("creates, activates, previews and reads the schedule; only a site manager terminates", async () => {
    const customerId = (await newCustomer(clerkA, siteA, "110101198001010053", "王五")).body.id;
    const unitId = await newUnit(clerkA, siteA, "A-101");
    const created = await h.api("POST", `/api/v1/sites/${siteA}/leases`, {
      token: clerkA,
      body: {
        reference: "A-2026-001",
        customerId,
        unitIds: [unitId],
        startDate: "2026-01-01",
        endDate: "2027-12-31",
        terms,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "draft", currency: "CNY", penaltyMinor: null });
    expect(created.body.versions[0].terms).toEqual(terms);
    const id = created.body.id;
    const activated = await h.api("POST", `/api/v1/sites/${siteA}/leases/${id}/activate`, {
      token: clerkA,
    });
    expect(activated.status).toBe(200);
    expect(activated.body.status).toBe("active");
    const unit = await h.api("GET", `/api/v1/sites/${siteA}/units/${unitId}`, { token: clerkA });
    expect(unit.body.status).toBe("leased");

    const schedule = await h.api("GET", `/api/v1/sites/${siteA}/leases/${id}/schedule`, {
      token: clerkA,
    });
    const rent = schedule.body.items.filter((c: { feeCode: string }) => c.feeCode === "rent");
    expect(rent[0]).toMatchObject({ periodStart: "2026-01-01", amountMinor: 0 }); // rent-free January
    expect(rent[1]).toMatchObject({ periodStart: "2026-02-01", amountMinor: 650_000 });
    expect(rent[12]).toMatchObject({ periodStart: "2027-01-01", amountMinor: 682_500 }); // +5 % in year 2

    const preview = await h.api(
      "GET",
      `/api/v1/sites/${siteA}/leases/${id}/termination-preview?date=2026-06-30`,
      { token: clerkA },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.penaltyMinor).toBe(1_300_000);
    const byClerk = await h.api("POST", `/api/v1/sites/${siteA}/leases/${id}/terminate`, {
      token: clerkA,
      body: { terminationDate: "2026-06-30", reason: "moving out" },
    });
    expect(byClerk.status).toBe(403);
    const byManager = await h.api("POST", `/api/v1/sites/${siteA}/leases/${id}/terminate`, {
      token: managerA,
      body: { terminationDate: "2026-06-30", reason: "moving out" },
    });
    expect(byManager.status).toBe(200);
    expect(byManager.body.lease).toMatchObject({
      status: "terminated",
      terminationDate: "2026-06-30",
      penaltyMinor: 1_300_000,
    });
    expect(
      (await h.api("GET", `/api/v1/sites/${siteA}/units/${unitId}`, { token: clerkA })).body.status,
    ).toBe("vacant");
  });

  it("answers a second lease on a held unit with 409", async () => {
    const customerId = (await newCustomer(clerkA, siteA, "110101198502020030", "赵六")).body.id;
    const unitId = await newUnit(clerkA, siteA, "A-102");
    const lease = (reference: string, startDate: string, endDate: string) =>
      h.api("POST", `/api/v1/sites/${siteA}/leases`, {
        token: clerkA,
        body: {
          reference,
          customerId,
          unitIds: [unitId],
          startDate,
          endDate,
          terms: { ...terms, rentFree: [] },
        },
      });
    const first = (await lease("A-2026-002", "2026-01-01", "2026-12-31")).body.id;
    const second = (await lease("A-2026-003", "2026-12-01", "2027-11-30")).body.id;
    expect(
      (await h.api("POST", `/api/v1/sites/${siteA}/leases/${first}/activate`, { token: clerkA }))
        .status,
    ).toBe(200);
    const clash = await h.api("POST", `/api/v1/sites/${siteA}/leases/${second}/activate`, {
      token: clerkA,
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain(first);
  });

  it("names bad fields, rejects mass assignment and writes nothing", async () => {
    const unitId = await newUnit(clerkA, siteA, "A-103");
    const customerId = (await newCustomer(clerkA, siteA, "110101197512120014", "孙七")).body.id;
    const body = {
      reference: "A-BAD",
      customerId,
      unitIds: [unitId],
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      terms,
    };
    const send = (changes: Record<string, unknown>) =>
      h.api("POST", `/api/v1/sites/${siteA}/leases`, {
        token: clerkA,
        body: { ...body, ...changes },
      });
    expect(fields((await send({ endDate: "2025-12-31" })).body)).toContain("endDate");
    expect(
      fields(
        (await send({ terms: { ...terms, rent: { kind: "per_period", amountMinor: -5 } } })).body,
      ),
    ).toEqual(["terms.rent.amountMinor"]);
    const overlap = await send({
      terms: {
        ...terms,
        rentFree: [
          { from: "2026-01-01", to: "2026-03-31" },
          { from: "2026-03-01", to: "2026-04-30" },
        ],
      },
    });
    expect(fields(overlap.body)).toEqual(["terms.rentFree.1.from"]);
    expect(fields((await send({ unitIds: ["unt_missing"] })).body)).toEqual(["unitIds.0"]);
    const mass = await send({
      status: "active",
      orgId: "org_x",
      terms: { ...terms, currency: "USD" },
    });
    expect(mass.status).toBe(400);
    expect(fields(mass.body)).toEqual(["terms.currency", "status", "orgId"]);
    const list = await h.api("GET", `/api/v1/sites/${siteA}/leases?limit=500`, { token: clerkA });
    expect(list.body.items.some((l: { reference: string }) => l.reference === "A-BAD")).toBe(false);
  });

  it("gives a clerk of site A 404 on every site-B customer and lease route", async () => {
    const routes: [string, string, unknown?][] = [
      ["GET", `/api/v1/sites/${siteB}/customers`],
      [
        "POST",
        `/api/v1/sites/${siteB}/customers`,
        { kind: "person", name: "X", idDocumentType: "passport", idNumber: "E12345678" },
      ],
      ["GET", `/api/v1/sites/${siteB}/customers/${customerB}`],
      ["PATCH", `/api/v1/sites/${siteB}/customers/${customerB}`, { name: "hijacked" }],
      ["GET", `/api/v1/sites/${siteA}/customers/${customerB}`],
      ["GET", `/api/v1/sites/${siteB}/leases`],
      [
        "POST",
        `/api/v1/sites/${siteB}/leases`,
        {
          reference: "X",
          customerId: customerB,
          unitIds: ["u"],
          startDate: "2026-01-01",
          endDate: "2026-12-31",
          terms,
        },
      ],
      ["GET", `/api/v1/sites/${siteB}/leases/${leaseB}`],
      ["POST", `/api/v1/sites/${siteB}/leases/${leaseB}/activate`],
      [
        "POST",
        `/api/v1/sites/${siteB}/leases/${leaseB}/amend`,
        { effectiveFrom: "2026-06-01", reason: "x", terms },
      ],
      ["POST", `/api/v1/sites/${siteB}/leases/${leaseB}/renew`, { endDate: "2027-12-31" }],
      [
        "POST",
        `/api/v1/sites/${siteB}/leases/${leaseB}/terminate`,
        { terminationDate: "2026-06-30", reason: "x" },
      ],
      ["GET", `/api/v1/sites/${siteB}/leases/${leaseB}/termination-preview?date=2026-06-30`],
      ["GET", `/api/v1/sites/${siteB}/leases/${leaseB}/schedule`],
      ["GET", `/api/v1/sites/${siteA}/leases/${leaseB}`],
      ["POST", `/api/v1/sites/${siteA}/leases/${leaseB}/activate`],
    ];
    for (const [method, path, body] of routes) {
      const response = await h.api(method, path, { token: clerkA, body });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const untouched = await h.api("GET", `/api/v1/sites/${siteB}/leases/${leaseB}`, {
      token: admin,
    });
    expect(untouched.body.status).toBe("draft");
    expect(
      (await h.api("GET", `/api/v1/sites/${siteB}/customers/${customerB}`, { token: admin })).body
        .name,
    ).toBe("李四");
  });
});
