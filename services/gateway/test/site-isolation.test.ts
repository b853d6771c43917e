import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Harness, startHarness } from "./harness.ts";

let h: Harness;
let admin: string;
let clerkA: string;
let auditor: string;
let siteA: string;
let siteB: string;
let unitA: string;
let unitB: string;
const password = "clerk-password-1";

beforeAll(async () => {
  h = await startHarness("isolation");
  admin = await h.login(ADMIN.email, ADMIN.password);
  const site = async (code: string) =>
    (
      await h.api("POST", "/api/v1/sites", {
        token: admin,
        body: { code, name: code, kind: "office", timeZone: "Asia/Shanghai", currency: "CNY" },
      })
    ).body.id as string;
  siteA = await site("SITE-A");
  siteB = await site("SITE-B");
  const unit = async (siteId: string) =>
    (
      await h.api("POST", `/api/v1/sites/${siteId}/units`, {
        token: admin,
        body: {
          code: "U-1",
          name: "Unit 1",
          kind: "office",
          grossAreaM2: 100,
          listRentMonthlyMinor: 1_000_000,
        },
      })
    ).body.id as string;
  unitA = await unit(siteA);
  unitB = await unit(siteB);
  const created = await h.api("POST", "/api/v1/users", {
    token: admin,
    body: {
      email: "clerk.a@test.slms",
      name: "Clerk A",
      password,
      memberships: [{ siteId: siteA, role: "clerk" }],
    },
  });
  expect(created.status).toBe(201);
  const audit = await h.api("POST", "/api/v1/users", {
    token: admin,
    body: { email: "auditor@test.slms", name: "Auditor", password, hqRole: "hq_auditor" },
  });
  expect(audit.status).toBe(201);
  clerkA = await h.login("clerk.a@test.slms", password);
  auditor = await h.login("auditor@test.slms", password);
});

afterAll(async () => {
  await h?.close();
});

describe("site isolation", () => {
  it("a clerk of site A gets 404 on every site-B route and sees nothing of B", async () => {
    const routes: [string, string, unknown?][] = [
      ["GET", `/api/v1/sites/${siteB}`],
      ["PATCH", `/api/v1/sites/${siteB}`, { name: "hijacked" }],
      ["GET", `/api/v1/sites/${siteB}/buildings`],
      ["POST", `/api/v1/sites/${siteB}/buildings`, { code: "X", name: "X" }],
      ["GET", `/api/v1/sites/${siteB}/units`],
      [
        "POST",
        `/api/v1/sites/${siteB}/units`,
        { code: "U-2", name: "x", kind: "office", grossAreaM2: 1, listRentMonthlyMinor: 1 },
      ],
      ["GET", `/api/v1/sites/${siteB}/units/${unitB}`],
      ["PATCH", `/api/v1/sites/${siteB}/units/${unitB}`, { name: "hijacked" }],
      [
        "POST",
        `/api/v1/sites/${siteB}/units/${unitB}/status`,
        { status: "maintenance", reason: "x" },
      ],
      ["GET", `/api/v1/sites/${siteB}/units/${unitB}/status-history`],
      // B's unit through A's path: the unit is not in A.
      ["GET", `/api/v1/sites/${siteA}/units/${unitB}`],
      ["PATCH", `/api/v1/sites/${siteA}/units/${unitB}`, { name: "hijacked" }],
      [
        "POST",
        `/api/v1/sites/${siteA}/units/${unitB}/status`,
        { status: "maintenance", reason: "x" },
      ],
    ];
    for (const [method, path, body] of routes) {
      const response = await h.api(method, path, { token: clerkA, body });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
    const list = await h.api("GET", "/api/v1/sites", { token: clerkA });
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([siteA]);
    const untouched = await h.api("GET", `/api/v1/sites/${siteB}/units/${unitB}`, { token: admin });
    expect(untouched.body).toMatchObject({ name: "Unit 1", status: "vacant" });
    expect((await h.api("GET", `/api/v1/sites/${siteB}`, { token: admin })).body.name).toBe(
      "SITE-B",
    );
  });

  it("a clerk works on site A but cannot change the site itself or create sites", async () => {
    expect((await h.api("GET", `/api/v1/sites/${siteA}/units`, { token: clerkA })).status).toBe(
      200,
    );
    const changed = await h.api("POST", `/api/v1/sites/${siteA}/units/${unitA}/status`, {
      token: clerkA,
      body: { status: "reserved", reason: "holding for a tenant" },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe("reserved");
    expect(
      (await h.api("PATCH", `/api/v1/sites/${siteA}`, { token: clerkA, body: { name: "x" } }))
        .status,
    ).toBe(403);
    const create = await h.api("POST", "/api/v1/sites", {
      token: clerkA,
      body: { code: "S-X", name: "x", kind: "office", timeZone: "Asia/Shanghai", currency: "CNY" },
    });
    expect(create.status).toBe(403);
    expect((await h.api("GET", "/api/v1/users", { token: clerkA })).status).toBe(403);
  });

  it("an HQ admin sees and changes both sites", async () => {
    const list = await h.api("GET", "/api/v1/sites", { token: admin });
    expect(list.body.items.map((s: { code: string }) => s.code)).toEqual(["SITE-A", "SITE-B"]);
    for (const siteId of [siteA, siteB]) {
      expect(
        (await h.api("GET", `/api/v1/sites/${siteId}/units`, { token: admin })).body.items,
      ).toHaveLength(1);
      expect(
        (
          await h.api("PATCH", `/api/v1/sites/${siteId}`, {
            token: admin,
            body: { address: "HQ road" },
          })
        ).status,
      ).toBe(200);
    }
  });

  it("an HQ auditor reads every site and changes nothing", async () => {
    expect((await h.api("GET", "/api/v1/sites", { token: auditor })).body.items).toHaveLength(2);
    expect(
      (await h.api("GET", `/api/v1/sites/${siteB}/units/${unitB}`, { token: auditor })).status,
    ).toBe(200);
    expect(
      (
        await h.api("PATCH", `/api/v1/sites/${siteB}/units/${unitB}`, {
          token: auditor,
          body: { name: "x" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.api("POST", `/api/v1/sites/${siteB}/units/${unitB}/status`, {
          token: auditor,
          body: { status: "inactive", reason: "x" },
        })
      ).status,
    ).toBe(403);
  });
});
