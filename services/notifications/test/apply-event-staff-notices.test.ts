import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { putTemplate } from "../src/use-cases/put-template.ts";
import {
  billingRunCompleted,
  customerEvent,
  hq,
  importFinished,
  inboxOf,
  leaseExpiring,
  log,
  notificationsDb,
  orgId,
  recordingTransport,
  siteCreated,
  userCreated,
  waiverRequested,
} from "./support.ts";

// Staff notices from events: the users the gateway announced, and who of them hears — in the
// in-app inbox and by e-mail — of a billing run, a waiver awaiting approval, a lease expiring, a
// go-live import committed or failed.
let t: Awaited<ReturnType<typeof notificationsDb>>;

beforeAll(async () => {
  t = await notificationsDb("ntf_staff_notices", { email: recordingTransport() });
  for (const e of [
    siteCreated("sit_a"),
    siteCreated("sit_b"),
    customerEvent("sit_a", "cus_1", { name: "李伟" }),
    userCreated("usr_fin_a", { memberships: [{ siteId: "sit_a", role: "finance" }] }),
    userCreated("usr_mgr_a", {
      memberships: [
        { siteId: "sit_a", role: "site_manager" },
        { siteId: "sit_b", role: "clerk" },
      ],
    }),
    userCreated("usr_clerk_a", { memberships: [{ siteId: "sit_a", role: "clerk" }], name: "王芳" }),
    userCreated("usr_cash_a", { memberships: [{ siteId: "sit_a", role: "cashier" }] }),
    userCreated("usr_fin_b", { memberships: [{ siteId: "sit_b", role: "finance" }] }),
    userCreated("usr_mgr_b", { memberships: [{ siteId: "sit_b", role: "site_manager" }] }),
    userCreated("usr_hq", { hqRole: "hq_admin" }),
    userCreated("usr_audit", { hqRole: "hq_auditor" }),
    userCreated("usr_stranger", {
      orgId: "org_other",
      memberships: [{ siteId: "sit_a", role: "finance" }],
    }),
  ]) {
    await applyEvent(t.deps, e);
  }
  await t.deps.db.staffRecipient.create({
    data: { siteId: "sit_a", role: "finance", email: "finance-team@example.com", orgId },
  });
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.deps.db.notification.deleteMany();
  await t.deps.db.userInboxItem.deleteMany();
});

describe("applyEvent: staff users", () => {
  it("keeps users with their memberships; an older event changes nothing", async () => {
    await applyEvent(
      t.deps,
      userCreated("usr_moved", {
        memberships: [{ siteId: "sit_b", role: "finance" }],
        at: "2026-02-02T00:00:00.000Z",
      }),
    );
    await applyEvent(
      t.deps,
      userCreated("usr_moved", {
        memberships: [{ siteId: "sit_a", role: "clerk" }],
        at: "2026-02-01T00:00:00.000Z",
      }),
    );
    const user = await t.deps.db.staffUser.findUniqueOrThrow({
      where: { userId: "usr_moved" },
      include: { memberships: true },
    });
    expect(user.memberships.map((m) => [m.siteId, m.role])).toEqual([["sit_b", "finance"]]);
  });
});

describe("applyEvent: billing.run.completed", () => {
  it("tells finance and the site manager of the site, once, in the inbox and by e-mail", async () => {
    const run = billingRunCompleted("brn_1", "sit_a");
    expect(await applyEvent(t.deps, run)).toBe(true);
    expect(await applyEvent(t.deps, run)).toBe(false);
    // The same run announced again (a new event id) adds nothing either.
    await applyEvent(t.deps, billingRunCompleted("brn_1", "sit_a"));
    expect(await inboxOf(t.deps)).toEqual([
      "usr_fin_a billing_run_completed:brn_1 completed",
      "usr_mgr_a billing_run_completed:brn_1 completed",
    ]);
    const item = await t.deps.db.userInboxItem.findFirstOrThrow({ where: { userId: "usr_fin_a" } });
    expect(item).toMatchObject({
      orgId,
      siteId: "sit_a",
      subjectType: "billing_run",
      readAt: null,
    });
    expect(item.title).toBe("【Site sit_a】计费运行已完成：新开账单 12 张");
    expect(item.body).toContain("合计 ¥60,000.00");
    expect(item.variables).toMatchObject({ issuedCount: "12", runId: "brn_1" });
    expect((await log(t.deps)).map((r) => [r.audience, r.recipient, r.status]).sort()).toEqual([
      ["finance", "finance-team@example.com", "queued"],
      ["finance", "usr_fin_a@staff.example.com", "queued"],
      ["site_manager", "usr_mgr_a@staff.example.com", "queued"],
    ]);
  });

  it("tells the HQ admins (not auditors) of a run over every site", async () => {
    await applyEvent(t.deps, billingRunCompleted("brn_all", null, { failed: true, totals: [] }));
    expect(await inboxOf(t.deps)).toEqual(["usr_hq billing_run_completed:brn_all completed"]);
    const item = await t.deps.db.userInboxItem.findFirstOrThrow({ where: { userId: "usr_hq" } });
    expect(item.siteId).toBeNull();
    expect(item.title).toBe("【全部场地】计费运行出错中止（重新运行可继续）：新开账单 0 张");
    expect((await log(t.deps)).map((r) => [r.audience, r.recipient, r.subject])).toEqual([
      ["hq_admin", "usr_hq@staff.example.com", "billing_run:brn_all"],
    ]);
  });

  it("does not e-mail a user who opted out, but still puts it in their inbox", async () => {
    await t.deps.db.optOut.create({
      data: {
        orgId,
        channel: "email",
        address: "usr_mgr_a@staff.example.com",
        source: "staff",
        reason: "inbox is enough",
        actor: "usr_mgr_a",
        recordedAt: new Date(),
      },
    });
    try {
      await applyEvent(t.deps, billingRunCompleted("brn_2", "sit_a"));
      expect(await inboxOf(t.deps)).toContain("usr_mgr_a billing_run_completed:brn_2 completed");
      expect(
        (await log(t.deps)).find((r) => r.recipient === "usr_mgr_a@staff.example.com"),
      ).toMatchObject({ status: "suppressed", reason: "opted_out" });
    } finally {
      await t.deps.db.optOut.deleteMany();
    }
  });
});

describe("applyEvent: billing.waiver.requested", () => {
  it("asks the site's managers and finance to approve, not the requester", async () => {
    await applyEvent(t.deps, waiverRequested("sit_a", "wav_1", "usr_fin_a"));
    expect(await inboxOf(t.deps)).toEqual(["usr_mgr_a waiver_requested:wav_1 requested"]);
    const item = await t.deps.db.userInboxItem.findFirstOrThrow();
    expect(item.title).toBe("【Site sit_a】减免申请待审批：¥1,500.00");
    expect(item.body).toContain("usr_fin_a 申请减免 李伟 的账单 bil_w");
    expect((await log(t.deps)).map((r) => r.recipient).sort()).toEqual([
      "finance-team@example.com",
      "usr_mgr_a@staff.example.com",
    ]);
  });

  it("names the requester as the gateway announced them", async () => {
    await applyEvent(t.deps, waiverRequested("sit_a", "wav_2", "usr_clerk_a"));
    const items = await t.deps.db.userInboxItem.findMany({ orderBy: { userId: "asc" } });
    expect(items.map((i) => i.userId)).toEqual(["usr_fin_a", "usr_mgr_a"]);
    expect(items[0]!.body).toContain("王芳 申请减免");
  });
});

describe("applyEvent: contracts.lease.expiring", () => {
  it("puts each threshold into the inboxes of the site's managers and clerks", async () => {
    await applyEvent(t.deps, leaseExpiring("sit_a", "lea_7", 60));
    await applyEvent(t.deps, leaseExpiring("sit_a", "lea_7", 30));
    expect(await inboxOf(t.deps)).toEqual([
      "usr_clerk_a lease_expiring:lea_7 expiry_30",
      "usr_clerk_a lease_expiring:lea_7 expiry_60",
      "usr_mgr_a lease_expiring:lea_7 expiry_30",
      "usr_mgr_a lease_expiring:lea_7 expiry_60",
    ]);
    // E-mail stays with the site's leasing recipients (none set here): no user is e-mailed.
    expect(await log(t.deps)).toEqual([]);
  });
});

describe("applyEvent: onboarding.import.finished", () => {
  beforeAll(async () => {
    await t.deps.db.staffRecipient.createMany({
      data: [
        { siteId: "sit_a", role: "site_manager", email: "managers-a@example.com", orgId },
        { siteId: "sit_b", role: "site_manager", email: "managers-b@example.com", orgId },
      ],
    });
  });
  afterAll(async () => {
    await t?.deps.db.staffRecipient.deleteMany({ where: { role: "site_manager" } });
  });

  it("tells the site's managers (not other sites', not finance or clerks), once", async () => {
    const committed = importFinished("sit_a", "imp_1");
    const wakeUps = t.queuedCalls();
    expect(await applyEvent(t.deps, committed)).toBe(true);
    expect(await applyEvent(t.deps, committed)).toBe(false);
    // The same import announced again (a new event id) adds nothing either.
    await applyEvent(t.deps, importFinished("sit_a", "imp_1"));
    expect(await inboxOf(t.deps)).toEqual(["usr_mgr_a import_finished:imp_1 committed"]);
    const item = await t.deps.db.userInboxItem.findFirstOrThrow();
    expect(item).toMatchObject({ orgId, siteId: "sit_a", subjectType: "import", readAt: null });
    expect(item.title).toBe("【Site sit_a】期初数据导入已提交：期初数据-A栋.xlsx");
    expect(item.body).toBe(
      "工作簿 期初数据-A栋.xlsx 的期初数据导入（imp_1）已提交。\n" +
        "单元 120 个，客户 95 位，租约 98 份，期初欠费 14 笔，押金 90 笔，预收款 6 笔。\n" +
        "对账：与工作簿一致，精确到分。\n错误：无",
    );
    expect(item.variables).toMatchObject({ importId: "imp_1", units: "120", arrears: "14" });
    const rows = (await log(t.deps)).map((r) => [r.subject, r.step, r.audience, r.recipient]);
    expect(rows.sort()).toEqual([
      ["import:imp_1", "committed", "site_manager", "managers-a@example.com"],
      ["import:imp_1", "committed", "site_manager", "usr_mgr_a@staff.example.com"],
    ]);
    // The dispatcher was woken for the first delivery only: the others queued nothing.
    expect(t.queuedCalls()).toBe(wakeUps + 1);
  });

  it("says a failed import failed, and why", async () => {
    await applyEvent(
      t.deps,
      importFinished("sit_b", "imp_2", { status: "failed", error: "billing: lease L-7 unknown" }),
    );
    expect(await inboxOf(t.deps)).toEqual(["usr_mgr_b import_finished:imp_2 failed"]);
    const item = await t.deps.db.userInboxItem.findFirstOrThrow();
    expect(item.title).toBe(
      "【Site sit_b】期初数据导入失败（已全部撤销，未留下任何数据）：期初数据-A栋.xlsx",
    );
    expect(item.body).toContain("对账：未进行（导入未提交）。\n错误：billing: lease L-7 unknown");
    expect((await log(t.deps)).map((r) => r.recipient).sort()).toEqual([
      "managers-b@example.com",
      "usr_mgr_b@staff.example.com",
    ]);
  });

  it("flags a committed import that does not reconcile", async () => {
    await applyEvent(t.deps, importFinished("sit_a", "imp_3", { reconciled: false }));
    const item = await t.deps.db.userInboxItem.findFirstOrThrow();
    expect(item.body).toContain("对账：与工作簿不一致，请核查。");
  });

  it("uses the site's own template when one is saved", async () => {
    await putTemplate(t.deps, hq, {
      siteId: "sit_a",
      kind: "import_finished",
      language: "zh-CN",
      channel: "email",
      subject: "导入{{outcome}}",
      body: "{{fileName}}：租约{{leases}}份，押金{{deposits}}笔，{{reconciled}}",
    });
    try {
      await applyEvent(t.deps, importFinished("sit_a", "imp_4"));
      const item = await t.deps.db.userInboxItem.findFirstOrThrow();
      expect([item.title, item.body]).toEqual([
        "导入已提交",
        "期初数据-A栋.xlsx：租约98份，押金90笔，与工作簿一致，精确到分",
      ]);
    } finally {
      await t.deps.db.template.deleteMany();
    }
  });
});
