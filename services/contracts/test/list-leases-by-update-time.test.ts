import { setTimeout as sleep } from "node:timers/promises";
import { termsToProto } from "@slms/contracts";
import { DomainError } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { expectLateCommitDelivered } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LeaseView } from "../src/db/leases.ts";
import type { ContractsDeps } from "../src/deps.ts";
import { listLeases } from "../src/use-cases/list-leases.ts";
import { runLeaseJob } from "../src/use-cases/run-lease-job.ts";
import { type Harness, monthlyTerms, startHarness } from "./harness.ts";

// Leases by update time (`updatedSince`): keyset order on (updated_at, id), ties, page
// boundaries, the settle horizon, and every write path moving a lease to the end.

/** A short horizon, so tests wait little for writes to settle. */
const SETTLE_MS = 150;
const settled = () => sleep(SETTLE_MS + 50);
const EPOCH = "2000-01-01T00:00:00Z";

let h: Harness;
let deps: ContractsDeps;
const leaseIds: string[] = [];

beforeAll(async () => {
  h = await startHarness("leases_by_update_time");
  deps = { ...h.contracts.deps, syncSettleMs: SETTLE_MS };
  for (let i = 0; i < 5; i++) leaseIds.push((await h.draft()).id);
  await settled();
});

afterAll(async () => {
  await h?.close();
});

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** Every lease of the site updated since `since`, page by page. */
async function allSince(since: string, pageSize: number, d = deps): Promise<LeaseView[]> {
  const seen: LeaseView[] = [];
  let pageToken: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await listLeases(d, h.hq, h.siteId, { updatedSince: since, pageSize, pageToken });
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    seen.push(...page.items);
    if (!page.nextPageToken) return seen;
    pageToken = page.nextPageToken;
  }
  throw new Error("paging did not end");
}

const lastId = async () => (await allSince(EPOCH, 2)).at(-1)?.id;

describe("listLeases by update time", () => {
  it("orders by (updated_at, id), ties broken by id, across page boundaries", async () => {
    await h.db.$executeRawUnsafe(
      `UPDATE leases SET updated_at = CASE WHEN id = ANY($2::text[]) THEN $1::timestamptz
                                           ELSE $1::timestamptz + interval '1 second' END
        WHERE site_id = $3`,
      "2026-01-01T00:00:00.000Z",
      leaseIds.slice(0, 3),
      h.siteId,
    );
    const expected = [...[...leaseIds.slice(0, 3)].sort(), ...[...leaseIds.slice(3)].sort()];
    for (const size of [1, 2, 3, 5, 100]) {
      expect((await allSince(EPOCH, size)).map((l) => l.id)).toEqual(expected);
    }
    const later = await allSince("2026-01-01T00:00:01Z", 100);
    expect(later.map((l) => l.id)).toEqual([...leaseIds.slice(3)].sort());
  });

  it("keeps the order by start date without updatedSince", async () => {
    const page = await listLeases(deps, h.hq, h.siteId, {});
    expect(page.items.map((l) => l.id)).toEqual([...leaseIds].sort().reverse());
  });

  it("moves a lease to the end on activation, amendment, termination and expiry", async () => {
    const [a, b, c] = leaseIds;
    await h.leases.ActivateLease({ siteId: h.siteId, id: a! }, { caller: h.hq });
    await settled();
    expect(await lastId()).toBe(a);

    await h.leases.ActivateLease({ siteId: h.siteId, id: b! }, { caller: h.hq });
    await settled();
    expect(await lastId()).toBe(b);

    // An amendment writes a new version only; the lease's update time must still move.
    await h.leases.AmendLease(
      {
        siteId: h.siteId,
        id: a!,
        effectiveFrom: "2027-03-01",
        terms: termsToProto({
          ...monthlyTerms,
          rent: { kind: "per_period", amountMinor: 700_000 },
        }),
        reason: "rent review",
      },
      { caller: h.hq },
    );
    await settled();
    expect(await lastId()).toBe(a);

    await h.leases.TerminateLease(
      { siteId: h.siteId, id: b!, terminationDate: "2027-06-15", reason: "moving out" },
      { caller: h.hq },
    );
    await settled();
    const terminated = (await allSince(EPOCH, 2)).at(-1);
    expect(terminated).toMatchObject({ id: b, status: "terminated" });

    // Expiry by the lease job (a conditional updateMany).
    const short = await h.draft({ startDate: "2026-01-01", endDate: "2026-12-31" });
    await h.leases.ActivateLease({ siteId: h.siteId, id: short.id }, { caller: h.hq });
    await h.leases.ActivateLease({ siteId: h.siteId, id: c! }, { caller: h.hq });
    await settled();
    expect(await lastId()).toBe(c);
    const realNow = h.now.value;
    h.now.value = new Date("2027-01-02T12:00:00+08:00");
    try {
      expect(await runLeaseJob(h.contracts.deps)).toMatchObject({ expired: 1, termsInForce: 0 });
    } finally {
      h.now.value = realNow;
    }
    await settled();
    expect((await allSince(EPOCH, 2)).at(-1)).toMatchObject({ id: short.id, status: "expired" });

    // The amendment of `a` takes effect on 2027-03-01 (site time): its terms in force change
    // then, with no write; the lease job moves its update time that day.
    h.now.value = new Date("2027-03-01T00:30:00+08:00");
    try {
      expect((await runLeaseJob(h.contracts.deps)).termsInForce).toBe(1);
    } finally {
      h.now.value = realNow;
    }
    await settled();
    expect(await lastId()).toBe(a);
  });

  it("delivers a write that commits late to a client resuming from the last updated_at it saw", async () => {
    const settleMs = 300;
    const [late, early] = [leaseIds[3]!, leaseIds[4]!];
    await expectLateCommitDelivered({
      settleMs,
      late,
      early,
      writeLateAround: (meanwhile) =>
        h.db.$transaction(async (tx) => {
          await tx.$executeRaw`UPDATE leases SET reference = 'LATE', updated_at = now() WHERE id = ${late}`;
          await meanwhile();
        }),
      writeEarly: async () => {
        await h.leases.ActivateLease({ siteId: h.siteId, id: early }, { caller: h.hq });
      },
      naive: (from) =>
        h.db.$queryRaw`
          SELECT id, updated_at FROM leases WHERE site_id = ${h.siteId} AND updated_at >= ${new Date(from)}
          ORDER BY updated_at, id`,
      listSince: (from) => allSince(from, 100, { ...deps, syncSettleMs: settleMs }),
    });
  });

  it("refuses a malformed updatedSince and another order's page token, naming them", async () => {
    const bad = await failure(listLeases(deps, h.hq, h.siteId, { updatedSince: "2026-12-07" }));
    expect(bad.kind).toBe("invalid");
    expect(bad.details.map((d) => d.field)).toEqual(["updatedSince"]);
    const byStart = await listLeases(deps, h.hq, h.siteId, { pageSize: 1 });
    const mixed = await failure(
      listLeases(deps, h.hq, h.siteId, { updatedSince: EPOCH, pageToken: byStart.nextPageToken! }),
    );
    expect(mixed.details.map((d) => d.field)).toEqual(["pageToken"]);
  });

  it("never lists another site's leases: a caller of the other site is not found", async () => {
    const other: Caller = { ...h.hq, actor: "usr_b", siteIds: [h.otherSiteId], roles: ["clerk"] };
    const error = await failure(listLeases(deps, other, h.siteId, { updatedSince: EPOCH }));
    expect(error.kind).toBe("not_found");
    const own = await listLeases(deps, other, h.otherSiteId, { updatedSince: EPOCH });
    expect(own.items).toEqual([]);
  });
});
