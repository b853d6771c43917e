import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { countUnread } from "../src/use-cases/count-unread.ts";
import { markInboxRead } from "../src/use-cases/mark-inbox-read.ts";
import { inboxWorld, notificationsDb, userAt } from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
let items: Awaited<ReturnType<typeof inboxWorld>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_mark_inbox_read");
  items = await inboxWorld(t, applyEvent, 3);
});
afterAll(() => t?.close());

const mine = (userId: string, subjectId: string) =>
  items.find((item) => item.userId === userId && item.subjectId === subjectId)!.id;
const me = userAt("usr_mgr", ["sit_a", "sit_b"]);

describe("markInboxRead", () => {
  it("marks the ids given once, keeping when they were first read", async () => {
    const id = mine("usr_mgr", "brn_a0");
    expect(await markInboxRead(t.deps, me, { ids: [id, id] })).toBe(1);
    const firstRead = (await t.deps.db.userInboxItem.findUniqueOrThrow({ where: { id } })).readAt;
    t.now.value = new Date(t.now.value.getTime() + 3_600_000);
    expect(await markInboxRead(t.deps, me, { ids: [id] })).toBe(0);
    const again = await t.deps.db.userInboxItem.findUniqueOrThrow({ where: { id } });
    expect(again.readAt).toEqual(firstRead);
  });

  it("answers another user's id NOT_FOUND and marks none of the ids given", async () => {
    const own = mine("usr_mgr", "brn_a1");
    const theirs = mine("usr_mgr_a", "brn_a1");
    for (const ids of [
      [own, theirs],
      [own, "inb_unknown"],
    ]) {
      await expect(markInboxRead(t.deps, me, { ids })).rejects.toMatchObject({
        kind: "not_found",
      });
    }
    const rows = await t.deps.db.userInboxItem.findMany({ where: { id: { in: [own, theirs] } } });
    expect(rows.every((row) => row.readAt === null)).toBe(true);
    // Nor can an item of a site the caller no longer holds be marked.
    await expect(
      markInboxRead(t.deps, userAt("usr_mgr", ["sit_a"]), { ids: [mine("usr_mgr", "brn_b")] }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });

  it("marks all the caller's unread items, of one site if asked, and nobody else's", async () => {
    expect(await markInboxRead(t.deps, me, { all: true, siteId: "sit_b" })).toBe(1);
    expect(await countUnread(t.deps, me, {})).toBe(2);
    expect(await markInboxRead(t.deps, me, { all: true })).toBe(2);
    expect(await countUnread(t.deps, me, {})).toBe(0);
    expect(await countUnread(t.deps, userAt("usr_mgr_a", ["sit_a"]), {})).toBe(3);
    await expect(
      markInboxRead(t.deps, userAt("usr_mgr_a", ["sit_a"]), { all: true, siteId: "sit_b" }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });

  it("wants exactly one of ids and all, and names the field at fault", async () => {
    const cases: [Parameters<typeof markInboxRead>[2], string][] = [
      [{}, "ids"],
      [{ ids: [mine("usr_mgr", "brn_a2")], all: true }, "all"],
      [{ ids: ["inb 1"] }, "ids.0"],
      [{ ids: Array.from({ length: 501 }, (_, i) => `inb_${i}`) }, "ids"],
    ];
    for (const [request, field] of cases) {
      await expect(markInboxRead(t.deps, me, request)).rejects.toMatchObject({
        kind: "invalid",
        details: [expect.objectContaining({ field })],
      });
    }
  });
});
