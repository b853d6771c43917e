import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { recordOptOut } from "../src/use-cases/record-opt-out.ts";
import { removeOptOut } from "../src/use-cases/remove-opt-out.ts";
import {
  customerEvent,
  hq,
  log,
  notificationsDb,
  paymentEvent,
  recordingTransport,
  siteCreated,
} from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_remove_opt_out", { email: recordingTransport() });
  await applyEvent(t.deps, siteCreated("sit_1"));
  await applyEvent(t.deps, customerEvent("sit_1", "cus_1", { email: "li@example.com" }));
});
afterAll(() => t?.close());

describe("removeOptOut", () => {
  it("lets messages queued afterwards go out again", async () => {
    await recordOptOut(t.deps, hq, {
      channel: "email",
      address: "LI@example.com",
      source: "link",
      reason: "",
    });
    expect(
      await removeOptOut(t.deps, hq, { channel: "email", address: "li@example.com " }),
    ).toEqual({
      removed: true,
    });
    expect(await removeOptOut(t.deps, hq, { channel: "email", address: "li@example.com" })).toEqual(
      {
        removed: false,
      },
    );
    await applyEvent(
      t.deps,
      paymentEvent("payments.payment.recorded", "sit_1", "pay_1", { amountMinor: 1 }),
    );
    expect(await log(t.deps)).toEqual([
      expect.objectContaining({ recipient: "li@example.com", status: "queued" }),
    ]);
  });
});
