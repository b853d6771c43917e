import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillTemplate, ids } from "../../onboarding/test/support.ts";
import { buildWorld, type World } from "./contract/world.ts";
import { type Harness, startHarness } from "./harness.ts";

// Go-live over HTTP: the template downloaded, a filled workbook uploaded as the request body, its
// dry run, the error workbook, the commit polled to its end — by a site manager of the site;
// clerks may not, other sites' staff find nothing.
let h: Harness;
let world: World;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

beforeAll(async () => {
  h = await startHarness("imports");
  world = await buildWorld(h, "IMP");
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const site = () => `/api/v1/sites/${world.a.siteId}`;

async function upload(workbook: Buffer, token: string, query = "goLiveDate=2026-01-01") {
  const response = await fetch(`${h.baseUrl}${site()}/imports?${query}&fileName=go-live.xlsx`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": XLSX },
    body: workbook,
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked by the tests
  return { status: response.status, body: (await response.json()) as any };
}

const workbook = () =>
  fillTemplate({
    units: [{ code: "GL-901", kind: "住宅", grossArea: 60.5, listRent: 3000 }],
    customers: [
      {
        name: "王五",
        kind: "个人",
        idType: "居民身份证",
        idNumber: ids.wang,
        phones: "13900000000",
      },
    ],
    leases: [
      {
        reference: "GL-HT-9",
        customerIdNumber: ids.wang,
        unitCodes: "GL-901",
        startDate: new Date("2025-12-01T00:00:00Z"),
        endDate: new Date("2026-11-30T00:00:00Z"),
        frequency: "月付",
        rentBasis: "每期固定金额",
        rent: 3000,
      },
    ],
    arrears: [
      {
        leaseReference: "GL-HT-9",
        feeCode: "rent",
        periodStart: "2025-12-01",
        periodEnd: "2025-12-31",
        dueDate: "2025-12-01",
        amount: "3,000.00",
      },
    ],
  });

describe("go-live imports over HTTP", () => {
  it("serves the template as a workbook to a site manager, not to a clerk", async () => {
    const response = await fetch(`${h.baseUrl}${site()}/imports/template?lang=en`, {
      headers: { authorization: `Bearer ${world.atA.site_manager}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain(XLSX);
    expect(response.headers.get("content-disposition")).toContain("import-template.xlsx");
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    const clerk = await h.api("GET", `${site()}/imports/template`, { token: world.atA.clerk });
    expect(clerk.status).toBe(403);
    const other = await h.api("GET", `${site()}/imports/template`, {
      token: world.atB.site_manager,
    });
    expect(other.status).toBe(404);
  });

  it("dry-runs an upload, commits it, and reconciles it to the fen", async () => {
    const validated = await upload(await workbook(), world.atA.site_manager);
    expect(validated.status).toBe(201);
    expect(validated.body).toMatchObject({
      status: "validated",
      errorCount: 0,
      counts: { units: 1, customers: 1, leases: 1, arrears: 1 },
      sheetTotals: { units: 1, grossAreaHundredths: 6_050, arrearsMinor: 300_000 },
    });
    const id = validated.body.id as string;
    const commit = await h.api("POST", `${site()}/imports/${id}/commit`, {
      token: world.atA.site_manager,
    });
    expect(commit.status, commit.text).toBe(202);
    const done = await waitFor(
      async () => {
        const r = await h.api("GET", `${site()}/imports/${id}`, { token: world.atA.site_manager });
        return r.body.status === "committed" || r.body.status === "failed" ? r : null;
      },
      { timeoutMs: 60_000 },
    );
    expect(done.body).toMatchObject({
      status: "committed",
      differences: [],
      rowDifferences: [],
      rowDifferenceCount: 0,
      error: null,
    });
    expect(done.body.systemTotals).toEqual(done.body.sheetTotals);
    const first = await waitFor(async () => {
      const r = await h.api("GET", `${site()}/imports/${id}/first-bills`, {
        token: world.atA.site_manager,
      });
      return r.body.leasesPending === 0 ? r : null;
    });
    expect(first.body).toMatchObject({
      throughDate: "2026-01-31",
      leases: 1,
      leasesBilled: 1,
      billCount: 1,
      amountMinor: 300_000,
    });
    const units = await h.api("GET", `${site()}/units?limit=500`, { token: world.atA.clerk });
    expect(units.body.items.map((u: { code: string }) => u.code)).toContain("GL-901");

    const list = await h.api("GET", `${site()}/imports`, { token: world.atA.site_manager });
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const foreign = await h.api("GET", `${site()}/imports/${id}`, {
      token: world.atB.site_manager,
    });
    expect(foreign.status).toBe(404);
  });

  it("names every error of a bad upload and returns the workbook with them marked", async () => {
    const again = await upload(await workbook(), world.atA.site_manager);
    expect(again.body.status).toBe("invalid");
    expect(again.body.errorCount).toBeGreaterThan(0);
    expect(again.body.errors[0]).toMatchObject({
      sheet: expect.any(String),
      message: { zh: expect.any(String), en: expect.any(String) },
    });
    const marked = await fetch(
      `${h.baseUrl}${site()}/imports/${again.body.id}/errors.xlsx?lang=en`,
      {
        headers: { authorization: `Bearer ${world.atA.site_manager}` },
      },
    );
    expect(marked.status).toBe(200);
    expect(marked.headers.get("content-disposition")).toContain("errors.xlsx");
    const commit = await h.api("POST", `${site()}/imports/${again.body.id}/commit`, {
      token: world.atA.site_manager,
    });
    expect(commit.status).toBe(409);
  });

  it("refuses no file, a JSON body, a file too large, and a bad go-live date — naming them", async () => {
    const none = await h.api("POST", `${site()}/imports`, { token: world.atA.site_manager });
    expect(none.status).toBe(400);
    expect(none.body.error.details.map((d: { field: string }) => d.field)).toEqual(["(body)"]);
    const json = await h.api("POST", `${site()}/imports`, {
      token: world.atA.site_manager,
      body: { workbook: "x" },
    });
    expect(json.status).toBe(400);
    const tooLarge = await upload(Buffer.alloc(21 * 1024 * 1024, 1), world.atA.site_manager);
    expect(tooLarge.status).toBe(413);
    const badDate = await upload(await workbook(), world.atA.site_manager, "goLiveDate=2026-02-30");
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      "goLiveDate",
    ]);
    const garbage = await upload(Buffer.from("not a workbook"), world.atA.site_manager);
    expect(garbage.status).toBe(201);
    expect(garbage.body).toMatchObject({ status: "invalid" });
  });

  it("rolls the committed import back as a whole: staff of the site with the right only", async () => {
    const list = await h.api("GET", `${site()}/imports`, { token: world.atA.site_manager });
    const committed = list.body.items.find((i: { status: string }) => i.status === "committed");
    const path = `${site()}/imports/${committed.id}/rollback`;
    expect((await h.api("POST", path, { token: world.atA.clerk })).status).toBe(403);
    expect((await h.api("POST", path, { token: world.atB.site_manager })).status).toBe(404);
    const foreignPath = `/api/v1/sites/${world.b.siteId}/imports/${committed.id}/rollback`;
    expect((await h.api("POST", foreignPath, { token: world.atB.site_manager })).status).toBe(404);

    const rolled = await h.api("POST", path, { token: world.atA.site_manager });
    expect(rolled.status, rolled.text).toBe(200);
    expect(rolled.body).toMatchObject({ status: "rolled_back", error: null });
    expect(rolled.body.rolledBackAt).toEqual(expect.any(String));
    expect(rolled.body.steps.map((s: { name: string; state: string }) => s.state)).not.toContain(
      "failed",
    );
    const units = await h.api("GET", `${site()}/units?limit=500`, { token: world.atA.clerk });
    expect(units.body.items.map((u: { code: string }) => u.code)).not.toContain("GL-901");
    // Again: the import as it is; an import never committed cannot be rolled back.
    const again = await h.api("POST", path, { token: world.atA.site_manager });
    expect(again.body).toMatchObject({ status: "rolled_back" });
    const invalid = list.body.items.find((i: { status: string }) => i.status === "invalid");
    const refused = await h.api("POST", `${site()}/imports/${invalid.id}/rollback`, {
      token: world.atA.site_manager,
    });
    expect(refused.status).toBe(409);
    // The same workbook is valid again: the site is as before it.
    expect((await upload(await workbook(), world.atA.site_manager)).body.status).toBe("validated");
  });
});
