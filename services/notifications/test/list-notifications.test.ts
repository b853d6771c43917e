import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { listNotifications } from "../src/use-cases/list-notifications.ts";
import { queueDueNotifications } from "../src/use-cases/queue-due-notifications.ts";
import {
  billHistory,
  customerEvent,
  hq,
  notificationsDb,
  paymentEvent,
  recordingTransport,
  siteCreated,
  staffAt,
} from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_list", { email: recordingTransport() });
  for (const site of ["sit_1", "sit_2"]) {
    await applyEvent(t.deps, siteCreated(site));
    await applyEvent(t.deps, customerEvent(site, `cus_${site}`));
  }
  for (let i = 0; i < 5; i++) {
    await applyEvent(
      t.deps,
      billHistory("sit_1", `bil_${i}`, {
        amountMinor: 100,
        dueDate: "2026-03-10",
        customerId: "cus_sit_1",
      }).issued(),
    );
  }
  await applyEvent(
    t.deps,
    paymentEvent("payments.payment.recorded", "sit_2", "pay_1", {
      amountMinor: 100,
      customerId: "cus_sit_2",
    }),
  );
  t.now.value = new Date("2026-03-11T02:00:00Z");
  await queueDueNotifications(t.deps);
});
afterAll(() => t?.close());

describe("listNotifications", () => {
  it("pages the log of a site, newest first, without gaps or repeats", async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await listNotifications(t.deps, hq, { siteId: "sit_1", pageSize: 2, pageToken });
      seen.push(...page.notifications.map((n) => n.subjectId));
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    expect(seen.sort()).toEqual(["bil_0", "bil_1", "bil_2", "bil_3", "bil_4"]);
  });

  it("narrows to a bill, a payment or a customer", async () => {
    const bill = await listNotifications(t.deps, hq, { billId: "bil_3" });
    expect(bill.notifications).toEqual([
      expect.objectContaining({
        subjectId: "bil_3",
        step: "d+1",
        status: "queued",
        currency: "CNY",
      }),
    ]);
    const payment = await listNotifications(t.deps, hq, { paymentId: "pay_1" });
    expect(payment.notifications).toHaveLength(1);
    const customer = await listNotifications(t.deps, hq, { customerId: "cus_sit_2" });
    expect(customer.notifications.map((n) => n.subjectId)).toEqual(["pay_1"]);
  });

  it("shows staff only their sites, and NOT_FOUND for another site named", async () => {
    const mine = await listNotifications(t.deps, staffAt("sit_2"), {});
    expect(mine.notifications.map((n) => n.siteId)).toEqual(["sit_2"]);
    const none = await listNotifications(t.deps, staffAt("sit_2"), { billId: "bil_1" });
    expect(none.notifications).toEqual([]);
    await expect(
      listNotifications(t.deps, staffAt("sit_2"), { siteId: "sit_1" }),
    ).rejects.toMatchObject({
      kind: "not_found",
    });
  });

  it("refuses a page token it did not issue", async () => {
    await expect(listNotifications(t.deps, hq, { pageToken: "bm9wZQ" })).rejects.toMatchObject({
      details: [{ field: "pageToken" }],
    });
  });
});
