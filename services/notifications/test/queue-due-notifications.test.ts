import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { queueDueNotifications } from "../src/use-cases/queue-due-notifications.ts";
import {
  billHistory,
  customerEvent,
  log,
  notificationsDb,
  orgId,
  recordingTransport,
  siteCreated,
} from "./support.ts";

// The scheduler alone: which rows it queues on which local day. Nothing is sent here.
let t: Awaited<ReturnType<typeof notificationsDb>>;
const site = "sit_s";
/** 10:00 on a civil date in Shanghai. */
const morningOf = (date: string) => new Date(`${date}T02:00:00Z`);

beforeAll(async () => {
  t = await notificationsDb("ntf_schedule", { email: recordingTransport() });
  await applyEvent(t.deps, siteCreated(site, "Asia/Shanghai"));
  await applyEvent(t.deps, customerEvent(site, "cus_1"));
  await t.deps.db.staffRecipient.createMany({
    data: [
      { siteId: site, role: "site_manager", email: "manager@example.com", orgId },
      { siteId: site, role: "finance", email: "finance@example.com", orgId },
    ],
  });
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.deps.db.notification.deleteMany();
  await t.deps.db.billFact.deleteMany();
});

describe("queueDueNotifications", () => {
  it("queues the reminder from 3 days before the due date, once however often it runs", async () => {
    await applyEvent(
      t.deps,
      billHistory(site, "bil_r", { amountMinor: 1, dueDate: "2026-03-10" }).issued(),
    );
    t.now.value = morningOf("2026-03-06");
    expect(await queueDueNotifications(t.deps)).toMatchObject({ queued: 0 });
    t.now.value = morningOf("2026-03-07");
    expect(await queueDueNotifications(t.deps)).toMatchObject({ queued: 1 });
    expect(await queueDueNotifications(t.deps)).toMatchObject({ queued: 0 });
    t.now.value = morningOf("2026-03-08");
    expect(await queueDueNotifications(t.deps)).toMatchObject({ queued: 0 });
    expect(await log(t.deps)).toEqual([
      expect.objectContaining({
        subject: "bill:bil_r",
        step: "reminder",
        recipient: "li.wei@example.com",
      }),
    ]);
  });

  it("counts days in the site's time zone", async () => {
    await applyEvent(
      t.deps,
      billHistory(site, "bil_tz", { amountMinor: 1, dueDate: "2026-03-10" }).issued(),
    );
    // 23:30 UTC on the 6th is 07:30 on the 7th in Shanghai: the reminder's first day.
    t.now.value = new Date("2026-03-06T23:30:00Z");
    expect(await queueDueNotifications(t.deps)).toMatchObject({ queued: 1 });
  });

  it("queues each ladder step to its audiences", async () => {
    await applyEvent(
      t.deps,
      billHistory(site, "bil_l", { amountMinor: 1, dueDate: "2026-03-10" }).issued(),
    );
    t.now.value = morningOf("2026-03-25"); // d+15
    await queueDueNotifications(t.deps);
    t.now.value = morningOf("2026-04-09"); // d+30
    await queueDueNotifications(t.deps);
    expect((await log(t.deps)).map((row) => [row.step, row.audience, row.recipient])).toEqual([
      ["d+15", "tenant", "li.wei@example.com"],
      ["d+15", "site_manager", "manager@example.com"],
      ["d+30", "site_manager", "manager@example.com"],
      ["d+30", "finance", "finance@example.com"],
    ]);
  });

  it("skips bills that are paid or waived", async () => {
    const bill = billHistory(site, "bil_w", { amountMinor: 100, dueDate: "2026-03-10" });
    await applyEvent(t.deps, bill.issued());
    await applyEvent(t.deps, bill.change("waived", { waived: 100 }, "2026-03-01T00:00:00Z"));
    t.now.value = morningOf("2026-03-11");
    expect(await queueDueNotifications(t.deps)).toMatchObject({ queued: 0 });
  });

  it("queues once when two schedulers run at the same time", async () => {
    for (let i = 0; i < 20; i++) {
      await applyEvent(
        t.deps,
        billHistory(site, `bil_c${i}`, { amountMinor: 1, dueDate: "2026-03-10" }).issued(),
      );
    }
    t.now.value = morningOf("2026-03-11");
    const [a, b] = await Promise.all([
      queueDueNotifications(t.deps),
      queueDueNotifications(t.deps),
    ]);
    expect((a?.queued ?? 0) + (b?.queued ?? 0)).toBe(20);
    expect(await t.deps.db.notification.count()).toBe(20);
  });
});
