import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTemplate } from "../src/db/templates.ts";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { deleteTemplate } from "../src/use-cases/delete-template.ts";
import { putTemplate } from "../src/use-cases/put-template.ts";
import { hq, notificationsDb, orgId, siteCreated } from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_delete_template");
  await applyEvent(t.deps, siteCreated("sit_1"));
});
afterAll(() => t?.close());

describe("deleteTemplate", () => {
  it("falls back to the organisation's template, then to the built-in one", async () => {
    const key = {
      kind: "bill_reminder" as const,
      language: "en" as const,
      channel: "sms" as const,
    };
    await putTemplate(t.deps, hq, { ...key, siteId: "", subject: "", body: "org {{amount}}" });
    await putTemplate(t.deps, hq, {
      ...key,
      siteId: "sit_1",
      subject: "",
      body: "site {{amount}}",
    });
    const inEffect = () => findTemplate(t.deps.db, { ...key, orgId, siteId: "sit_1" });
    expect(await inEffect()).toMatchObject({ source: "site" });
    expect(await deleteTemplate(t.deps, hq, { ...key, siteId: "sit_1" })).toEqual({
      deleted: true,
    });
    expect(await inEffect()).toMatchObject({ source: "organisation", body: "org {{amount}}" });
    expect(await deleteTemplate(t.deps, hq, { ...key, siteId: "" })).toEqual({ deleted: true });
    expect(await inEffect()).toMatchObject({ source: "built_in" });
    expect(await deleteTemplate(t.deps, hq, { ...key, siteId: "" })).toEqual({ deleted: false });
  });
});
