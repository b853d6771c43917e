import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { setStaffRecipients } from "../src/use-cases/set-staff-recipients.ts";
import { notificationsDb, siteCreated, staffAt } from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_staff");
  await applyEvent(t.deps, siteCreated("sit_1"));
});
afterAll(() => t?.close());

describe("setStaffRecipients", () => {
  it("replaces one role's addresses, lower-cased and each once, leaving the other roles", async () => {
    const caller = staffAt("sit_1");
    await setStaffRecipients(t.deps, caller, {
      siteId: "sit_1",
      role: "finance",
      emails: ["cfo@example.com"],
    });
    await setStaffRecipients(t.deps, caller, {
      siteId: "sit_1",
      role: "site_manager",
      emails: ["old@example.com"],
    });
    const view = await setStaffRecipients(t.deps, caller, {
      siteId: "sit_1",
      role: "site_manager",
      emails: ["Wang@Example.com", "wang@example.com", "zhao@example.com"],
    });
    expect(view.staff).toEqual([
      { role: "site_manager", emails: ["wang@example.com", "zhao@example.com"] },
      { role: "finance", emails: ["cfo@example.com"] },
      { role: "leasing", emails: [] },
    ]);
  });

  it("names a bad address and a role it does not know", async () => {
    const error = await setStaffRecipients(t.deps, staffAt("sit_1"), {
      siteId: "sit_1",
      role: "janitor" as never,
      emails: ["not-an-address"],
    }).catch((e) => e);
    expect(error.details.map((d: { field: string }) => d.field)).toEqual(["role", "emails.0"]);
  });
});
