import { describe, expect, it } from "vitest";
import { EventTypes } from "./names.ts";
import { validateEvent } from "./registry.ts";

const envelope = {
  id: "0190f5a4-7b3c-7d2e-9f10-123456789abc",
  type: EventTypes.UnitStatusChanged,
  version: 1,
  occurredAt: "2026-11-24T02:00:00.000Z",
  orgId: "org_1",
  siteId: "sit_1",
  actor: "usr_1",
  traceparent: null,
  data: {
    unitId: "unt_1",
    siteId: "sit_1",
    kind: "shop",
    from: "vacant",
    to: "leased",
    reason: "lease signed",
    changedAt: "2026-11-24T02:00:00.000Z",
  },
};

describe("validateEvent", () => {
  it("accepts a valid known event", () => {
    expect(validateEvent(envelope)).toEqual({ ok: true, event: envelope });
  });

  it("names the envelope field at fault", () => {
    const result = validateEvent({ ...envelope, id: "nope", version: 0 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.field)).toEqual(["id", "version"]);
  });

  it("names the data field at fault", () => {
    const result = validateEvent({ ...envelope, data: { ...envelope.data, to: "sold" } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.field)).toEqual(["data.to"]);
  });

  it("lets unknown types and versions through on the envelope alone", () => {
    expect(validateEvent({ ...envelope, version: 2, data: {} }).ok).toBe(true);
    expect(validateEvent({ ...envelope, type: "future.thing.happened", data: {} }).ok).toBe(true);
  });

  it("checks the staff events billing announces (a run finished, a waiver to approve)", () => {
    const run = {
      ...envelope,
      type: EventTypes.BillingRunCompleted,
      siteId: null,
      data: {
        runId: "brn_1",
        siteId: null,
        siteIds: ["sit_1", "sit_2"],
        targetDate: "2026-03-01",
        failed: false,
        candidates: 3,
        done: 3,
        issued: 3,
        issuedMinor: 1_500_000,
        totals: [{ currency: "CNY", issued: 3, issuedMinor: 1_500_000 }],
        startedBy: "usr_1",
        startedAt: "2026-03-01T02:00:00.000Z",
        finishedAt: "2026-03-01T02:00:01.000Z",
      },
    };
    expect(validateEvent(run).ok).toBe(true);
    const noCurrency = validateEvent({
      ...run,
      data: { ...run.data, totals: [{ issued: 3, issuedMinor: 1 }] },
    });
    expect(noCurrency.ok ? [] : noCurrency.issues.map((i) => i.field)).toEqual([
      "data.totals.0.currency",
    ]);
    const waiver = {
      ...envelope,
      type: EventTypes.WaiverRequested,
      data: {
        waiverId: "wav_1",
        billId: "bil_1",
        siteId: "sit_1",
        customerId: "cus_1",
        leaseId: null,
        amountMinor: 150_000,
        currency: "CNY",
        reason: "goodwill",
        requestedBy: "usr_1",
        requestedAt: "2026-03-01T02:00:00.000Z",
      },
    };
    expect(validateEvent(waiver).ok).toBe(true);
    const unsigned = validateEvent({ ...waiver, data: { ...waiver.data, amountMinor: 1.5 } });
    expect(unsigned.ok ? [] : unsigned.issues.map((i) => i.field)).toEqual(["data.amountMinor"]);
  });
});
