import { waitFor } from "@slms/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorld, type World } from "./contract/world.ts";
import { type Harness, startHarness } from "./harness.ts";

// Notification routes over HTTP: who may read and change a site's rules and templates, what the
// service answers through them, and a preview rendered with a real bill's balance.
let h: Harness;
let world: World;

beforeAll(async () => {
  h = await startHarness("notifications");
  world = await buildWorld(h, "NTF");
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const site = () => `/api/v1/sites/${world.a.siteId}`;
const rules = {
  reminderDaysBefore: 5,
  ladder: [
    { afterDays: 2, audiences: ["tenant"] },
    { afterDays: 10, audiences: ["tenant", "finance"] },
  ],
  quietHoursStart: "22:00",
  quietHoursEnd: "07:30",
  dailyLimit: 2,
  language: "en",
  tenantChannels: ["email"],
  leaseAlertTenant: false,
  webhookUrl: "",
};

describe("notification settings", () => {
  it("shows the defaults, lets a site manager replace them, and every site role read them", async () => {
    // The site is known to notifications once its creation event is applied.
    const before = await waitFor(async () => {
      const r = await h.api("GET", `${site()}/notification-settings`, {
        token: world.atA.clerk,
      });
      return r.status === 200 ? r : null;
    });
    expect(before.body).toMatchObject({
      siteId: world.a.siteId,
      reminderDaysBefore: 3,
      customised: false,
      webhookSecretSet: false,
    });
    const put = await h.api("PUT", `${site()}/notification-settings`, {
      token: world.atA.site_manager,
      body: { ...rules, webhookUrl: "https://hooks.example.com/slms", webhookSecret: "s3cret-key" },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({
      ...rules,
      webhookUrl: "https://hooks.example.com/slms",
      webhookSecretSet: true,
      customised: true,
    });
    expect(put.text).not.toContain("s3cret-key");
    const after = await h.api("GET", `${site()}/notification-settings`, {
      token: world.atA.finance,
    });
    expect(after.body).toEqual(put.body);
  });

  it("refuses a clerk (403), another site's staff (404) and bad rules naming the field", async () => {
    const clerk = await h.api("PUT", `${site()}/notification-settings`, {
      token: world.atA.clerk,
      body: rules,
    });
    expect(clerk.status).toBe(403);
    const other = await h.api("GET", `${site()}/notification-settings`, {
      token: world.atB.site_manager,
    });
    expect(other.status).toBe(404);
    const descending = await h.api("PUT", `${site()}/notification-settings`, {
      token: world.atA.site_manager,
      body: {
        ...rules,
        ladder: [
          { afterDays: 10, audiences: ["tenant"] },
          { afterDays: 2, audiences: ["tenant"] },
        ],
      },
    });
    expect(descending.status).toBe(400);
    expect(descending.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      "ladder",
    ]);
  });

  it("replaces the staff recipients of a role", async () => {
    const put = await h.api("PUT", `${site()}/notification-settings/staff/finance`, {
      token: world.atA.site_manager,
      body: { emails: ["cfo@ntf.test", "ar@ntf.test"] },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.staff).toContainEqual({
      role: "finance",
      emails: ["ar@ntf.test", "cfo@ntf.test"],
    });
  });
});

describe("notification templates", () => {
  const path = `/notification-templates/dunning/email/en`;

  it("overrides a template at a site, names an unknown variable, and removes the override", async () => {
    const unknown = await h.api("PUT", `${site()}${path}`, {
      token: world.atA.site_manager,
      body: { subject: "Overdue", body: "Pay {{amount}} now, {{nickname}}" },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("nickname");
    expect(unknown.body.error.details.map((d: { field: string }) => d.field)).toEqual(["body"]);

    const put = await h.api("PUT", `${site()}${path}`, {
      token: world.atA.site_manager,
      body: { subject: "Overdue at {{siteName}}", body: "{{customerName}} owes {{amount}}" },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ siteId: world.a.siteId, source: "site" });
    const list = await h.api("GET", `${site()}/notification-templates`, { token: world.atA.clerk });
    expect(
      list.body.items.find(
        (t: { kind: string; channel: string; language: string }) =>
          t.kind === "dunning" && t.channel === "email" && t.language === "en",
      ),
    ).toMatchObject({ source: "site", body: "{{customerName}} owes {{amount}}" });

    const removed = await h.api("DELETE", `${site()}${path}`, { token: world.atA.site_manager });
    expect(removed.status).toBe(204);
    const again = await h.api("GET", `${site()}/notification-templates`, {
      token: world.atA.clerk,
    });
    expect(
      again.body.items.find(
        (t: { kind: string; channel: string; language: string }) =>
          t.kind === "dunning" && t.channel === "email" && t.language === "en",
      ).source,
    ).not.toBe("site");
  });

  it("keeps the organisation's templates to the HQ admin", async () => {
    const body = { subject: "", body: "{{customerName}}: {{amount}} due {{dueDate}}" };
    const manager = await h.api("PUT", "/api/v1/notification-templates/bill_reminder/sms/zh-CN", {
      token: world.atA.site_manager,
      body,
    });
    expect(manager.status).toBe(403);
    const admin = await h.api("PUT", "/api/v1/notification-templates/bill_reminder/sms/zh-CN", {
      token: world.admin,
      body,
    });
    expect(admin.status, admin.text).toBe(200);
    expect(admin.body).toMatchObject({ siteId: "", source: "organisation" });
    const list = await h.api("GET", "/api/v1/notification-templates", { token: world.admin });
    expect(list.status).toBe(200);
    expect(list.body.items.some((t: { source: string }) => t.source === "organisation")).toBe(true);
  });

  it("previews a dunning message with the bill's balance as billing holds it today", async () => {
    const bill = await h.api("GET", `${site()}/bills/${world.a.billId}`, { token: world.admin });
    expect(bill.status).toBe(200);
    const balance = bill.body.amountMinor - bill.body.allocatedMinor - bill.body.waivedMinor;
    const preview = await waitFor(async () => {
      const r = await h.api("POST", `${site()}/notification-templates/preview`, {
        token: world.atA.clerk,
        body: {
          billId: world.a.billId,
          kind: "dunning",
          channel: "email",
          language: "en",
          draftBody: "Owed {{amount}}",
          afterDays: 7,
        },
      });
      return r.status === 200 && r.body.balanceMinor === balance ? r : null;
    });
    expect(preview.body.currency).toBe("CNY");
    expect(preview.body.body).toMatch(/^Owed /);
    const stranger = await h.api("POST", `${site()}/notification-templates/preview`, {
      token: world.atA.clerk,
      body: { billId: world.b.billId, kind: "dunning", channel: "email" },
    });
    expect(stranger.status).toBe(404);
  });
});

describe("opt-outs and the delivery log", () => {
  it("records and takes back an opt-out (a site manager), and lists a site's messages", async () => {
    const address = "tenant.optout@ntf.test";
    const recorded = await h.api("POST", "/api/v1/notification-opt-outs", {
      token: world.atA.site_manager,
      body: { channel: "email", address, reason: "asked at the desk" },
    });
    expect(recorded.status, recorded.text).toBe(201);
    expect(recorded.body).toMatchObject({ channel: "email", address, source: "staff" });
    const cashier = await h.api("POST", "/api/v1/notification-opt-outs", {
      token: world.atA.cashier,
      body: { channel: "email", address },
    });
    expect(cashier.status).toBe(403);
    const removed = await h.api(
      "DELETE",
      `/api/v1/notification-opt-outs/email/${encodeURIComponent(address)}`,
      { token: world.atA.site_manager },
    );
    expect(removed.status).toBe(204);

    const log = await h.api("GET", `${site()}/notifications?limit=5`, { token: world.atA.clerk });
    expect(log.status, log.text).toBe(200);
    expect(log.body).toMatchObject({ items: expect.any(Array) });
    const outbox = await h.api("GET", `${site()}/notification-outbox`, { token: world.atA.clerk });
    expect(outbox.status).toBe(200);
  });
});

describe("the in-app inbox", () => {
  it("tells a site's managers of a waiver awaiting approval, once, and marks it read", async () => {
    // Notifications hears of users from the gateway's events: once it knows who manages site A,
    // it tells them of the waiver (a manager it has not heard of yet is not told).
    const db = new pg.Client({ connectionString: h.notificationsDatabaseUrl });
    await db.connect();
    try {
      await waitFor(
        async () =>
          ((
            await db.query(
              `SELECT 1 FROM staff_memberships WHERE site_id = $1 AND role = 'site_manager'`,
              [world.a.siteId],
            )
          ).rowCount ?? 0) > 0,
        { description: "notifications to know site A's managers" },
      );
    } finally {
      await db.end();
    }
    const requested = await h.api("POST", `${site()}/bills/${world.a.billId}/waivers`, {
      token: world.atA.finance,
      headers: { "idempotency-key": "inbox-waiver-1" },
      body: { amountMinor: 60_000, reason: "disputed meter reading" },
    });
    expect(requested.status, requested.text).toBe(201);
    expect(requested.body.status).toBe("pending");
    const inbox = await waitFor(async () => {
      const r = await h.api("GET", "/api/v1/me/inbox?unreadOnly=true", {
        token: world.atA.site_manager,
      });
      const item = r.body.items?.find(
        (i: { subjectId: string }) => i.subjectId === requested.body.id,
      );
      return item ? { r, item } : null;
    });
    expect(inbox.item).toMatchObject({
      siteId: world.a.siteId,
      kind: "waiver_requested",
      subjectType: "waiver",
      readAt: null,
    });
    const count = async (token: string) =>
      (await h.api("GET", "/api/v1/me/inbox/unread-count", { token })).body.unread as number;
    const before = await count(world.atA.site_manager);
    expect(before).toBeGreaterThanOrEqual(1);
    // Site B's manager is not told, and cannot mark A's item.
    const other = await h.api("GET", "/api/v1/me/inbox", { token: world.atB.site_manager });
    expect(
      other.body.items.some((i: { subjectId: string }) => i.subjectId === requested.body.id),
    ).toBe(false);
    const foreign = await h.api("POST", "/api/v1/me/inbox/read", {
      token: world.atB.site_manager,
      body: { ids: [inbox.item.id] },
    });
    expect(foreign.status).toBe(404);

    const marked = await h.api("POST", "/api/v1/me/inbox/read", {
      token: world.atA.site_manager,
      body: { ids: [inbox.item.id] },
    });
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body).toEqual({ marked: 1 });
    expect(await count(world.atA.site_manager)).toBe(before - 1);
    const neither = await h.api("POST", "/api/v1/me/inbox/read", {
      token: world.atA.site_manager,
      body: { ids: [inbox.item.id], all: true },
    });
    expect(neither.status).toBe(400);
  });
});
