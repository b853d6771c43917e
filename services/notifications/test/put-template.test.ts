import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTemplate } from "../src/db/templates.ts";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { putTemplate } from "../src/use-cases/put-template.ts";
import { hq, notificationsDb, orgId, siteCreated, staffAt } from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_put_template");
  await applyEvent(t.deps, siteCreated("sit_1"));
});
afterAll(() => t?.close());

const sms = {
  kind: "dunning" as const,
  language: "zh-CN" as const,
  channel: "sms" as const,
  subject: "",
};

describe("putTemplate", () => {
  it("saves a site's override, which then is the template in effect there", async () => {
    const saved = await putTemplate(t.deps, staffAt("sit_1"), {
      ...sms,
      siteId: "sit_1",
      body: "【{{siteName}}】账单{{billId}}逾期{{ daysOverdue }}天，欠{{amount}}",
    });
    expect(saved).toMatchObject({
      source: "site",
      variables: expect.arrayContaining(["daysOverdue"]),
    });
    const key = {
      orgId,
      siteId: "sit_1",
      kind: "dunning",
      language: "zh-CN",
      channel: "sms",
    } as const;
    expect(await findTemplate(t.deps.db, key)).toMatchObject({
      source: "site",
      body: "【{{siteName}}】账单{{billId}}逾期{{ daysOverdue }}天，欠{{amount}}",
    });
  });

  it("refuses an unknown variable, naming it and the field", async () => {
    const error = await putTemplate(t.deps, hq, {
      ...sms,
      siteId: "",
      body: "{{amount}} {{tenantIdNumber}}",
    }).catch((e) => e);
    expect(error).toMatchObject({ kind: "invalid" });
    expect(error.details).toEqual([
      {
        field: "template.body",
        message: expect.stringContaining('unknown variable "tenantIdNumber"'),
      },
    ]);
  });

  it("wants a subject for e-mail and none for SMS", async () => {
    await expect(
      putTemplate(t.deps, hq, { ...sms, siteId: "", channel: "email", body: "{{amount}}" }),
    ).rejects.toMatchObject({
      details: [{ field: "subject", message: "an e-mail needs a subject" }],
    });
  });

  it("lets only organisation-wide callers change the organisation's template", async () => {
    await expect(
      putTemplate(t.deps, staffAt("sit_1"), { ...sms, siteId: "", body: "{{amount}}" }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expect(
      putTemplate(t.deps, staffAt("sit_2"), { ...sms, siteId: "sit_1", body: "{{amount}}" }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });
});
