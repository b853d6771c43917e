import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Harness, startHarness } from "./harness.ts";

// Each site keeps its own record of a person; the records of one ID number share a partyId.
// Nothing a site's user is told names a customer of another site.

let h: Harness;
let admin: string;
let clerkA: string;
let clerkB: string;
let siteA: string;
let siteB: string;
const password = "customers-sites-password-1";
const idNumber = "11010519491231002X";

const fields = (body: { error: { details: { field: string }[] } }) =>
  body.error.details.map((d) => d.field);

function register(token: string, siteId: string, name: string, number = idNumber) {
  return h.api("POST", `/api/v1/sites/${siteId}/customers`, {
    token,
    body: { kind: "person", name, idDocumentType: "resident_id", idNumber: number },
  });
}

const ids = (body: { items: { id: string }[] }) => body.items.map((c) => c.id);

beforeAll(async () => {
  h = await startHarness("customers_sites");
  admin = await h.login(ADMIN.email, ADMIN.password);
  const site = async (code: string) =>
    (
      await h.api("POST", "/api/v1/sites", {
        token: admin,
        body: { code, name: code, kind: "residential", timeZone: "Asia/Shanghai", currency: "CNY" },
      })
    ).body.id as string;
  siteA = await site("CS-A");
  siteB = await site("CS-B");
  const clerk = async (email: string, siteId: string) => {
    const created = await h.api("POST", "/api/v1/users", {
      token: admin,
      body: { email, name: email, password, memberships: [{ siteId, role: "clerk" }] },
    });
    expect(created.status).toBe(201);
    return h.login(email, password);
  };
  clerkA = await clerk("clerk.a@customers-sites.test", siteA);
  clerkB = await clerk("clerk.b@customers-sites.test", siteB);
  // Six services on fresh databases: slow when the machine is busy.
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("one person at two sites", () => {
  let atA: { id: string; partyId: string };
  let atB: { id: string; partyId: string };

  beforeAll(async () => {
    const a = await register(clerkA, siteA, "陈静");
    expect(a.status).toBe(201);
    const b = await register(clerkB, siteB, "陈静 (B)");
    expect(b.status).toBe(201);
    atA = a.body;
    atB = b.body;
  });

  it("gives each site its own record, linked by the same partyId", () => {
    expect(atB.id).not.toBe(atA.id);
    expect(atA.partyId).toMatch(/^pty_[0-9A-Z]{26}$/);
    expect(atB.partyId).toBe(atA.partyId);
    expect(atB).toMatchObject({ siteId: siteB, name: "陈静 (B)" });
  });

  it("shows each site only its own record, also by partyId, for site users and HQ", async () => {
    for (const [token, siteId, expected] of [
      [clerkA, siteA, atA.id],
      [clerkB, siteB, atB.id],
      [admin, siteA, atA.id],
      [admin, siteB, atB.id],
    ] as const) {
      const all = await h.api("GET", `/api/v1/sites/${siteId}/customers`, { token });
      expect(ids(all.body)).toEqual([expected]);
      const byParty = await h.api(
        "GET",
        `/api/v1/sites/${siteId}/customers?partyId=${atA.partyId}`,
        { token },
      );
      expect(byParty.status).toBe(200);
      expect(ids(byParty.body)).toEqual([expected]);
      expect(byParty.body.items[0].partyId).toBe(atA.partyId);
    }
  });

  it("answers a duplicate within a site with 409 naming only that site's customer", async () => {
    const again = await register(clerkB, siteB, "Someone Else");
    expect(again.status).toBe(409);
    expect(fields(again.body)).toEqual(["idNumber"]);
    expect(again.body.error.message).toContain(atB.id);
    const said = JSON.stringify(again.body);
    expect(said).not.toContain(atA.id);
    expect(said).not.toContain('陈静"');
    const atAAgain = await register(clerkA, siteA, "Someone Else");
    expect(atAAgain.status).toBe(409);
    expect(JSON.stringify(atAAgain.body)).not.toContain(atB.id);
  });

  it("answers a site-B customer's id under site A's path with 404, for A's clerk and HQ", async () => {
    for (const token of [clerkA, admin]) {
      const get = await h.api("GET", `/api/v1/sites/${siteA}/customers/${atB.id}`, { token });
      expect(get.status).toBe(404);
      const patch = await h.api("PATCH", `/api/v1/sites/${siteA}/customers/${atB.id}`, {
        token,
        body: { name: "hijacked" },
      });
      expect(patch.status).toBe(404);
    }
    const own = await h.api("GET", `/api/v1/sites/${siteB}/customers/${atB.id}`, {
      token: clerkB,
    });
    expect(own.body.name).toBe("陈静 (B)");
  });
});

describe("search", () => {
  let siteS: string;

  beforeAll(async () => {
    siteS = (
      await h.api("POST", "/api/v1/sites", {
        token: admin,
        body: {
          code: "CS-S",
          name: "CS-S",
          kind: "residential",
          timeZone: "Asia/Shanghai",
          currency: "CNY",
        },
      })
    ).body.id;
    const numbers = ["E10000001", "E10000002", "E10000003", "E10000004"];
    for (const [i, name] of ["a_b", "axb", "a%b", "plain"].entries()) {
      const created = await h.api("POST", `/api/v1/sites/${siteS}/customers`, {
        token: admin,
        body: { kind: "person", name, idDocumentType: "passport", idNumber: numbers[i] },
      });
      expect(created.status).toBe(201);
    }
  });

  const search = async (encodedQuery: string) => {
    const response = await h.api("GET", `/api/v1/sites/${siteS}/customers?q=${encodedQuery}`, {
      token: admin,
    });
    expect(response.status).toBe(200);
    return response.body.items.map((c: { name: string }) => c.name).sort();
  };

  it("matches _ and % only as literal characters", async () => {
    expect(await search("_")).toEqual(["a_b"]);
    expect(await search("%25")).toEqual(["a%b"]);
    // Not valid percent-encoding: taken as the character itself.
    expect(await search("%")).toEqual(["a%b"]);
    expect(await search("a_b")).toEqual(["a_b"]);
    expect(await search("a%25b")).toEqual(["a%b"]);
    expect(await search("%25%25")).toEqual([]);
    expect(await search("__")).toEqual([]);
  });

  it("refuses a forged cursor naming it", async () => {
    const forged = Buffer.from(JSON.stringify({ n: "a\u0000", i: "cus_1" })).toString("base64url");
    const response = await h.api("GET", `/api/v1/sites/${siteS}/customers?cursor=${forged}`, {
      token: admin,
    });
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual(["cursor"]);
  });
});

describe("OpenAPI", () => {
  it("documents partyId in the customer and as a list filter", async () => {
    const doc = (await h.api("GET", "/api/v1/openapi.json")).body;
    const list = doc.paths["/api/v1/sites/{siteId}/customers"].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toContain("partyId");
    expect(JSON.stringify(list.responses["200"])).toContain("partyId");
  });
});
