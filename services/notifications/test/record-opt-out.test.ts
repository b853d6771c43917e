import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { dispatchNotifications } from "../src/use-cases/dispatch-notifications.ts";
import { recordOptOut } from "../src/use-cases/record-opt-out.ts";
import {
  customerEvent,
  log,
  notificationsDb,
  paymentEvent,
  recordingTransport,
  siteCreated,
  staffAt,
} from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
const sms = recordingTransport();
beforeAll(async () => {
  t = await notificationsDb("ntf_opt_out", { sms });
  await applyEvent(t.deps, siteCreated("sit_1"));
  await applyEvent(t.deps, customerEvent("sit_1", "cus_1", { phones: ["+86 138 0000 0001"] }));
});
afterAll(() => t?.close());

describe("recordOptOut", () => {
  it("records the address in its normal form and suppresses what was queued for it", async () => {
    await applyEvent(
      t.deps,
      paymentEvent("payments.payment.recorded", "sit_1", "pay_1", { amountMinor: 1 }),
    );
    const optOut = await recordOptOut(t.deps, staffAt("sit_1"), {
      channel: "sms",
      address: "+86-138-0000-0001",
      source: "keyword",
      reason: "replied T",
    });
    expect(optOut).toMatchObject({
      address: "+8613800000001",
      source: "keyword",
      actor: "usr_staff",
    });
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 0, suppressed: 1 });
    expect(sms.sent).toHaveLength(0);
    // Nothing new is queued for it either.
    await applyEvent(
      t.deps,
      paymentEvent("payments.payment.recorded", "sit_1", "pay_2", { amountMinor: 1 }),
    );
    expect((await log(t.deps)).map((row) => [row.subject, row.status, row.reason])).toEqual([
      ["payment:pay_1", "suppressed", "opted_out"],
      ["payment:pay_2", "suppressed", "opted_out"],
    ]);
  });

  it("names a malformed address", async () => {
    await expect(
      recordOptOut(t.deps, staffAt("sit_1"), {
        channel: "email",
        address: "nope",
        source: "link",
        reason: "",
      }),
    ).rejects.toMatchObject({
      details: [{ field: "address", message: "is not a valid email address" }],
    });
  });
});
