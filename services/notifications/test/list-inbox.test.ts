import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { listInbox } from "../src/use-cases/list-inbox.ts";
import { markInboxRead } from "../src/use-cases/mark-inbox-read.ts";
import { hq, inboxWorld, notificationsDb, userAt } from "./support.ts";

let t: Awaited<ReturnType<typeof notificationsDb>>;
beforeAll(async () => {
  t = await notificationsDb("ntf_list_inbox");
  await inboxWorld(t, applyEvent, 3);
});
afterAll(() => t?.close());

const subjects = (page: { items: { subjectId: string }[] }) =>
  page.items.map((item) => item.subjectId);

describe("listInbox", () => {
  it("lists the caller's own items, newest first, a page at a time", async () => {
    const me = userAt("usr_mgr", ["sit_a", "sit_b"]);
    const first = await listInbox(t.deps, me, { pageSize: 3 });
    expect(subjects(first)).toEqual(["brn_b", "brn_a2", "brn_a1"]);
    expect(first.items[0]).toMatchObject({ siteId: "sit_b", kind: "billing_run_completed" });
    const second = await listInbox(t.deps, me, {
      pageSize: 3,
      pageToken: first.nextPageToken ?? "",
    });
    expect([subjects(second), second.nextPageToken]).toEqual([["brn_a0"], null]);
    // Another user's inbox holds their own items only.
    const other = await listInbox(t.deps, userAt("usr_mgr_a", ["sit_a"]), {});
    expect(subjects(other)).toEqual(["brn_a2", "brn_a1", "brn_a0"]);
    expect(await listInbox(t.deps, hq, {})).toEqual({ items: [], nextPageToken: null });
  });

  it("filters by site and unread; a site outside the caller's scope is NOT_FOUND", async () => {
    const me = userAt("usr_mgr", ["sit_a", "sit_b"]);
    expect(subjects(await listInbox(t.deps, me, { siteId: "sit_b" }))).toEqual(["brn_b"]);
    const [newest] = (await listInbox(t.deps, me, { siteId: "sit_a", pageSize: 1 })).items;
    await markInboxRead(t.deps, me, { ids: [newest!.id] });
    expect(subjects(await listInbox(t.deps, me, { siteId: "sit_a", unreadOnly: true }))).toEqual([
      "brn_a1",
      "brn_a0",
    ]);
    // The user no longer holds site B (the gateway's scope): B's items are not shown.
    const narrowed = userAt("usr_mgr", ["sit_a"]);
    expect(subjects(await listInbox(t.deps, narrowed, {}))).not.toContain("brn_b");
    await expect(listInbox(t.deps, narrowed, { siteId: "sit_b" })).rejects.toMatchObject({
      kind: "not_found",
    });
  });

  it("names the field of a bad request", async () => {
    const me = userAt("usr_mgr", ["sit_a"]);
    for (const [request, field] of [
      [{ pageSize: 201 }, "pageSize"],
      [{ siteId: "sit a;" }, "siteId"],
      [{ pageToken: "not a token" }, "pageToken"],
    ] as const) {
      await expect(listInbox(t.deps, me, request)).rejects.toMatchObject({
        kind: "invalid",
        details: [expect.objectContaining({ field })],
      });
    }
  });
});
