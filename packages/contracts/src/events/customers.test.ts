import { describe, expect, it } from "vitest";
import { EventTypes } from "./names.ts";
import { validateEvent } from "./registry.ts";

const envelope = (data: Record<string, unknown>) => ({
  id: "0190c8f2-6a3b-7cc1-9d2e-3f4a5b6c7d8e",
  type: EventTypes.CustomerCreated,
  version: 1,
  occurredAt: "2026-12-06T00:00:00.000Z",
  orgId: "org_1",
  siteId: "sit_a",
  actor: "usr_1",
  traceparent: null,
  data,
});

const customer = {
  customerId: "cus_1",
  siteId: "sit_a",
  kind: "person",
  name: "王伟",
  phones: ["13800138000"],
  email: "",
  tags: [],
  consentSms: false,
  consentEmail: false,
};

describe("customers.customer.* v1", () => {
  it("accepts events with a party id, and those published before it existed", () => {
    expect(
      validateEvent(envelope({ ...customer, partyId: "pty_0123456789ABCDEFGHJKMNPQRS" })).ok,
    ).toBe(true);
    expect(validateEvent(envelope(customer)).ok).toBe(true);
  });

  it("refuses a party id that is not a string", () => {
    const result = validateEvent(envelope({ ...customer, partyId: 5 }));
    expect(result.ok ? [] : result.issues.map((i) => i.field)).toEqual(["data.partyId"]);
  });
});
