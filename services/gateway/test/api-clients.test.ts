import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Harness, startHarness } from "./harness.ts";

// API clients of the ERP edge through the REST API: HQ admins create, list and revoke them; the
// secret is shown once; other roles are refused.
let h: Harness;
let admin: string;
let siteA: string;
let auditor: string;
let clerk: string;

beforeAll(async () => {
  h = await startHarness("api_clients");
  admin = await h.login(ADMIN.email, ADMIN.password);
  const site = await h.api("POST", "/api/v1/sites", {
    token: admin,
    body: {
      code: "ERP-A",
      name: "ERP A",
      kind: "office",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
    },
  });
  siteA = site.body.id;
  const user = async (email: string, body: object) => {
    const made = await h.api("POST", "/api/v1/users", {
      token: admin,
      body: { email, name: email, password: "api-clients-pass-1", ...body },
    });
    expect(made.status).toBe(201);
    return h.login(email, "api-clients-pass-1");
  };
  auditor = await user("auditor@api-clients.test", { hqRole: "hq_auditor", memberships: [] });
  clerk = await user("clerk@api-clients.test", {
    hqRole: null,
    memberships: [{ siteId: siteA, role: "site_manager" }],
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("API clients", () => {
  it("are created by HQ admins with their secret shown once, listed without it, and revoked", async () => {
    const created = await h.api("POST", "/api/v1/api-clients", {
      token: admin,
      body: { name: "Kingdee ERP", siteIds: [siteA], expiresAt: "2099-01-01T00:00:00+08:00" },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(created.body.client).toMatchObject({
      name: "Kingdee ERP",
      siteIds: [siteA],
      allSites: false,
      canPost: false,
      revokedAt: null,
      lastUsedAt: null,
      expiresAt: "2098-12-31T16:00:00.000Z",
    });
    const id: string = created.body.client.id;
    expect(id).toMatch(/^apc_/);

    const listed = await h.api("GET", "/api/v1/api-clients", { token: auditor });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(listed.text).not.toContain(created.body.secret);

    const revoked = await h.api("POST", `/api/v1/api-clients/${id}/revoke`, { token: admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const again = await h.api("POST", `/api/v1/api-clients/${id}/revoke`, { token: admin });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it("refuses site staff and HQ auditors as creators, and site staff as readers", async () => {
    const body = { name: "x", allSites: true };
    expect((await h.api("POST", "/api/v1/api-clients", { token: clerk, body })).status).toBe(403);
    expect((await h.api("POST", "/api/v1/api-clients", { token: auditor, body })).status).toBe(403);
    expect((await h.api("GET", "/api/v1/api-clients", { token: clerk })).status).toBe(403);
    expect((await h.api("POST", "/api/v1/api-clients/apc_x/revoke", { token: clerk })).status).toBe(
      403,
    );
  });

  it("names the field at fault, and writes nothing", async () => {
    const cases: [object, string][] = [
      [{ name: "both", siteIds: [siteA], allSites: true }, "siteIds"],
      [{ name: "neither" }, "siteIds"],
      [{ name: "", allSites: true }, "name"],
      [{ name: "unknown site", siteIds: ["sit_nowhere"] }, "siteIds.0"],
      [{ name: "past", allSites: true, expiresAt: "2001-01-01T00:00:00Z" }, "expiresAt"],
      [{ name: "rate", allSites: true, requestsPerMinute: 0 }, "requestsPerMinute"],
    ];
    const before = (await h.api("GET", "/api/v1/api-clients", { token: admin })).body.items.length;
    for (const [body, field] of cases) {
      const answer = await h.api("POST", "/api/v1/api-clients", { token: admin, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const after = (await h.api("GET", "/api/v1/api-clients", { token: admin })).body.items.length;
    expect(after).toBe(before);
  });

  it("answers 404 for a client of no one", async () => {
    expect(
      (await h.api("POST", "/api/v1/api-clients/apc_nobody/revoke", { token: admin })).status,
    ).toBe(404);
  });
});
