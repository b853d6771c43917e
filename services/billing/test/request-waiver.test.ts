import type { WaiverRequestedV1 } from "@slms/contracts";
import { boundsMessages, MAX_AMOUNT_MINOR } from "@slms/primitives/bounds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestWaiver } from "../src/use-cases/request-waiver.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

// The harness's approval threshold is 100,000.
let h: Harness;

beforeAll(async () => {
  h = await startHarness("request_waiver");
});

afterAll(async () => {
  await h?.close();
});

/** A lease of the site with January to March billed (500,000 each), and its bills. */
async function billed(customerId?: string) {
  const lease = h.lease({ months: 3, ...(customerId ? { customerId } : {}) });
  await h.publish(EventTypes.LeaseActivated, lease);
  await h.runTo("2026-03-01");
  return { lease, bills: await h.billsOf(lease.leaseId) };
}

const waive = (billId: string, amountMinor: number, caller = h.hq) =>
  h.billing.RequestWaiver(
    { siteId: h.siteId, billId, amountMinor, reason: "goodwill" },
    { caller },
  );
const statuses = (answers: { waiver?: { status: string } | null }[]) =>
  answers.map((a) => a.waiver!.status.replace("WAIVER_STATUS_", "").toLowerCase());

describe("RequestWaiver: the four-eyes control", () => {
  it("does not apply waivers just under the threshold split on one bill", async () => {
    const { lease, bills } = await billed();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await waive(bills[0]!.id, 99_999));
    expect(statuses(answers)).toEqual(["approved", "pending", "pending"]);
    expect((await h.billsOf(lease.leaseId))[0]!.waivedMinor).toBe(99_999);
  });

  it("counts the customer's waivers of the calendar month across their bills", async () => {
    const { bills } = await billed();
    const [jan, feb, mar] = bills;
    // The clock is 2026-03-01 in Shanghai.
    expect(statuses([await waive(jan!.id, 60_000), await waive(feb!.id, 60_000)])).toEqual([
      "approved",
      "pending",
    ]);
    const before = h.now.value;
    try {
      // April in Shanghai already (still March in UTC): a new month for the customer.
      h.now.value = new Date("2026-04-01T00:30:00+08:00");
      expect(statuses([await waive(mar!.id, 60_000)])).toEqual(["approved"]);
    } finally {
      h.now.value = before;
    }
  });

  it("leaves rejected waivers and the system's credit notes out of the sums", async () => {
    const { bills } = await billed();
    const [jan, feb] = bills;
    const pending = await waive(jan!.id, 150_000);
    await h.billing.DecideWaiver(
      { siteId: h.siteId, id: pending.waiver!.id, approve: false, note: "no" },
      { caller: h.staffAt(h.siteId, "usr_manager") },
    );
    await h.db.waiver.create({
      data: {
        id: "wav_credit_note_test",
        billId: feb!.id,
        amountMinor: 400_000n,
        reason: "amendment",
        status: "approved",
        creditNote: true,
        requestedBy: "system:billing",
        createdAt: h.now.value,
      },
    });
    expect(statuses([await waive(feb!.id, 100_000)])).toEqual(["approved"]);
  });

  it("decides concurrent requests one after the other: together they cannot slip under", async () => {
    const { lease, bills } = await billed();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => waive(bills[i % 2]!.id, 30_000)),
    );
    // 100,000 / 30,000: three apply at once, whichever bill they are on.
    expect(statuses(answers).filter((s) => s === "approved")).toHaveLength(3);
    const after = await h.billsOf(lease.leaseId);
    expect(after[0]!.waivedMinor + after[1]!.waivedMinor).toBe(90_000);
  });
});

describe("RequestWaiver: billing.waiver.requested", () => {
  const requested = (billId: string) =>
    h.events
      .filter((e) => e.type === EventTypes.WaiverRequested)
      .filter((e) => (e.data as WaiverRequestedV1).billId === billId);

  it("announces a waiver waiting for approval, once, and not one applied at once", async () => {
    const { lease, bills } = await billed();
    const [jan, feb] = bills;
    const applied = await waive(jan!.id, 20_000, h.staffAt(h.siteId, "usr_clerk"));
    const pending = await waive(feb!.id, 150_000, h.staffAt(h.siteId, "usr_clerk"));
    expect(statuses([applied, pending])).toEqual(["approved", "pending"]);
    await h.settled();
    expect(requested(jan!.id)).toEqual([]);
    const [event, ...more] = requested(feb!.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      orgId: h.hq.orgId,
      siteId: h.siteId,
      actor: "usr_clerk",
      data: {
        waiverId: pending.waiver!.id,
        billId: feb!.id,
        siteId: h.siteId,
        customerId: lease.customerId,
        leaseId: lease.leaseId,
        amountMinor: 150_000,
        currency: "CNY",
        reason: "goodwill",
        requestedBy: "usr_clerk",
        requestedAt: h.now.value.toISOString(),
      },
    });
  });
});

describe("RequestWaiver: scope and input", () => {
  it("answers a bill of another site NOT_FOUND", async () => {
    const lease = h.lease({ months: 1, site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-01-01", h.otherSiteId);
    const [bill] = await h.billsOf(lease.leaseId, h.otherSiteId);
    expect((await failure(waive(bill!.id, 1_000))).kind).toBe("not_found");
  });

  it("refuses amounts outside 1 … MAX_AMOUNT_MINOR and reasons that cannot be stored", async () => {
    const { bills } = await billed();
    const request = { siteId: h.siteId, billId: bills[0]!.id, amountMinor: 1_000, reason: "x" };
    for (const [fields, field, message] of [
      [{ amountMinor: MAX_AMOUNT_MINOR + 1 }, "amountMinor", boundsMessages.positiveAmount],
      [{ amountMinor: 2 ** 53 + 2 }, "amountMinor", boundsMessages.positiveAmount],
      [{ reason: "leak\u0000" }, "reason", "must not contain NUL characters"],
      [{ reason: "leak \ud83d" }, "reason", "must be valid Unicode text (it has a lone surrogate)"],
    ] as const) {
      const error = await failure(requestWaiver(h.service.deps, h.hq, { ...request, ...fields }));
      expect([error.kind, error.details]).toEqual(["invalid", [{ field, message }]]);
    }
    expect(fieldsOf(await failure(waive(bills[0]!.id, 0)))).toEqual(["amountMinor"]);
  });
});
