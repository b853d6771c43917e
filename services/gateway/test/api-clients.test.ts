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

describe("the account mapping", () => {
  const mapping = () => ({
    receivables: { code: "1122", name: "应收账款" },
    prepayments: { code: "2203", name: "预收账款" },
    deposits: { code: "2241.01", name: "其他应付款—押金" },
    revenue: { code: "6001", name: "主营业务收入" },
    revenueByFee: [{ feeCode: "rent", code: "6001.01", name: "租金收入" }],
    waivers: { code: "6711", name: "营业外支出—减免" },
    forfeitedDeposits: { code: "6301.03", name: "营业外收入—没收押金" },
    openingBalances: { code: "4104", name: "利润分配—未分配利润" },
    cash: { code: "1002", name: "银行存款" },
    cashByMethod: [{ method: "cash", code: "1001", name: "库存现金" }],
  });

  it("is the default chart until an HQ admin sets the organisation's own; auditors read it", async () => {
    const before = await h.api("GET", "/api/v1/account-mapping", { token: auditor });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ isDefault: true, updatedAt: null, updatedBy: null });
    expect(before.body.mapping.receivables).toEqual({ code: "1122", name: "应收账款" });
    expect(before.body.mapping.cashByMethod).toContainEqual({
      method: "cash",
      code: "1001",
      name: "库存现金",
    });

    const set = await h.api("PUT", "/api/v1/account-mapping", { token: admin, body: mapping() });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ isDefault: false, mapping: mapping() });
    expect(set.body.updatedBy).toMatch(/^usr_/);
    const after = await h.api("GET", "/api/v1/account-mapping", { token: auditor });
    expect(after.body).toEqual(set.body);
  });

  it("is refused to site staff, and set by HQ admins only", async () => {
    expect((await h.api("GET", "/api/v1/account-mapping", { token: clerk })).status).toBe(403);
    for (const token of [clerk, auditor]) {
      const answer = await h.api("PUT", "/api/v1/account-mapping", { token, body: mapping() });
      expect(answer.status).toBe(403);
    }
  });

  it("names the field at fault, and changes nothing", async () => {
    const before = (await h.api("GET", "/api/v1/account-mapping", { token: admin })).body;
    const { receivables: _left, ...withoutReceivables } = mapping();
    const cases: [object, string][] = [
      [withoutReceivables, "receivables"],
      [{ ...mapping(), cash: { code: "10 02", name: "银行" } }, "cash.code"],
      [{ ...mapping(), waivers: { code: "6711", name: "" } }, "waivers.name"],
      [
        { ...mapping(), cashByMethod: [{ method: "WeChat Pay", code: "1", name: "x" }] },
        "cashByMethod.0.method",
      ],
      [
        {
          ...mapping(),
          revenueByFee: [
            { feeCode: "rent", code: "6001", name: "租金" },
            { feeCode: "rent", code: "6002", name: "租金二" },
          ],
        },
        "revenueByFee.1.feeCode",
      ],
      [{ ...mapping(), suspense: { code: "1", name: "x" } }, "suspense"],
    ];
    for (const [body, field] of cases) {
      const answer = await h.api("PUT", "/api/v1/account-mapping", { token: admin, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      const fields = answer.body.error.details.map((d: { field: string }) => d.field);
      expect(
        fields.some((f: string) => f.startsWith(field)),
        fields.join(),
      ).toBe(true);
    }
    expect((await h.api("GET", "/api/v1/account-mapping", { token: admin })).body).toEqual(before);
  });
});
