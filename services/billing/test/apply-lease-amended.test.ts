import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("apply_lease_amended");
});

afterAll(async () => {
  await h?.close();
});

const bills = (leaseId: string) => h.billsOf(leaseId);
const run = (targetDate: string) => h.runTo(targetDate);

describe("applyLeaseAmended", () => {
  it("turns an amendment of a billed period into an adjustment, and only reschedules the rest", async () => {
    const lease = h.lease({ months: 6 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-02-15");
    const amended = {
      ...lease,
      version: 2,
      effectiveFrom: "2026-02-01",
      schedule: lease.schedule.map((line) =>
        line.periodStart >= "2026-02-01" ? { ...line, amountMinor: 600_000 } : line,
      ),
    };
    await h.publish(EventTypes.LeaseAmended, amended);
    const after = await bills(lease.leaseId);
    expect(after.map((b) => [b.kind, b.periodStart, b.amountMinor])).toEqual([
      ["charge", "2026-01-01", 500_000],
      ["charge", "2026-02-01", 500_000],
      ["adjustment", "2026-02-01", 100_000],
    ]);
    await run("2026-03-01");
    expect((await bills(lease.leaseId)).at(-1)).toMatchObject({
      periodStart: "2026-03-01",
      amountMinor: 600_000,
    });
  });

  it("adjusts a billed period by what was billed net of earlier adjustments, through several amendments", async () => {
    const lease = h.lease({ months: 6 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await run("2026-02-15");
    const version = (v: number, from: string, amountMinor: number) => ({
      ...lease,
      version: v,
      effectiveFrom: from,
      schedule: lease.schedule.map((line) =>
        line.periodStart >= from ? { ...line, amountMinor } : line,
      ),
    });
    await h.publish(EventTypes.LeaseAmended, version(2, "2026-02-01", 600_000));
    // v3 prices February as v2 did: nothing more to bill for it.
    await h.publish(EventTypes.LeaseAmended, version(3, "2026-02-01", 600_000));
    // v4 lowers it to 550,000: a credit note of 50,000 (not of 100,000 against the 600,000 billed
    // net, nor a second extra bill).
    await h.publish(EventTypes.LeaseAmended, version(4, "2026-02-01", 550_000));
    const february = (await bills(lease.leaseId)).filter((b) => b.periodStart === "2026-02-01");
    expect(february.map((b) => [b.kind, b.amountMinor, b.waivedMinor])).toEqual([
      ["charge", 500_000, 50_000],
      ["adjustment", 100_000, 0],
    ]);
    // v5 drops the last two months (say, a fee removed from them): their pending lines go.
    await h.publish(EventTypes.LeaseAmended, {
      ...version(5, "2026-05-01", 550_000),
      schedule: version(5, "2026-05-01", 550_000).schedule.filter(
        (l) => l.periodStart < "2026-05-01",
      ),
    });
    await run("2026-12-31");
    expect(
      (await bills(lease.leaseId)).map((b) => b.periodStart).filter((d) => d >= "2026-05-01"),
    ).toEqual([]);
  });

  it("takes the late-fee rule of the new version, once however often the event comes", async () => {
    const lease = h.lease({ months: 3 });
    await h.publish(EventTypes.LeaseActivated, lease);
    const lateFee = { graceDays: 10, dailyBasisPoints: 3, capBasisPoints: 1_000 };
    const event = await h.publish(EventTypes.LeaseAmended, {
      ...lease,
      version: 2,
      effectiveFrom: "2026-02-01",
      versions: [
        ...lease.versions,
        {
          version: 2,
          effectiveFrom: "2026-02-01",
          terms: { ...lease.versions[0]!.terms, lateFee },
        },
      ],
    });
    await h.redeliver(event);
    expect(
      (await h.db.billingLease.findUniqueOrThrow({ where: { id: lease.leaseId } })).lateFee,
    ).toEqual(lateFee);
    expect(await h.db.inboxMessage.count({ where: { messageId: event.id } })).toBe(1);
  });
});
