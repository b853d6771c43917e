import type { Caller } from "@slms/grpc";
import { waitFor } from "@slms/testing";
import ExcelJS from "exceljs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRowsOf } from "../src/commit/plan-rows.ts";
import { rowsOf, sendChunk } from "../src/commit/steps.ts";
import { initialSteps } from "../src/commit/worker.ts";
import type { ImportPlan } from "../src/domain/plan.ts";
import { date, eventsOfSite, goLive, holdings, newSite, validated } from "./go-live.ts";
import { type Harness, type OwnerName, startHarness } from "./harness.ts";
import { fillTemplate, ids } from "./support.ts";

// A go-live from a workbook across every owning service: validated, committed all or nothing,
// reconciled to the workbook's totals to the fen; a commit failed at each step in turn leaves
// nothing behind and announces nothing.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("commit_import");
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("GetTemplate", () => {
  it("answers the site's template in Chinese or English, named after the site", async () => {
    const zh = await h.onboarding.GetTemplate(
      { siteId: h.siteId, lang: "" },
      { caller: h.manager },
    );
    expect(zh.fileName).toBe("GL-1_导入模板.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(zh.workbook) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(["说明", "单元", "客户", "合同", "期初欠费", "押金", "预交款"]),
    );
    const en = await h.onboarding.GetTemplate(
      { siteId: h.siteId, lang: "en" },
      { caller: h.manager },
    );
    expect(en.fileName).toBe("GL-1_import-template.xlsx");
    await expect(
      h.onboarding.GetTemplate({ siteId: h.siteId, lang: "fr" }, { caller: h.manager }),
    ).rejects.toMatchObject({ kind: "invalid" });
    await expect(
      h.onboarding.GetTemplate({ siteId: h.otherSiteId, lang: "" }, { caller: h.manager }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("an import committed", () => {
  it("puts every row into its owning service once, announces it once, and reconciles to the fen", async () => {
    const job = await validated(h, h.siteId, "A", h.manager);
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({
      status: "validated",
      goLiveDate: goLive,
      counts: { units: 3, customers: 2, leases: 2, arrears: 2, deposits: 1, prepayments: 1 },
    });
    // 85.50 + 90.25 + 120 m²; rent 6,500 a month + 36,000.01 a quarter (12,000.00 rounded half up).
    expect(job.sheetTotals).toMatchObject({
      units: 3,
      grossAreaHundredths: 29_575,
      monthlyRentRollMinor: 650_000 + 1_200_000,
      arrearsMinor: 650_000 + 1_200_099,
      depositsHeldMinor: 1_300_000,
      prepaymentsMinor: 50_050,
    });
    expect(eventsOfSite(h, h.siteId)).toEqual([]);

    const { import: done } = await h.onboarding.CommitImport(
      { siteId: h.siteId, importId: job.id, wait: true },
      { caller: h.manager },
    );
    expect(done).toMatchObject({ status: "committed", error: "" });
    expect(done!.steps.every((s) => s.state === "done")).toBe(true);
    expect(done!.differences).toEqual([]);
    expect(done).toMatchObject({ rowDifferences: [], rowDifferenceCount: 0 });
    expect(done!.systemTotals).toEqual(done!.sheetTotals);
    expect(await holdings(h, h.siteId)).toMatchObject({
      units: 3,
      customers: 2,
      leases: 2,
      bills: 2,
    });

    const created = eventsOfSite(h, h.siteId).filter((e) => e.type === "assets.unit.created");
    expect(created).toHaveLength(3);
    // The sheet's 维修中 unit and 张三's emergency contact, as the owning services hold them.
    const caller = { caller: h.manager };
    const page = { siteId: h.siteId, pageSize: 10, pageToken: "" };
    const { units } = await h.owners().assets.ListUnits(page, caller);
    expect(units.find((u) => u.code === "A-102")?.status).toBe("UNIT_STATUS_MAINTENANCE");
    expect(created.find((e) => e.data.code === "A-102")?.data.status).toBe("maintenance");
    const { customers } = await h.owners().customers.ListCustomers(page, caller);
    expect(customers.find((c) => c.name === "张三")?.emergencyContact).toEqual({
      name: "李四",
      phone: "13900139000",
      relation: "配偶",
    });
    const finished = h.events.filter((e) => e.type === "onboarding.import.finished");
    expect(finished.map((e) => e.data)).toEqual([
      expect.objectContaining({ importId: job.id, status: "committed", reconciled: true }),
    ]);

    // The first bills (首期账单): what billing's first run will issue, once it heard of the leases.
    const first = await waitFor(async () => {
      const r = await h.onboarding.GetFirstBills(
        { siteId: h.siteId, importId: job.id },
        { caller: h.manager },
      );
      return r.leasesPending === 0 ? r : null;
    });
    expect(first).toMatchObject({ throughDate: "2026-01-31", leases: 2, leasesBilled: 2 });
    // January's rent of the monthly lease; the quarter from January of the quarterly one (its
    // periods run from its start, October).
    expect(first.bills.map((b) => [b.feeCode, b.periodStart, b.periodEnd, b.amountMinor])).toEqual(
      expect.arrayContaining([
        ["rent", "2026-01-01", "2026-01-31", 650_000],
        ["rent", "2026-01-01", "2026-03-31", 3_600_001],
      ]),
    );
    expect(first.amountMinor).toBe(first.bills.reduce((sum, b) => sum + b.amountMinor, 0));
    // While billing has not heard of a lease yet, the figures leave it out and say so. (Its
    // lease and schedule moved to another site stand for an activation still on its way.)
    const late = first.bills[0]!.leaseId;
    const hide = async (from: string, to: string) => {
      const sql = new pg.Client({ connectionString: h.databaseUrl("billing") });
      await sql.connect();
      for (const table of ["billing_leases", "scheduled_charges"])
        await sql.query(
          `UPDATE ${table} SET site_id = $3 WHERE site_id = $2 AND ${table === "billing_leases" ? "id" : "lease_id"} = $1`,
          [late, from, to],
        );
      await sql.end();
    };
    await hide(h.siteId, "sit_not_yet");
    const partial = await h.onboarding.GetFirstBills(
      { siteId: h.siteId, importId: job.id },
      { caller: h.manager },
    );
    const others = first.bills.filter((b) => b.leaseId !== late);
    expect(partial).toMatchObject({
      leases: 2,
      leasesPending: 1,
      leasesBilled: 1,
      billCount: others.length,
      amountMinor: others.reduce((sum, b) => sum + b.amountMinor, 0),
    });
    await hide("sit_not_yet", h.siteId);
    expect(first.bills.every((b) => b.periodStart >= goLive)).toBe(true);

    // Again: nothing more.
    const again = await h.onboarding.CommitImport(
      { siteId: h.siteId, importId: job.id, wait: true },
      { caller: h.manager },
    );
    expect(again.import?.status).toBe("committed");
    expect(eventsOfSite(h, h.siteId).filter((e) => e.type === "assets.unit.created")).toHaveLength(
      3,
    );
  });

  it("refuses the same rows again, as they are at the site now, naming them", async () => {
    const job = await validated(h, h.siteId, "A", h.manager);
    expect(job.status).toBe("invalid");
    expect(job.errors.map((e) => [e.sheet, e.row, e.column])).toEqual(
      expect.arrayContaining([["单元", 3, expect.any(String)]]),
    );
    const { workbook, fileName } = await h.onboarding.GetErrorWorkbook(
      { siteId: h.siteId, importId: job.id, lang: "en" },
      { caller: h.manager },
    );
    expect(fileName).toBe("A_errors.xlsx");
    expect(Buffer.from(workbook).subarray(0, 2).toString()).toBe("PK");
    await expect(
      h.onboarding.CommitImport(
        { siteId: h.siteId, importId: job.id, wait: true },
        { caller: h.manager },
      ),
    ).rejects.toMatchObject({ kind: "conflict" });
  });

  it("makes a lease for a customer already at the site that the workbook names by name alone", async () => {
    const { siteId, manager } = await newSite(h, "N-1");
    const { customer } = await h.owners().customers.CreateCustomer(
      {
        siteId,
        kind: "CUSTOMER_KIND_PERSON",
        name: "王五",
        idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
        idNumber: ids.wang,
      },
      { caller: manager },
    );
    const workbook = await fillTemplate({
      units: [{ code: "N-101", kind: "住宅", grossArea: 60, listRent: 3000 }],
      leases: [
        {
          reference: "N-HT-1",
          customerName: "王五",
          unitCodes: "N-101",
          startDate: date("2025-12-01"),
          endDate: date("2026-11-30"),
          frequency: "月付",
          rentBasis: "每期固定金额",
          rent: 3000,
        },
      ],
    });
    const { import: job } = await h.onboarding.ValidateImport(
      { siteId, workbook, fileName: "N.xlsx", goLiveDate: goLive },
      { caller: manager },
    );
    expect(job!.errors).toEqual([]);
    const { import: done } = await h.onboarding.CommitImport(
      { siteId, importId: job!.id, wait: true },
      { caller: manager },
    );
    expect(done).toMatchObject({ status: "committed", differences: [] });
    const { leases } = await h
      .owners()
      .contracts.ListLeases({ siteId, pageSize: 10, pageToken: "" }, { caller: manager });
    expect(leases.map((l) => [l.reference, l.customerId])).toEqual([["N-HT-1", customer!.id]]);
    expect(await holdings(h, siteId)).toMatchObject({ customers: 1, leases: 1 });
  });

  it("keeps imports to their site: another site's manager finds none", async () => {
    const stranger: Caller = { ...h.manager, siteIds: [h.otherSiteId] };
    const { imports } = await h.onboarding.ListImports(
      { siteId: h.siteId, pageSize: 10, pageToken: "" },
      { caller: h.manager },
    );
    expect(imports.length).toBeGreaterThan(0);
    await expect(
      h.onboarding.GetImport({ siteId: h.siteId, importId: imports[0]!.id }, { caller: stranger }),
    ).rejects.toMatchObject({ kind: "not_found" });
    await expect(
      h.onboarding.GetImport(
        { siteId: h.otherSiteId, importId: imports[0]!.id },
        { caller: stranger },
      ),
    ).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("an import that fails", () => {
  it.each<[OwnerName, string]>([
    ["assets", "units"],
    ["customers", "customers"],
    ["contracts", "leases"],
    ["billing", "balances"],
    ["payments", "deposits"],
  ])("at %s (step %s) leaves nothing anywhere and announces nothing", async (owner, step) => {
    const code = `F-${owner.slice(0, 3).toUpperCase()}`;
    const { siteId, manager } = await newSite(h, code);
    const job = await validated(h, siteId, code, manager);
    expect(job.status).toBe("validated");
    await h.stop(owner);
    try {
      const { import: failing } = await h.onboarding.CommitImport(
        { siteId, importId: job.id, wait: true },
        { caller: manager },
      );
      // The stopped service cannot discard its part yet: the import waits as failing.
      expect(failing!.status).toMatch(/^(failing|failed)$/);
      expect(failing!.error).not.toBe("");
      expect(failing!.steps.find((s) => s.name === step)?.state).toBe("failed");
    } finally {
      await h.restart(owner);
    }
    await h.owners()[owner === "contracts" ? "contracts" : owner].waitForReady(10_000);
    await h.service.resumeImports();
    await h.service.deps.commits.run(job.id);
    const { import: failed } = await h.onboarding.GetImport(
      { siteId, importId: job.id },
      { caller: manager },
    );
    expect(failed!.status).toBe("failed");
    expect(await holdings(h, siteId)).toEqual({
      units: 0,
      customers: 0,
      leases: 0,
      bills: 0,
      payments: 0,
    });
    expect(eventsOfSite(h, siteId)).toEqual([]);
    expect(
      h.events
        .filter((e) => e.type === "onboarding.import.finished" && e.data.importId === job.id)
        .map((e) => e.data.status),
    ).toEqual(["failed"]);
  });

  it("fails on a conflicting write made after the dry run, and leaves nothing", async () => {
    const { siteId, manager } = await newSite(h, "F-CONF");
    const job = await validated(h, siteId, "C", manager);
    // Someone creates unit C-S1 by hand meanwhile.
    await h.assets.CreateUnit(
      {
        siteId,
        code: "C-S1",
        name: "by hand",
        kind: "UNIT_KIND_SHOP",
        grossAreaM2: "10",
        listRentMonthlyMinor: 1,
      },
      { caller: manager },
    );
    const { import: failed } = await h.onboarding.CommitImport(
      { siteId, importId: job.id, wait: true },
      { caller: manager },
    );
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed!.error).toMatch(/C-S1|code/);
    expect(await holdings(h, siteId)).toMatchObject({
      units: 1,
      customers: 0,
      leases: 0,
      bills: 0,
    });
  });
});

describe("an import interrupted", () => {
  it("resumes after a crash between a chunk sent and recorded, and makes nothing twice", async () => {
    const { siteId, manager } = await newSite(h, "R-1");
    const job = await validated(h, siteId, "R", manager);
    // A commit that crashed: it sent the units (assets made them) but never recorded that.
    const { db } = h.service.deps;
    const row = await db.importJob.findUniqueOrThrow({ where: { id: job.id } });
    const plan = planRowsOf(row.plan as unknown as ImportPlan);
    await db.importJob.update({
      where: { id: job.id },
      data: {
        status: "committing",
        committedBy: manager.actor,
        callerRoles: [...manager.roles],
        steps: initialSteps((step) => rowsOf(step, plan)) as never,
      },
    });
    await sendChunk("units", 0, {
      owners: h.owners(),
      caller: manager,
      siteId,
      batchId: job.id,
      plan,
      goLive,
      timeZone: "Asia/Shanghai",
      made: {},
    });
    // The next process to start resumes it.
    expect(await h.service.resumeImports()).toBe(1);
    await h.service.deps.commits.run(job.id);
    const { import: done } = await h.onboarding.GetImport(
      { siteId, importId: job.id },
      { caller: manager },
    );
    expect(done).toMatchObject({ status: "committed", differences: [] });
    expect(await holdings(h, siteId)).toMatchObject({
      units: 3,
      customers: 2,
      leases: 2,
      bills: 2,
    });
    expect(eventsOfSite(h, siteId).filter((e) => e.type === "assets.unit.created")).toHaveLength(3);
  });
});
