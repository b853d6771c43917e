import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("apply_lease_expired");
});

afterAll(async () => {
  await h?.close();
});

const expired = (lease: {
  leaseId: string;
  siteId: string;
  customerId: string;
  unitIds: string[];
  endDate: string;
}) => ({
  leaseId: lease.leaseId,
  siteId: lease.siteId,
  customerId: lease.customerId,
  unitIds: lease.unitIds,
  endDate: lease.endDate,
});

describe("applyLeaseExpired", () => {
  it("marks an active lease expired; its bills stay owed", async () => {
    const lease = h.lease({ months: 2 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-02-28");
    await h.publish(EventTypes.LeaseExpired, expired(lease));
    expect(
      (await h.db.billingLease.findUniqueOrThrow({ where: { id: lease.leaseId } })).status,
    ).toBe("expired");
    const balance = await h.billing.GetLeaseBalance(
      { siteId: h.siteId, leaseId: lease.leaseId },
      { caller: h.hq },
    );
    expect(balance.openMinor).toBe(1_000_000);
  });

  it("leaves a terminated lease terminated", async () => {
    const lease = h.lease({ months: 2 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.db.billingLease.update({
      where: { id: lease.leaseId },
      data: { status: "terminated" },
    });
    await h.publish(EventTypes.LeaseExpired, expired(lease));
    expect(
      (await h.db.billingLease.findUniqueOrThrow({ where: { id: lease.leaseId } })).status,
    ).toBe("terminated");
  });
});
