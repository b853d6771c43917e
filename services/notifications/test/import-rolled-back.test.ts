import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "@slms/contracts";
import { anyRemoved } from "@slms/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyBill } from "../src/db/facts.ts";
import { removeObjects } from "../src/db/removed.ts";
import type { Tx } from "../src/deps.ts";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { dispatchNotifications } from "../src/use-cases/dispatch-notifications.ts";
import { queueDueNotifications } from "../src/use-cases/queue-due-notifications.ts";
import {
  billHistory,
  customerEvent,
  event,
  leaseExpiring,
  log,
  notificationsDb,
  orgId,
  recordingTransport,
  siteCreated,
} from "./support.ts";

// `customers|billing|contracts.import.rolled_back`: a rolled-back import's customers and bills
// are forgotten, whatever was still queued about them (and its leases) is not sent, the batch's
// events still on their way are ignored — no reminder is ever sent for a removed bill.
let t: Awaited<ReturnType<typeof notificationsDb>>;
const transports = { email: recordingTransport(), sms: recordingTransport() };
const apply = (e: EventEnvelope) => applyEvent(t.deps, e);
const site = "sit_rb";
/** 10:00 on a civil date in Shanghai. */
const morningOf = (date: string) => new Date(`${date}T02:00:00Z`);

type Service = "customers" | "billing" | "contracts";

/** One part of a service's rollback event. */
function rollbackPart(
  service: Service,
  batchId: string,
  content: { objects: Record<string, string[]>; eventIds: string[] },
  part = 1,
  parts = 1,
): EventEnvelope {
  return event(
    `${service}.import.rolled_back`,
    site,
    { batchId, siteId: site, ...content, part, parts },
    "2026-03-01T01:00:00.000Z",
  );
}

/**
 * A service's rollback events as @slms/db's rollBackImportBatch writes them: as few parts as hold
 * the ids, at most `per` object ids (of any kinds) and as many event ids each.
 */
function rollback(
  service: Service,
  batchId: string,
  objects: Record<string, string[]>,
  events: readonly EventEnvelope[],
  per = 5_000,
): EventEnvelope[] {
  const parts: { objects: Record<string, string[]>; eventIds: string[] }[] = [];
  let room = 0;
  for (const [kind, ids] of Object.entries(objects))
    for (const id of ids) {
      if (room === 0) {
        parts.push({ objects: {}, eventIds: [] });
        room = per;
      }
      const last = parts.at(-1)!;
      last.objects[kind] = [...(last.objects[kind] ?? []), id];
      room -= 1;
    }
  const eventIds = events.map((e) => e.id);
  for (let i = 0, p = 0; i < eventIds.length; i += per, p += 1) {
    if (!parts[p]) parts.push({ objects: {}, eventIds: [] });
    parts[p]!.eventIds = eventIds.slice(i, i + per);
  }
  if (parts.length === 0) parts.push({ objects: {}, eventIds: [] });
  return parts.map((part, i) => rollbackPart(service, batchId, part, i + 1, parts.length));
}

/** A bill of the site due on 4 March: its reminder is queued from 1 March. */
const bill = (billId: string, customerId: string) =>
  billHistory(site, billId, { amountMinor: 100_000, dueDate: "2026-03-04", customerId });

/**
 * Runs `work` in a transaction kept open until `release()`: `result.started` once `work` is done
 * (its locks held), `result.done` once the transaction committed.
 */
function holdOpen(work: (tx: Tx) => Promise<void>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started!: () => void;
  const startedP = new Promise<void>((resolve) => {
    started = resolve;
  });
  const done = t.deps.db.$transaction(
    async (tx) => {
      try {
        await work(tx);
      } finally {
        started();
      }
      await released;
    },
    { timeout: 20_000 },
  );
  return { result: { started: startedP, done }, release };
}

/** What the delivery log has messages about. */
const subjects = async () => [...new Set((await log(t.deps)).map((r) => r.subject))];
const sentTo = () => [...transports.email.sent, ...transports.sms.sent].map((m) => m.recipient);
const billFact = (billId: string) => t.deps.db.billFact.findUnique({ where: { billId } });

beforeAll(async () => {
  t = await notificationsDb("ntf_import_rolled_back", transports);
  await apply(siteCreated(site));
  // A customer and bill the site had before the import.
  await apply(customerEvent(site, "cus_pre", { email: "before@example.com", consentSms: false }));
  await apply(bill("bil_pre", "cus_pre").issued());
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.deps.db.notification.deleteMany();
  transports.email.sent.length = 0;
  transports.sms.sent.length = 0;
  t.now.value = morningOf("2026-03-01");
});

describe("applyEvent: <service>.import.rolled_back", () => {
  it("sends no reminder for a bill rolled back after the scheduler queued it", async () => {
    const customer = customerEvent(site, "cus_i1", { email: "imported@example.com" });
    const issued = bill("bil_i1", "cus_i1").issued();
    await apply(customer);
    await apply(issued);
    expect(await queueDueNotifications(t.deps)).toMatchObject({ bills: 2 });
    expect((await log(t.deps)).filter((r) => r.subject === "bill:bil_i1")).toHaveLength(2);

    // Rolled back newest part first, as the importer does.
    for (const e of [
      ...rollback("billing", "imp_1", { bill: ["bil_i1"], prepayment: ["pre_1"] }, [issued]),
      ...rollback("customers", "imp_1", { customer: ["cus_i1"] }, [customer]),
    ])
      expect(await apply(e)).toBe(true);

    expect(await billFact("bil_i1")).toBeNull();
    expect(await t.deps.db.customerFact.findUnique({ where: { customerId: "cus_i1" } })).toBeNull();
    const rows = await log(t.deps);
    expect(
      rows.filter((r) => r.subject === "bill:bil_i1").map((r) => [r.status, r.reason]),
    ).toEqual([
      ["suppressed", "import_rolled_back"],
      ["suppressed", "import_rolled_back"],
    ]);
    // The scheduler runs again, the dispatcher sends: only the bill that was there before.
    expect(await queueDueNotifications(t.deps)).toMatchObject({ queued: 0 });
    t.now.value = morningOf("2026-03-02");
    expect(await queueDueNotifications(t.deps)).toMatchObject({ queued: 0 });
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 1 });
    expect(sentTo()).toEqual(["before@example.com"]);
  });

  it("gives the scheduler nothing to remind of when the bill goes before its reminder is due", async () => {
    const issued = bill("bil_i2", "cus_pre").issued();
    await apply(issued);
    t.now.value = morningOf("2026-02-20");
    expect(await queueDueNotifications(t.deps)).toMatchObject({ queued: 0 });
    for (const e of rollback("billing", "imp_2", { bill: ["bil_i2"] }, [issued])) await apply(e);
    t.now.value = morningOf("2026-03-01");
    await queueDueNotifications(t.deps);
    expect(await subjects()).toEqual(["bill:bil_pre"]);
  });

  it("ignores an event of the batch arriving after the rollback", async () => {
    const issued = bill("bil_late", "cus_pre").issued();
    for (const e of rollback("billing", "imp_3", { bill: ["bil_late"] }, [issued])) await apply(e);
    expect(await apply(issued)).toBe(false); // taken as handled
    expect(await billFact("bil_late")).toBeNull();
    await queueDueNotifications(t.deps);
    expect(await subjects()).toEqual(["bill:bil_pre"]);
  });

  it("ignores an object's event arriving after the part removing it, before the part listing it", async () => {
    const customer = customerEvent(site, "cus_between", { email: "between@example.com" });
    const history = bill("bil_between", "cus_between");
    const issued = history.issued();
    const changed = history.change("resized", { amount: 5_000 }, "2026-02-25T00:00:00Z");
    // Batches of more than 5,000 ids: their objects and their event ids in different parts.
    const billing = [
      rollbackPart("billing", "imp_4", { objects: { bill: ["bil_between"] }, eventIds: [] }, 1, 2),
      rollbackPart("billing", "imp_4", { objects: {}, eventIds: [issued.id, changed.id] }, 2, 2),
    ];
    const customers = [
      rollbackPart("customers", "imp_4", { objects: { customer: ["cus_between"] }, eventIds: [] }),
      rollbackPart("customers", "imp_4", { objects: {}, eventIds: [customer.id] }, 2, 2),
    ];
    await apply(billing[0]!);
    await apply(customers[0]!);
    for (const e of [customer, issued, changed]) expect(await apply(e)).toBe(true);
    expect(await billFact("bil_between")).toBeNull();
    expect(
      await t.deps.db.customerFact.findUnique({ where: { customerId: "cus_between" } }),
    ).toBeNull();
    await apply(billing[1]!);
    await apply(customers[1]!);
    await queueDueNotifications(t.deps);
    expect(await subjects()).toEqual(["bill:bil_pre"]);
  });

  it("applies a rollback in parts, each on its own", async () => {
    const issued = ["bil_p1", "bil_p2", "bil_p3"].map((id) => bill(id, "cus_pre").issued());
    for (const e of issued) await apply(e);
    const parts = rollback("billing", "imp_5", { bill: ["bil_p1", "bil_p2", "bil_p3"] }, issued, 2);
    expect(parts.map((p) => p.data)).toEqual([
      expect.objectContaining({ objects: { bill: ["bil_p1", "bil_p2"] }, part: 1, parts: 2 }),
      expect.objectContaining({ objects: { bill: ["bil_p3"] }, part: 2, parts: 2 }),
    ]);
    await apply(parts[1]!); // the second part first
    expect(await billFact("bil_p3")).toBeNull();
    expect(await billFact("bil_p1")).not.toBeNull();
    await apply(parts[0]!);
    expect(await billFact("bil_p1")).toBeNull();
    await queueDueNotifications(t.deps);
    expect(await subjects()).toEqual(["bill:bil_pre"]);
  });

  it("changes nothing when a rollback is heard of again", async () => {
    const issued = bill("bil_again", "cus_pre").issued();
    await apply(issued);
    await queueDueNotifications(t.deps);
    const [objects] = rollback("billing", "imp_6", { bill: ["bil_again"] }, [issued]);
    expect(await apply(objects!)).toBe(true);
    const after = await log(t.deps);
    const removed = await t.deps.db.removedObject.findMany({ where: { batchId: "imp_6" } });
    expect(await apply(objects!)).toBe(false); // redelivered
    // The same part published again (another envelope): nothing more to remove.
    expect(await apply({ ...objects!, id: randomUUID() })).toBe(true);
    expect(await log(t.deps)).toEqual(after);
    expect(await t.deps.db.removedObject.findMany({ where: { batchId: "imp_6" } })).toEqual(
      removed,
    );
  });

  it("suppresses a rolled-back lease's expiry alert still queued, and alerts nothing of it later", async () => {
    await t.deps.db.staffRecipient.create({
      data: { siteId: site, role: "leasing", email: "leasing@example.com", orgId },
    });
    await apply(leaseExpiring(site, "lea_i1", 90));
    expect((await log(t.deps)).map((r) => r.status)).toEqual(["queued"]);
    for (const e of rollback("contracts", "imp_7", { lease: ["lea_i1"] }, [])) await apply(e);
    expect((await log(t.deps)).map((r) => [r.status, r.reason])).toEqual([
      ["suppressed", "import_rolled_back"],
    ]);
    expect(await apply(leaseExpiring(site, "lea_i1", 60))).toBe(true);
    expect(await log(t.deps)).toHaveLength(1);
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 0 });
    await t.deps.db.staffRecipient.deleteMany({ where: { siteId: site } });
  });

  it("makes a bill's event wait for a rollback under way, then ignore it", async () => {
    const issued = bill("bil_wait1", "cus_pre").issued();
    const removal = {
      orgId,
      siteId: site,
      batchId: "imp_w1",
      objects: { bill: ["bil_wait1"] },
      at: "2026-03-01T01:00:00.000Z",
    };
    const { result, release } = holdOpen((tx) => removeObjects(tx, removal, t.now.value));
    await result.started;
    const applying = apply(issued);
    await new Promise((resolve) => setTimeout(resolve, 300)); // it would be done by now
    release();
    await result.done;
    expect(await applying).toBe(true);
    expect(await billFact("bil_wait1")).toBeNull();
  });

  it("makes a rollback wait for a bill's event under way, then remove the bill", async () => {
    const issued = bill("bil_wait2", "cus_pre").issued();
    const data = issued.data as Parameters<typeof applyBill>[2];
    const { result, release } = holdOpen(async (tx) => {
      expect(await anyRemoved(tx, site, [["bill", "bil_wait2"]])).toBe(false);
      await applyBill(tx, issued, { ...data, version: 0, allocatedMinor: 0, waivedMinor: 0 });
    });
    await result.started;
    const [objects] = rollback("billing", "imp_w2", { bill: ["bil_wait2"] }, [issued]);
    const rolling = apply(objects!);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await result.done;
    await rolling;
    expect(await billFact("bil_wait2")).toBeNull();
  });

  it("leaves no removed bill behind when its events and the rollback are applied at once", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `bil_race${i}`);
    await Promise.all(
      ids.map(async (id) => {
        const issued = bill(id, "cus_pre").issued();
        const [objects] = rollback("billing", `imp_race_${id}`, { bill: [id] }, [issued]);
        await Promise.all([apply(issued), apply(objects!)]);
      }),
    );
    expect(await t.deps.db.billFact.count({ where: { billId: { in: ids } } })).toBe(0);
  });
});
