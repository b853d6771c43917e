import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentId } from "./contract/world.ts";
import { ADMIN, type Harness, startHarness } from "./harness.ts";

// Reports through the gateway: the units created over HTTP reach the reporting service as events;
// HQ sees every site, a site user only theirs, a site outside scope is 404.
let h: Harness;
let admin: string;
let clerkA: string;
let auditor: string;
let siteA: string;
let siteB: string;
const password = "clerk-password-1";

beforeAll(async () => {
  h = await startHarness("reports");
  admin = await h.login(ADMIN.email, ADMIN.password);
  const site = async (code: string) =>
    (
      await h.api("POST", "/api/v1/sites", {
        token: admin,
        body: { code, name: code, kind: "office", timeZone: "Asia/Shanghai", currency: "CNY" },
      })
    ).body.id as string;
  siteA = await site("REP-A");
  siteB = await site("REP-B");
  for (const [siteId, code, area] of [
    [siteA, "A-1", 100.25],
    [siteA, "A-2", 50.5],
    [siteB, "B-1", 80],
  ] as const) {
    const created = await h.api("POST", `/api/v1/sites/${siteId}/units`, {
      token: admin,
      body: { code, name: code, kind: "office", grossAreaM2: area, listRentMonthlyMinor: 100_000 },
    });
    expect(created.status).toBe(201);
  }
  for (const [email, body] of [
    ["clerk.rep@test.slms", { memberships: [{ siteId: siteA, role: "clerk" }] }],
    ["auditor.rep@test.slms", { hqRole: "hq_auditor" }],
  ] as const) {
    const created = await h.api("POST", "/api/v1/users", {
      token: admin,
      body: { email, name: email, password, ...body },
    });
    expect(created.status).toBe(201);
  }
  clerkA = await h.login("clerk.rep@test.slms", password);
  auditor = await h.login("auditor.rep@test.slms", password);
});

afterAll(async () => {
  await h?.close();
});

describe("GET /api/v1/reports/occupancy", () => {
  it("reports every site for HQ once the unit events are in", async () => {
    const report = await waitFor(
      async () => {
        const response = await h.api("GET", "/api/v1/reports/occupancy", { token: auditor });
        expect(response.status).toBe(200);
        return response.body.total.units === 3 ? response.body : undefined;
      },
      { timeoutMs: 10_000, description: "three units in the report" },
    );
    expect(report.sites.map((s: { siteId: string }) => s.siteId).sort()).toEqual(
      [siteA, siteB].sort(),
    );
    expect(report.total).toMatchObject({
      units: 3,
      vacantUnits: 3,
      areaM2: "230.75",
      vacancyRateUnits: 10_000,
      vacancyRateArea: 10_000,
    });
    const a = report.sites.find((s: { siteId: string }) => s.siteId === siteA);
    expect(a.byBuilding).toEqual([{ buildingId: null, occupancy: a.total }]);
    expect(a.byKind.map((k: { kind: string }) => k.kind)).toEqual(["office"]);
  });

  it("limits a site user to their sites; another site is 404", async () => {
    const own = await h.api("GET", "/api/v1/reports/occupancy", { token: clerkA });
    expect(own.status).toBe(200);
    expect(own.body.sites.map((s: { siteId: string }) => s.siteId)).toEqual([siteA]);
    expect(own.body.total.areaM2).toBe("150.75");
    const other = await h.api("GET", `/api/v1/reports/occupancy?siteId=${siteB}`, {
      token: clerkA,
    });
    expect(other.status).toBe(404);
    expect((await h.api("GET", "/api/v1/reports/occupancy")).status).toBe(401);
  });
});

describe("GET /api/v1/reports/data-freshness", () => {
  it("shows when each site was last heard of, by kind of event", async () => {
    const response = await h.api("GET", `/api/v1/reports/data-freshness?siteId=${siteA}`, {
      token: clerkA,
    });
    expect(response.status).toBe(200);
    expect(response.body.sites).toHaveLength(1);
    expect(response.body.sites[0]).toMatchObject({ siteId: siteA, quiet: false });
    expect(response.body.sites[0].activity).toEqual([
      expect.objectContaining({ type: "assets.site.created", events: 1 }),
      expect.objectContaining({ type: "assets.unit.created", events: 2 }),
    ]);
  });

  it("refuses a quiet period outside 1…366 days, naming it", async () => {
    for (const days of ["0", "367", "x", "1.5"]) {
      const response = await h.api("GET", `/api/v1/reports/data-freshness?quietAfterDays=${days}`, {
        token: admin,
      });
      expect(response.status, days).toBe(400);
      expect(JSON.stringify(response.body), days).toContain("quietAfterDays");
    }
  });
});

describe("GET /api/v1/reports/payment-journal", () => {
  it("sums the payments taken, by day in the site's time zone, method and cashier", async () => {
    const customer = await h.api("POST", `/api/v1/sites/${siteA}/customers`, {
      token: admin,
      body: {
        kind: "person",
        name: "付款人",
        idDocumentType: "resident_id",
        idNumber: residentId(),
      },
    });
    expect(customer.status).toBe(201);
    const receivedAt = new Date();
    for (const amountMinor of [12_345, 655]) {
      const paid = await h.api("POST", `/api/v1/sites/${siteA}/payments`, {
        token: admin,
        headers: { "idempotency-key": `journal-${amountMinor}` },
        body: {
          customerId: customer.body.id,
          method: "cash",
          amountMinor,
          receivedAt: receivedAt.toISOString(),
        },
      });
      expect(paid.status).toBe(201);
    }
    const day = receivedAt.toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
    const journal = await waitFor(
      async () => {
        const response = await h.api(
          "GET",
          `/api/v1/reports/payment-journal?siteId=${siteA}&from=${day}&to=${day}`,
          { token: auditor },
        );
        expect(response.status).toBe(200);
        return response.body.lines[0]?.payments === 2 ? response.body : undefined;
      },
      { timeoutMs: 10_000, description: "both payments in the journal" },
    );
    expect(journal.lines).toEqual([
      {
        siteId: siteA,
        date: day,
        method: "cash",
        cashierId: expect.stringMatching(/^usr_/),
        cashierName: expect.any(String),
        currency: "CNY",
        payments: 2,
        receivedMinor: 13_000,
        reversed: 0,
        reversedMinor: 0,
        netMinor: 13_000,
      },
    ]);
    const wrongOrder = await h.api(
      "GET",
      `/api/v1/reports/payment-journal?from=2026-06-02&to=2026-06-01`,
      { token: admin },
    );
    expect(wrongOrder.status).toBe(400);
    expect(wrongOrder.body.error.details).toEqual([expect.objectContaining({ field: "to" })]);
    const tooLong = await h.api(
      "GET",
      "/api/v1/reports/payment-journal?from=2025-01-01&to=2026-01-02",
      {
        token: admin,
      },
    );
    expect(tooLong.status).toBe(400);
  });
});

describe("GET /api/v1/reports/lease-expiry", () => {
  it("answers the expiry profile per site and in total, bounded in months, scoped", async () => {
    const response = await h.api("GET", `/api/v1/reports/lease-expiry?siteId=${siteA}&months=6`, {
      token: clerkA,
    });
    expect(response.status).toBe(200);
    expect(response.body.total).toMatchObject({
      siteId: null,
      activeLeases: 0,
      waleYearsByRent: null,
      waleYearsByArea: null,
    });
    expect(response.body.sites).toHaveLength(1);
    expect(response.body.sites[0].months).toHaveLength(7);
    expect(response.body.sites[0].months.at(-1)).toEqual({
      month: "later",
      leases: 0,
      areaM2: "0.00",
      monthlyRentMinor: 0,
    });
    for (const months of ["0", "61", "x"]) {
      const bad = await h.api("GET", `/api/v1/reports/lease-expiry?months=${months}`, {
        token: admin,
      });
      expect(bad.status, months).toBe(400);
    }
    const hidden = await h.api("GET", `/api/v1/reports/lease-expiry?siteId=${siteB}`, {
      token: clerkA,
    });
    expect(hidden.status).toBe(404);
  });
});

describe("GET /api/v1/reports/rent-roll", () => {
  it("pages the active leases of the caller's sites; another site is 404", async () => {
    const response = await h.api("GET", `/api/v1/reports/rent-roll?siteId=${siteA}&limit=10`, {
      token: clerkA,
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
    const forged = await h.api("GET", "/api/v1/reports/rent-roll?cursor=forged", { token: admin });
    expect(forged.status).toBe(400);
    const hidden = await h.api("GET", `/api/v1/reports/rent-roll?siteId=${siteB}`, {
      token: clerkA,
    });
    expect(hidden.status).toBe(404);
  });
});

describe("GET /api/v1/reports/dashboard", () => {
  it("gives HQ every site's figures and their total; a site user only theirs", async () => {
    const hqView = await h.api("GET", "/api/v1/reports/dashboard", { token: auditor });
    expect(hqView.status).toBe(200);
    expect(hqView.body.sites.map((s: { siteId: string }) => s.siteId).sort()).toEqual(
      [siteA, siteB].sort(),
    );
    expect(hqView.body.total).toMatchObject({ siteId: null, quiet: false });
    expect(hqView.body.total.occupancy.units).toBe(3);
    expect(hqView.body.total.collectedThisMonthMinor).toBeGreaterThanOrEqual(0);
    const own = await h.api("GET", "/api/v1/reports/dashboard", { token: clerkA });
    expect(own.body.sites.map((s: { siteId: string }) => s.siteId)).toEqual([siteA]);
    const hidden = await h.api("GET", `/api/v1/reports/dashboard?siteId=${siteB}`, {
      token: clerkA,
    });
    expect(hidden.status).toBe(404);
  });
});

describe("GET /api/v1/reports/{receivables-ageing,collection-rate,revenue}", () => {
  const month = new Date().toISOString().slice(0, 7);
  const today = new Date().toISOString().slice(0, 10);
  const routes = [
    `/api/v1/reports/receivables-ageing?top=3`,
    `/api/v1/reports/collection-rate?from=${month}&to=${month}`,
    `/api/v1/reports/revenue?from=${today}&to=${today}`,
    `/api/v1/reports/rent-yield?from=${month}&to=${month}`,
  ];

  it("answers HQ and a site user for their sites; another site is 404, no token 401", async () => {
    for (const path of routes) {
      const hqView = await h.api("GET", path, { token: auditor });
      expect(hqView.status, path).toBe(200);
      const own = await h.api("GET", `${path}&siteId=${siteA}`, { token: clerkA });
      expect(own.status, path).toBe(200);
      const hidden = await h.api("GET", `${path}&siteId=${siteB}`, { token: clerkA });
      expect(hidden.status, path).toBe(404);
      expect((await h.api("GET", path)).status, path).toBe(401);
    }
    // No bill yet at these sites: nothing open, nothing billed.
    const ageing = await h.api("GET", routes[0]!, { token: auditor });
    expect(ageing.body).toEqual({ sites: [], topDebtors: [] });
  });

  it("refuses bad ranges and counts, naming the parameter", async () => {
    for (const [path, field] of [
      ["/api/v1/reports/receivables-ageing?top=0", "top"],
      ["/api/v1/reports/receivables-ageing?top=101", "top"],
      ["/api/v1/reports/collection-rate?from=2026-05&to=2026-04", "to"],
      ["/api/v1/reports/collection-rate?from=2024-01&to=2026-01", "to"],
      ["/api/v1/reports/collection-rate?from=2026-13&to=2026-12", "from"],
      ["/api/v1/reports/collection-rate?from=2026-01-01&to=2026-02", "from"],
      ["/api/v1/reports/revenue?from=2026-02-01&to=2026-01-31", "to"],
      ["/api/v1/reports/revenue?from=2020-01-01&to=2026-01-01", "to"],
      ["/api/v1/reports/revenue?from=2026-02-30&to=2026-03-01", "from"],
    ] as const) {
      const response = await h.api("GET", path, { token: admin });
      expect(response.status, path).toBe(400);
      expect(
        response.body.error.details.map((d: { field: string }) => d.field),
        path,
      ).toContain(field);
    }
  });
});

describe("reports as files (?format=csv|xlsx&lang=zh|en)", () => {
  const shanghaiDay = (offsetDays: number) =>
    new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString("sv-SE", {
      timeZone: "Asia/Shanghai",
    });
  const journal = (format: string, lang = "zh") =>
    fetch(
      `${h.baseUrl}/api/v1/reports/payment-journal?siteId=${siteA}&from=${shanghaiDay(-1)}&to=${shanghaiDay(1)}&format=${format}&lang=${lang}`,
      { headers: { authorization: `Bearer ${auditor}` } },
    );

  it("streams the payment journal as CSV with Chinese headers, English on request", async () => {
    const zh = await journal("csv");
    expect(zh.status).toBe(200);
    expect(zh.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(zh.headers.get("content-disposition")).toBe(
      `attachment; filename="payment-journal_${siteA}_${shanghaiDay(-1)}_${shanghaiDay(1)}.csv"`,
    );
    const text = Buffer.from(await zh.arrayBuffer()).toString("utf8");
    const [header, ...lines] = text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(header).toBe("站点,日期,付款方式,收银员,币种,笔数,收款金额,冲销笔数,冲销金额,净额");
    // The two payments of the journal test: 12,345 + 655 fen = ¥130.00.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^${siteA},\\d{4}-\\d{2}-\\d{2},cash,.+,CNY,2,130\\.00,0,0\\.00,130\\.00$`),
    );
    const en = Buffer.from(await (await journal("csv", "en")).arrayBuffer()).toString("utf8");
    expect(en.split("\r\n")[0]).toBe(
      "\uFEFFSite,Date,Method,Cashier,Currency,Payments,Received,Reversed,Reversed amount,Net",
    );
  });

  it("streams it as an xlsx workbook: money as numbers in the currency's format", async () => {
    const response = await journal("xlsx");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    // exceljs's types predate Node's generic Buffer; any Buffer loads.
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("财务流水");
    expect(sheet.getRow(1).getCell(7).value).toBe("收款金额");
    const received = sheet.getRow(2).getCell(7);
    expect(received.value).toBe(130);
    expect(received.numFmt).toBe('"¥"#,##0.00');
    expect(sheet.getRow(2).getCell(6).value).toBe(2);
  });

  it("refuses another format or language, naming it, and keeps to the caller's sites", async () => {
    for (const [query, field] of [
      ["format=pdf", "format"],
      ["lang=fr", "lang"],
    ] as const) {
      const response = await h.api("GET", `/api/v1/reports/dashboard?${query}`, { token: admin });
      expect(response.status, query).toBe(400);
      expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
    const hidden = await h.api("GET", `/api/v1/reports/rent-roll?siteId=${siteB}&format=csv`, {
      token: clerkA,
    });
    expect(hidden.status).toBe(404);
    for (const path of [
      "/api/v1/reports/dashboard",
      "/api/v1/reports/occupancy",
      "/api/v1/reports/data-freshness",
      "/api/v1/reports/lease-expiry",
      "/api/v1/reports/rent-roll",
      "/api/v1/reports/receivables-ageing",
      `/api/v1/reports/occupancy-history?from=${shanghaiDay(-7)}&to=${shanghaiDay(0)}`,
      `/api/v1/reports/collection-rate?from=${shanghaiDay(0).slice(0, 7)}&to=${shanghaiDay(0).slice(0, 7)}`,
      `/api/v1/reports/revenue?from=${shanghaiDay(-30)}&to=${shanghaiDay(0)}`,
      `/api/v1/reports/rent-yield?from=${shanghaiDay(0).slice(0, 7)}&to=${shanghaiDay(0).slice(0, 7)}`,
    ]) {
      const sep = path.includes("?") ? "&" : "?";
      for (const format of ["csv", "xlsx"]) {
        const response = await fetch(`${h.baseUrl}${path}${sep}format=${format}`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        expect(response.status, `${path} ${format}`).toBe(200);
        expect(response.headers.get("content-disposition"), path).toMatch(
          new RegExp(`^attachment; filename="[\\w.-]+_all-sites[\\w.-]*\\.${format}"$`),
        );
        expect((await response.arrayBuffer()).byteLength, path).toBeGreaterThan(10);
      }
    }
  });
});

describe("GET /api/v1/reports/audit-trail", () => {
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const range = `from=${day(-1)}&to=${day(1)}`;

  it("shows HQ who created each unit, with the fields it was created with", async () => {
    const response = await h.api("GET", `/api/v1/reports/audit-trail?${range}&objectType=unit`, {
      token: auditor,
    });
    expect(response.status).toBe(200);
    const created = response.body.items.filter(
      (e: { action: string }) => e.action === "assets.unit.created",
    );
    expect(created).toHaveLength(3);
    expect(created[0]).toMatchObject({
      objectType: "unit",
      actorName: expect.any(String),
      changes: expect.arrayContaining([
        { field: "code", after: expect.stringMatching(/^(A-1|A-2|B-1)$/) },
      ]),
    });
    expect(created[0].changes.every((c: object) => !("before" in c))).toBe(true);
  });

  it("shows HQ the users created, by whom, with their roles and never a password", async () => {
    const response = await waitFor(
      async () => {
        const r = await h.api("GET", `/api/v1/reports/audit-trail?${range}&objectType=user`, {
          token: auditor,
        });
        return r.body.items?.some((e: { changes: { after: unknown }[] }) =>
          e.changes.some((c) => c.after === "clerk.rep@test.slms"),
        )
          ? r
          : undefined;
      },
      { timeoutMs: 10_000, description: "the clerk's creation in the audit trail" },
    );
    const clerkEntry = response.body.items.find((e: { changes: { after: unknown }[] }) =>
      e.changes.some((c) => c.after === "clerk.rep@test.slms"),
    );
    expect(clerkEntry).toMatchObject({
      action: "gateway.user.created",
      objectType: "user",
      siteId: null,
      actorName: "HQ administrator",
    });
    expect(clerkEntry.changes).toContainEqual({
      field: "memberships",
      after: [{ siteId: siteA, role: "clerk" }],
    });
    expect(JSON.stringify(response.body)).not.toMatch(/password/i);
    const file = await fetch(
      `${h.baseUrl}/api/v1/reports/audit-trail?${range}&objectType=user&format=csv&lang=en`,
      { headers: { authorization: `Bearer ${auditor}` } },
    );
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe(
      `attachment; filename="audit-trail_all-sites_${day(-1)}_${day(1)}.csv"`,
    );
    const csv = Buffer.from(await file.arrayBuffer()).toString("utf8");
    expect(csv.split("\r\n")[0]).toBe(
      "\uFEFFOccurred at,Site,Object type,Object,Action,User,Changes,Trace id",
    );
    expect(csv).toContain('email: ""clerk.rep@test.slms""');
    expect(csv).not.toMatch(/password/i);
  });

  it("lets a site manager audit only the sites they manage; a clerk may not", async () => {
    const made = await h.api("POST", "/api/v1/users", {
      token: admin,
      body: {
        email: "mgr.rep@test.slms",
        name: "mgr",
        password,
        memberships: [
          { siteId: siteA, role: "site_manager" },
          { siteId: siteB, role: "clerk" },
        ],
      },
    });
    expect(made.status).toBe(201);
    const manager = await h.login("mgr.rep@test.slms", password);
    const own = await h.api("GET", `/api/v1/reports/audit-trail?${range}`, { token: manager });
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    // Only site A's changes: not site B's, not the organisation's users.
    expect(new Set(own.body.items.map((e: { siteId: string }) => e.siteId))).toEqual(
      new Set([siteA]),
    );
    const managedOnly = await h.api("GET", `/api/v1/reports/audit-trail?${range}&siteId=${siteB}`, {
      token: manager,
    });
    expect(managedOnly.status).toBe(404);
    const clerk = await h.api("GET", `/api/v1/reports/audit-trail?${range}`, { token: clerkA });
    expect(clerk.status).toBe(403);
    const bad = await h.api("GET", `/api/v1/reports/audit-trail?from=${day(1)}&to=${day(-1)}`, {
      token: admin,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(["to"]);
  });
});

describe("GET /api/v1/reports/occupancy-history", () => {
  it("gives each site's occupancy at the end of each day since its units were created", async () => {
    const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
    const response = await h.api(
      "GET",
      `/api/v1/reports/occupancy-history?siteId=${siteA}&from=${today}&to=${today}`,
      { token: clerkA },
    );
    expect(response.status).toBe(200);
    expect(response.body.sites).toEqual([expect.objectContaining({ siteId: siteA, date: today })]);
    expect(response.body.sites[0].occupancy).toMatchObject({ units: 2, areaM2: "150.75" });
    expect(response.body.total[0]).toMatchObject({ siteId: null, date: today });
    const hidden = await h.api(
      "GET",
      `/api/v1/reports/occupancy-history?siteId=${siteB}&from=${today}&to=${today}`,
      { token: clerkA },
    );
    expect(hidden.status).toBe(404);
  });
});
