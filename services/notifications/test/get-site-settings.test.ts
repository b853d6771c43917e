import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { getSiteSettings } from "../src/use-cases/get-site-settings.ts";
import { hq, notificationsDb, siteCreated, staffAt } from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_get_settings");
  await applyEvent(t.deps, siteCreated("sit_1"));
});
afterAll(() => t?.close());

describe("getSiteSettings", () => {
  it("shows the defaults for a site that saved none", async () => {
    expect(await getSiteSettings(t.deps, hq, "sit_1")).toMatchObject({
      siteId: "sit_1",
      customised: false,
      reminderDaysBefore: 3,
      ladder: [
        { afterDays: 1, audiences: ["tenant"] },
        { afterDays: 7, audiences: ["tenant"] },
        { afterDays: 15, audiences: ["tenant", "site_manager"] },
        { afterDays: 30, audiences: ["site_manager", "finance"] },
      ],
      quietStartMinute: 1260,
      quietEndMinute: 480,
      dailyLimit: 3,
      language: "zh-CN",
      webhookSecretSet: false,
      staff: [
        { role: "site_manager", emails: [] },
        { role: "finance", emails: [] },
        { role: "leasing", emails: [] },
      ],
    });
  });

  it("is NOT_FOUND for a site outside the caller's scope or unknown", async () => {
    await expect(getSiteSettings(t.deps, staffAt("sit_2"), "sit_1")).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(getSiteSettings(t.deps, hq, "sit_nope")).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(
      getSiteSettings(t.deps, { ...hq, orgId: "org_other" }, "sit_1"),
    ).rejects.toMatchObject({ kind: "not_found" });
  });
});
