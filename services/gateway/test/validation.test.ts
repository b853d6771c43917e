import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Harness, startHarness } from "./harness.ts";

let h: Harness;
let admin: string;
let siteId: string;
let unitId: string;

const fields = (body: { error: { details: { field: string }[] } }) =>
  body.error.details.map((d) => d.field);

beforeAll(async () => {
  h = await startHarness("validation");
  admin = await h.login(ADMIN.email, ADMIN.password);
  siteId = (
    await h.api("POST", "/api/v1/sites", {
      token: admin,
      body: {
        code: "V-1",
        name: "Validation",
        kind: "market",
        timeZone: "Asia/Shanghai",
        currency: "CNY",
      },
    })
  ).body.id;
  unitId = (
    await h.api("POST", `/api/v1/sites/${siteId}/units`, {
      token: admin,
      body: {
        code: "S-1",
        name: "Stall 1",
        kind: "shop",
        grossAreaM2: "12.50",
        listRentMonthlyMinor: 300_000,
      },
    })
  ).body.id;
});

afterAll(async () => {
  await h?.close();
});

describe("request validation", () => {
  it("answers 400 naming every bad field of a unit", async () => {
    const response = await h.api("POST", `/api/v1/sites/${siteId}/units`, {
      token: admin,
      body: { code: "", name: 5, kind: "castle", grossAreaM2: -3, listRentMonthlyMinor: 12.5 },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid");
    expect(fields(response.body)).toEqual([
      "code",
      "name",
      "kind",
      "grossAreaM2",
      "listRentMonthlyMinor",
    ]);
  });

  it("passes domain rules from the service through with their field names", async () => {
    const response = await h.api("POST", `/api/v1/sites/${siteId}/units`, {
      token: admin,
      body: {
        code: "S-2",
        name: "Stall 2",
        kind: "shop",
        grossAreaM2: 10,
        usableAreaM2: 11,
        listRentMonthlyMinor: 1,
      },
    });
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual(["usableAreaM2"]);
    const site = await h.api("POST", "/api/v1/sites", {
      token: admin,
      body: { code: "V-2", name: "x", kind: "office", timeZone: "Moon/Base", currency: "XXQ" },
    });
    expect(site.status).toBe(400);
    expect(fields(site.body)).toEqual(["timeZone", "currency"]);
  });

  it("rejects mass assignment of status, siteId and orgId and writes nothing", async () => {
    const create = await h.api("POST", `/api/v1/sites/${siteId}/units`, {
      token: admin,
      body: {
        code: "S-3",
        name: "Stall 3",
        kind: "shop",
        grossAreaM2: 10,
        listRentMonthlyMinor: 1,
        status: "leased",
        siteId: "sit_other",
        orgId: "org_other",
      },
    });
    expect(create.status).toBe(400);
    expect(fields(create.body)).toEqual(["status", "siteId", "orgId"]);
    const list = await h.api("GET", `/api/v1/sites/${siteId}/units?q=S-3`, { token: admin });
    expect(list.body.items).toHaveLength(0);

    const patch = await h.api("PATCH", `/api/v1/sites/${siteId}/units/${unitId}`, {
      token: admin,
      body: { name: "Renamed", status: "leased", code: "X-1" },
    });
    expect(patch.status).toBe(400);
    expect(fields(patch.body)).toEqual(["status", "code"]);
    const unit = await h.api("GET", `/api/v1/sites/${siteId}/units/${unitId}`, { token: admin });
    expect(unit.body).toMatchObject({ name: "Stall 1", status: "vacant", code: "S-1" });

    const site = await h.api("PATCH", `/api/v1/sites/${siteId}`, {
      token: admin,
      body: { currency: "USD", orgId: "x" },
    });
    expect(site.status).toBe(400);
    expect(fields(site.body)).toEqual(["currency", "orgId", "(body)"]);
  });

  it("rejects malformed JSON, empty patches and bad query parameters", async () => {
    const malformed = await h.api("POST", `/api/v1/sites/${siteId}/units`, {
      token: admin,
      body: "{oops",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/not valid JSON/);
    const empty = await h.api("PATCH", `/api/v1/sites/${siteId}/units/${unitId}`, {
      token: admin,
      body: {},
    });
    expect(empty.status).toBe(400);
    const query = await h.api("GET", `/api/v1/sites/${siteId}/units?limit=0&status=sold&extra=1`, {
      token: admin,
    });
    expect(query.status).toBe(400);
    expect(fields(query.body)).toEqual(["limit", "status", "extra"]);
  });

  it("pages through units with a cursor", async () => {
    for (let i = 10; i < 15; i++) {
      await h.api("POST", `/api/v1/sites/${siteId}/units`, {
        token: admin,
        body: {
          code: `P-${i}`,
          name: `Parking ${i}`,
          kind: "parking_surface",
          grossAreaM2: 12,
          listRentMonthlyMinor: 40_000,
        },
      });
    }
    const first = await h.api("GET", `/api/v1/sites/${siteId}/units?limit=4`, { token: admin });
    expect(first.body.items).toHaveLength(4);
    const second = await h.api(
      "GET",
      `/api/v1/sites/${siteId}/units?limit=4&cursor=${first.body.nextCursor}`,
      { token: admin },
    );
    expect(second.body.items.map((u: { code: string }) => u.code)).toEqual(["P-14", "S-1"]);
    expect(second.body.nextCursor).toBeNull();
    const parking = await h.api("GET", `/api/v1/sites/${siteId}/units?kind=parking_surface`, {
      token: admin,
    });
    expect(parking.body.items).toHaveLength(5);
  });

  it("refuses an impossible status change with 409", async () => {
    await h.api("POST", `/api/v1/sites/${siteId}/units/${unitId}/status`, {
      token: admin,
      body: { status: "leased", reason: "let" },
    });
    const again = await h.api("POST", `/api/v1/sites/${siteId}/units/${unitId}/status`, {
      token: admin,
      body: { status: "maintenance", reason: "x" },
    });
    expect(again.status).toBe(409);
    expect(fields(again.body)).toEqual(["status"]);
    const history = await h.api("GET", `/api/v1/sites/${siteId}/units/${unitId}/status-history`, {
      token: admin,
    });
    expect(history.body.items.map((c: { to: string }) => c.to)).toEqual(["leased", "vacant"]);
  });

  it("answers unknown routes with the error shape", async () => {
    const response = await h.api("GET", "/api/v1/nope", { token: admin });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not_found");
  });
});
