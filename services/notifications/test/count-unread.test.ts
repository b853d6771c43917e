import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { countUnread } from "../src/use-cases/count-unread.ts";
import { markInboxRead } from "../src/use-cases/mark-inbox-read.ts";
import { billingRunCompleted, inboxWorld, notificationsDb, userAt } from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
let items: Awaited<ReturnType<typeof inboxWorld>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_count_unread");
  items = await inboxWorld(t, applyEvent, 2);
});
afterAll(() => t?.close());

describe("countUnread", () => {
  it("counts the caller's own unread items, per site or in the caller's scope", async () => {
    const me = userAt("usr_mgr", ["sit_a", "sit_b"]);
    expect(await countUnread(t.deps, me, {})).toBe(3);
    expect(await countUnread(t.deps, me, { siteId: "sit_b" })).toBe(1);
    expect(await countUnread(t.deps, userAt("usr_mgr", ["sit_a"]), {})).toBe(2);
    const first = items.find((i) => i.userId === "usr_mgr")!;
    await markInboxRead(t.deps, me, { ids: [first.id] });
    expect(await countUnread(t.deps, me, {})).toBe(2);
    // A redelivered or repeated fact adds nothing to count.
    await applyEvent(t.deps, billingRunCompleted("brn_a0", "sit_a"));
    expect(await countUnread(t.deps, me, {})).toBe(2);
    await expect(
      countUnread(t.deps, userAt("usr_mgr", ["sit_a"]), { siteId: "sit_b" }),
    ).rejects.toMatchObject({ kind: "not_found" });
    await expect(countUnread(t.deps, me, { siteId: "x".repeat(65) })).rejects.toMatchObject({
      kind: "invalid",
      details: [expect.objectContaining({ field: "siteId" })],
    });
  });
});
