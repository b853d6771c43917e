import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { updateSiteSettings } from "../src/use-cases/update-site-settings.ts";
import { hq, notificationsDb, siteCreated, staffAt } from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_update_settings");
  await applyEvent(t.deps, siteCreated("sit_1"));
});
afterAll(() => t?.close());

const valid = {
  siteId: "sit_1",
  reminderDaysBefore: 5,
  ladder: [
    { afterDays: 3, audiences: ["tenant" as const] },
    { afterDays: 20, audiences: ["site_manager" as const, "finance" as const] },
  ],
  quietHoursStart: "22:00",
  quietHoursEnd: "07:30",
  dailyLimit: 2,
  language: "en" as const,
  tenantChannels: ["email" as const],
  leaseAlertTenant: true,
  webhookUrl: "https://erp.example.com/hooks/slms",
  webhookSecret: "whsec_1",
};

describe("updateSiteSettings", () => {
  it("replaces the rules and keeps the webhook secret when none is given", async () => {
    const saved = await updateSiteSettings(t.deps, staffAt("sit_1"), valid);
    expect(saved).toMatchObject({
      customised: true,
      reminderDaysBefore: 5,
      quietStartMinute: 1320,
      quietEndMinute: 450,
      webhookSecretSet: true,
      language: "en",
    });
    expect(saved).not.toHaveProperty("webhookSecret");
    await updateSiteSettings(t.deps, hq, { ...valid, webhookSecret: "" });
    const row = await t.deps.db.siteSettings.findUniqueOrThrow({ where: { siteId: "sit_1" } });
    expect(row).toMatchObject({ webhookSecret: "whsec_1", updatedBy: "usr_hq" });
  });

  it("names each bad field", async () => {
    const error = await updateSiteSettings(t.deps, hq, {
      ...valid,
      ladder: [
        { afterDays: 7, audiences: ["tenant"] },
        { afterDays: 3, audiences: ["landlord" as never] },
      ],
      quietHoursEnd: "25:00",
      dailyLimit: 0,
      webhookUrl: "ftp://x",
    }).catch((e) => e);
    expect(error).toMatchObject({ kind: "invalid" });
    expect(error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      "dailyLimit",
      "ladder.1.audiences.0",
      "quietHoursEnd",
      "webhookUrl",
    ]);
  });

  it("refuses a ladder out of order", async () => {
    const ladder = [
      { afterDays: 7, audiences: ["tenant" as const] },
      { afterDays: 7, audiences: ["finance" as const] },
    ];
    await expect(updateSiteSettings(t.deps, hq, { ...valid, ladder })).rejects.toMatchObject({
      details: [{ field: "ladder", message: "steps must be in ascending afterDays, each once" }],
    });
  });

  it("is NOT_FOUND for a site outside the caller's scope", async () => {
    await expect(updateSiteSettings(t.deps, staffAt("sit_2"), valid)).rejects.toMatchObject({
      kind: "not_found",
    });
  });
});
