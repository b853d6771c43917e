import { setTimeout as sleep } from "node:timers/promises";
import { expectLateCommitDelivered } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomersDeps } from "../src/deps.ts";
import type { CustomerView } from "../src/domain/views.ts";
import { backfillPartyIds } from "../src/use-cases/backfill-party-ids.ts";
import { createCustomer } from "../src/use-cases/create-customer.ts";
import { listCustomers } from "../src/use-cases/list-customers.ts";
import { updateCustomer } from "../src/use-cases/update-customer.ts";
import { callers, expectError, type Harness, startHarness } from "./harness.ts";

// Customers by update time (`updatedSince`): keyset order on (updated_at, id), ties, page
// boundaries, the settle horizon, and every write path moving a record to the end.

const site = "sit_sync_a";
const otherSite = "sit_sync_b";
const { hq, clerkA } = callers("org_sync", site, otherSite);
/** A short horizon, so tests wait little for writes to settle. */
const SETTLE_MS = 150;
const settled = () => sleep(SETTLE_MS + 50);
const EPOCH = "2000-01-01T00:00:00Z";

let h: Harness;
let deps: CustomersDeps;
const customerIds: string[] = [];

beforeAll(async () => {
  h = await startHarness("customers_by_update_time");
  deps = { ...h.deps, syncSettleMs: SETTLE_MS };
  for (const [i, name] of ["Eve", "Dan", "Cat", "Bob", "Ann"].entries()) {
    const customer = await createCustomer(deps, hq, site, {
      kind: "person",
      name,
      idDocumentType: "passport",
      idNumber: `E5500000${i}`,
    });
    customerIds.push(customer.id);
  }
  await createCustomer(deps, hq, otherSite, {
    kind: "person",
    name: "Other site",
    idDocumentType: "passport",
    idNumber: "E55000099",
  });
  await settled();
});

afterAll(async () => {
  await h?.close();
});

/** Every customer of the site updated since `since`, page by page. */
async function allSince(since: string, pageSize: number, d = deps): Promise<CustomerView[]> {
  const seen: CustomerView[] = [];
  let pageToken: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await listCustomers(d, hq, site, { updatedSince: since, pageSize, pageToken });
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    seen.push(...page.items);
    if (!page.nextPageToken) return seen;
    pageToken = page.nextPageToken;
  }
  throw new Error("paging did not end");
}

describe("listCustomers by update time", () => {
  it("orders by (updated_at, id), ties broken by id, across page boundaries", async () => {
    await h.db.$executeRawUnsafe(
      `UPDATE customers SET updated_at = CASE WHEN id = ANY($2::text[]) THEN $1::timestamptz
                                              ELSE $1::timestamptz + interval '1 second' END
        WHERE site_id = $3`,
      "2026-01-01T00:00:00.000Z",
      customerIds.slice(0, 3),
      site,
    );
    const expected = [...[...customerIds.slice(0, 3)].sort(), ...[...customerIds.slice(3)].sort()];
    for (const size of [1, 2, 3, 5, 100]) {
      expect((await allSince(EPOCH, size)).map((c) => c.id)).toEqual(expected);
    }
    // Inclusive: the bound at the later instant lists exactly the two stamped then.
    const later = await allSince("2026-01-01T00:00:01.000Z", 100);
    expect(later.map((c) => c.id)).toEqual([...customerIds.slice(3)].sort());
  });

  it("keeps the order by name without updatedSince", async () => {
    const page = await listCustomers(deps, hq, site, {});
    expect(page.items.map((c) => c.name)).toEqual(["Ann", "Bob", "Cat", "Dan", "Eve"]);
  });

  it("lists a change only once it is older than the settle horizon", async () => {
    const slow = { ...deps, syncSettleMs: 1_500 };
    const updated = await updateCustomer(deps, hq, site, customerIds[0]!, { email: "e@x.test" });
    const since = updated.updatedAt.toISOString();
    expect(await allSince(since, 10, slow)).toEqual([]);
    await sleep(1_600);
    expect((await allSince(since, 10, slow)).map((c) => c.id)).toEqual([customerIds[0]]);
  });

  it("delivers a write that commits late to a client resuming from the last updated_at it saw", async () => {
    const settleMs = 300;
    const [late, early] = [customerIds[1]!, customerIds[2]!];
    await expectLateCommitDelivered({
      settleMs,
      late,
      early,
      writeLateAround: (meanwhile) =>
        h.db.$transaction(async (tx) => {
          await tx.$executeRaw`UPDATE customers SET name = 'Late', updated_at = now() WHERE id = ${late}`;
          await meanwhile();
        }),
      writeEarly: async () => {
        await updateCustomer(deps, hq, site, early, { name: "Early" });
      },
      naive: (from) =>
        h.db.$queryRaw`
          SELECT id, updated_at FROM customers WHERE site_id = ${site} AND updated_at >= ${new Date(from)}
          ORDER BY updated_at, id`,
      listSince: (from) => allSince(from, 100, { ...deps, syncSettleMs: settleMs }),
    });
  });

  it("moves a customer to the end when an edit or the party id backfill writes it", async () => {
    const [a, b] = [customerIds[3]!, customerIds[4]!];
    await updateCustomer(deps, hq, site, a, { phones: ["+8613800000001"] });
    await settled();
    expect((await allSince(EPOCH, 2)).at(-1)?.id).toBe(a);

    await h.db.$executeRawUnsafe(`UPDATE customers SET party_id = NULL WHERE id = $1`, b);
    expect(await backfillPartyIds(deps)).toBe(1);
    await settled();
    const after = await allSince(EPOCH, 2);
    expect(after.at(-1)).toMatchObject({ id: b });
    expect(after.at(-1)?.partyId).toMatch(/^pty_/);
  });

  it("refuses a malformed updatedSince and another order's page token, naming them", async () => {
    await expectError(listCustomers(deps, hq, site, { updatedSince: "2026-12-07" }), "invalid", [
      "updatedSince",
    ]);
    const byName = await listCustomers(deps, hq, site, { pageSize: 1 });
    await expectError(
      listCustomers(deps, hq, site, { updatedSince: EPOCH, pageToken: byName.nextPageToken! }),
      "invalid",
      ["pageToken"],
    );
  });

  it("never lists another site's customers: a clerk of site A asking for site B is not found", async () => {
    const own = await listCustomers(deps, clerkA, site, { updatedSince: EPOCH });
    expect(own.items).toHaveLength(5);
    expect(own.items.every((c) => c.siteId === site)).toBe(true);
    await expectError(listCustomers(deps, clerkA, otherSite, { updatedSince: EPOCH }), "not_found");
  });
});
