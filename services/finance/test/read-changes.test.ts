import { EventTypes } from "@slms/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EdgeClient } from "../src/domain/edge-caller.ts";
import { readChanges } from "../src/use-cases/read-changes.ts";
import { recordChange } from "../src/use-cases/record-change.ts";
import { failureOf, type Harness, startHarness } from "./harness.ts";
import { billAllocated, billIssued, depositEntry, payment } from "./money-events.ts";

let h: Harness;
let scopedToA: EdgeClient;
let allSites: EdgeClient;
/** The feed: A1 B2 A3 B4 B5 B6 A7 (site, position). */
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness("read_changes", { edge: false });
  scopedToA = (await h.newApiClient({ siteIds: [h.siteA] })).edge;
  allSites = (await h.newApiClient({ allSites: true })).edge;
  const a = { orgId: h.orgId, siteId: h.siteA };
  const b = { orgId: h.orgId, siteId: h.siteB };
  const events = [
    ["A1", billIssued(a, "bil_a1")],
    ["B2", billIssued(b, "bil_b2")],
    ["A3", payment(a, EventTypes.PaymentRecorded, "pay_a3")],
    ["B4", billAllocated(b, "bil_b2", 100)],
    ["B5", depositEntry(b, "received")],
    ["B6", payment(b, EventTypes.PaymentReversed, "pay_b6")],
    ["A7", depositEntry(a, "refunded")],
  ] as const;
  for (const [name, event] of events) {
    ids[name] = event.id;
    await recordChange(h.deps, event);
  }
});
afterAll(() => h?.close());

const read = (
  client: EdgeClient,
  request: Partial<{ cursor: string; pageSize: number; siteId: string }>,
) => readChanges(h.deps, client, { cursor: "", pageSize: 0, siteId: "", ...request });
const names = (changes: { id: string }[]) =>
  changes.map((c) => Object.entries(ids).find(([, id]) => id === c.id)?.[0]);

describe("readChanges", () => {
  it("gives every site's changes to an all-sites client, in order, in the public shape", async () => {
    const page = await read(allSites, {});
    expect(names(page.changes)).toEqual(["A1", "B2", "A3", "B4", "B5", "B6", "A7"]);
    expect(page.changes.map((c) => c.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(page.changes[3]).toEqual({
      position: 4,
      id: ids.B4,
      kind: "bill.balance_changed",
      siteId: h.siteB,
      occurredAt: expect.stringMatching(/Z$/),
      customerId: "cus_1",
      leaseId: "lea_1",
      billId: "bil_b2",
      paymentId: "",
      feeCode: "RENT",
      method: "",
      amount: { currencyCode: "CNY", amountMinor: -100 },
      dataJson: expect.stringContaining('"change":"allocated"'),
      // The payment's money moves from prepayments onto the bill (default mapping).
      journalLines: [
        {
          accountCode: "2203",
          accountName: "预收账款",
          role: "prepayments",
          debit: { currencyCode: "CNY", amountMinor: 100 },
          credit: { currencyCode: "CNY", amountMinor: 0 },
        },
        {
          accountCode: "1122",
          accountName: "应收账款",
          role: "receivables",
          debit: { currencyCode: "CNY", amountMinor: 0 },
          credit: { currencyCode: "CNY", amountMinor: 100 },
        },
      ],
    });
  });

  it("pages by cursor; the same cursor gives the same changes", async () => {
    const first = await read(allSites, { pageSize: 3 });
    expect(names(first.changes)).toEqual(["A1", "B2", "A3"]);
    const second = await read(allSites, { pageSize: 3, cursor: first.nextCursor });
    const again = await read(allSites, { pageSize: 3, cursor: first.nextCursor });
    expect(names(second.changes)).toEqual(["B4", "B5", "B6"]);
    expect(again).toEqual(second);
    const third = await read(allSites, { pageSize: 3, cursor: second.nextCursor });
    expect(names(third.changes)).toEqual(["A7"]);
    // Nothing new: the request's cursor comes back as it was.
    const idle = await read(allSites, { pageSize: 3, cursor: third.nextCursor });
    expect(idle).toEqual({ changes: [], nextCursor: third.nextCursor });
  });

  it("gives a site-scoped client its sites only, and does not make it scan others' rows again", async () => {
    const first = await read(scopedToA, { pageSize: 2 });
    expect(names(first.changes)).toEqual(["A1", "A3"]);
    const second = await read(scopedToA, { pageSize: 2, cursor: first.nextCursor });
    expect(names(second.changes)).toEqual(["A7"]);
    // B4–B6 were scanned past: the cursor moved beyond them, to the top of the feed.
    expect((await read(allSites, { cursor: second.nextCursor })).changes).toEqual([]);
    expect(await read(scopedToA, { cursor: second.nextCursor })).toEqual({
      changes: [],
      nextCursor: second.nextCursor,
    });
  });

  it("moves the cursor past other sites' rows when none of the client's are new", async () => {
    const atA7 = (await read(scopedToA, {})).nextCursor;
    await recordChange(h.deps, billIssued({ orgId: h.orgId, siteId: h.siteB }, "bil_b8"));
    const after = await read(scopedToA, { cursor: atA7 });
    expect(after.changes).toEqual([]);
    expect(after.nextCursor).not.toBe(atA7);
    expect((await read(allSites, { cursor: atA7 })).changes.map((c) => c.billId)).toEqual([
      "bil_b8",
    ]);
  });

  it("reads one site when asked; a site outside the client's scope is NOT_FOUND", async () => {
    const b = await read(allSites, { siteId: h.siteB });
    expect(new Set(b.changes.map((c) => c.siteId))).toEqual(new Set([h.siteB]));
    expect(await failureOf(read(scopedToA, { siteId: h.siteB }))).toMatchObject({
      kind: "not_found",
      message: "site not found",
    });
    expect(await failureOf(read(allSites, { siteId: h.foreignSite }))).toMatchObject({
      kind: "not_found",
    });
  });

  it("gives nothing of another organisation", async () => {
    await recordChange(h.deps, billIssued({ orgId: "org_elsewhere", siteId: h.siteA }, "bil_x"));
    const all = await read(allSites, { pageSize: 1_000 });
    expect(all.changes.map((c) => c.billId)).not.toContain("bil_x");
  });

  it.each([
    ["a cursor it did not give", { cursor: "not-a-cursor" }, ["cursor"]],
    [
      "a cursor of another shape",
      { cursor: Buffer.from('{"p":1}').toString("base64url") },
      ["cursor"],
    ],
    [
      "a negative position",
      { cursor: Buffer.from('{"position":-1}').toString("base64url") },
      ["cursor"],
    ],
    [
      "a cursor beyond the feed",
      { cursor: Buffer.from('{"position":999999}').toString("base64url") },
      ["cursor"],
    ],
    ["a page of 1,001", { pageSize: 1_001 }, ["page_size"]],
    ["a negative page size", { pageSize: -1 }, ["page_size"]],
    ["a site id that is no id", { siteId: "sit/../x" }, ["site_id"]],
  ])("refuses %s, naming the field", async (_what, request, fields) => {
    expect(await failureOf(read(allSites, request))).toMatchObject({ kind: "invalid", fields });
  });

  it("takes page sizes 1 and 1,000", async () => {
    expect((await read(allSites, { pageSize: 1 })).changes).toHaveLength(1);
    expect((await read(allSites, { pageSize: 1_000 })).changes.length).toBeGreaterThan(1);
  });
});
