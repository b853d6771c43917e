/**
 * The feed's promise under concurrent writers: no change is ever skipped, even when the
 * transactions behind them commit out of order. Writers append in their own transactions on
 * their own pool, each sleeping a random while before taking the append lock and a random while
 * after appending, before commit (so start order, lock order and commit order all differ, and a
 * transaction holds its row uncommitted while others wait); some events are delivered twice at
 * once. Two readers poll ReadChanges the whole time from small pages; what each saw, put
 * together, must be every change of its scope, each once, by strictly increasing position —
 * with a plain sequence a reader would move its cursor past a row not yet committed and lose it.
 */
import { EventTypes } from "@slms/contracts";
import { createPrismaClient } from "@slms/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendFeedItem } from "../src/db/feed.ts";
import { defaultAccountMapping } from "../src/domain/account-mapping.ts";
import type { EdgeClient } from "../src/domain/edge-caller.ts";
import { feedItemOf } from "../src/domain/feed-item.ts";
import { journalOf } from "../src/domain/journal.ts";
import { Prisma, PrismaClient } from "../src/generated/prisma/client.ts";
import { readChanges } from "../src/use-cases/read-changes.ts";
import { type Harness, startHarness } from "./harness.ts";
import { billIssued, payment } from "./money-events.ts";

/** Writers (one event each), the parallel transactions at once, and events sent twice at once. */
const WRITERS = 160;
const PARALLEL = 16;
const REDELIVERED = 24;

let h: Harness;
let writerDb: PrismaClient;
let allSites: EdgeClient;
let scopedToA: EdgeClient;

beforeAll(async () => {
  h = await startHarness("feed_concurrency", { edge: false });
  writerDb = createPrismaClient(PrismaClient, { url: h.financeDatabaseUrl, poolMax: PARALLEL });
  allSites = (await h.newApiClient({ allSites: true })).edge;
  scopedToA = (await h.newApiClient({ siteIds: [h.siteA] })).edge;
});
afterAll(async () => {
  await writerDb?.$disconnect();
  await h?.close();
});

const seconds = (maxMs: number) => Math.floor(Math.random() * maxMs) / 1000;

/** One append in its own transaction, held open before the lock and after the insert. */
async function slowAppend(event: ReturnType<typeof billIssued>): Promise<void> {
  const item = feedItemOf(event)!;
  await writerDb.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_sleep(${seconds(40)})`;
      await appendFeedItem(tx, item, journalOf(item, defaultAccountMapping));
      await tx.$executeRaw`SELECT pg_sleep(${seconds(8)})`;
    },
    {
      isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted,
      maxWait: 60_000,
      timeout: 60_000,
    },
  );
}

interface Seen {
  position: number;
  id: string;
  siteId: string;
}

/** Polls from small pages until `done` and then until nothing is new; checks every poll. */
async function poll(client: EdgeClient, done: () => boolean) {
  const seen: Seen[] = [];
  let cursor = "";
  let pollsWhileWriting = 0;
  for (;;) {
    const writing = !done();
    const pageSize = 1 + Math.floor(Math.random() * 7);
    const page = await readChanges(h.deps, client, { cursor, pageSize, siteId: "" });
    // The same cursor again: the same changes first (more may have arrived behind them).
    const again = await readChanges(h.deps, client, { cursor, pageSize, siteId: "" });
    expect(again.changes.slice(0, page.changes.length)).toEqual(page.changes);
    seen.push(...page.changes.map(({ position, id, siteId }) => ({ position, id, siteId })));
    if (writing) pollsWhileWriting++;
    cursor = page.nextCursor;
    if (!writing && page.changes.length === 0) return { seen, pollsWhileWriting, cursor };
    // Let the writers on.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("the change feed under concurrent writers", () => {
  it("shows every change once, by strictly increasing position, to readers polling throughout", async () => {
    const events = Array.from({ length: WRITERS }, (_, i) => {
      const at = { orgId: h.orgId, siteId: i % 3 === 0 ? h.siteB : h.siteA };
      return i % 2 === 0
        ? billIssued(at, `bil_${i}`, 1_000 + i)
        : payment(at, EventTypes.PaymentRecorded, `pay_${i}`, 1_000 + i);
    });
    const deliveries = [...events, ...events.slice(0, REDELIVERED)].sort(() => Math.random() - 0.5);

    let writing = true;
    const readers = Promise.all([poll(allSites, () => !writing), poll(scopedToA, () => !writing)]);
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (next < deliveries.length) await slowAppend(deliveries[next++]!);
        }),
      );
    } finally {
      writing = false;
    }
    const [all, a] = await readers;

    // Every change exactly once, positions 1..WRITERS with no gap and strictly increasing.
    expect(all.seen.map((s) => s.position)).toEqual(
      Array.from({ length: WRITERS }, (_, i) => i + 1),
    );
    expect(new Set(all.seen.map((s) => s.id))).toEqual(new Set(events.map((e) => e.id)));
    // The site-A client: every A change once, in position order, nothing of B.
    const aEvents = events.filter((e) => e.siteId === h.siteA);
    expect(a.seen.map((s) => s.id).sort()).toEqual(aEvents.map((e) => e.id).sort());
    const positions = a.seen.map((s) => s.position);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(positions.length);
    // The readers did read while the writers wrote (the test means something).
    expect(all.pollsWhileWriting).toBeGreaterThan(5);
    expect(a.pollsWhileWriting).toBeGreaterThan(5);

    // Read again from the start, in other page sizes: the same feed.
    const again: Seen[] = [];
    let cursor = "";
    for (;;) {
      const page = await readChanges(h.deps, allSites, { cursor, pageSize: 37, siteId: "" });
      if (page.changes.length === 0) break;
      again.push(...page.changes.map(({ position, id, siteId }) => ({ position, id, siteId })));
      cursor = page.nextCursor;
    }
    expect(again).toEqual(all.seen);
  });
});
