import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kinds } from "../src/domain/templates.ts";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { listTemplates } from "../src/use-cases/list-templates.ts";
import { putTemplate } from "../src/use-cases/put-template.ts";
import { hq, notificationsDb, siteCreated, staffAt } from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_list_templates");
  await applyEvent(t.deps, siteCreated("sit_1"));
  await putTemplate(t.deps, hq, {
    siteId: "sit_1",
    kind: "payment_receipt",
    language: "en",
    channel: "email",
    subject: "Thanks",
    body: "{{amount}} received",
  });
});
afterAll(() => t?.close());

describe("listTemplates", () => {
  it("lists every kind, language and channel in effect, saying where each comes from", async () => {
    const templates = await listTemplates(t.deps, staffAt("sit_1"), "sit_1");
    expect(templates).toHaveLength(kinds.length * 2 * 2);
    expect(templates.filter((x) => x.source !== "built_in")).toEqual([
      expect.objectContaining({
        siteId: "sit_1",
        kind: "payment_receipt",
        language: "en",
        subject: "Thanks",
      }),
    ]);
    const org = await listTemplates(t.deps, hq, undefined);
    expect(org.every((x) => x.source === "built_in")).toBe(true);
  });
});
