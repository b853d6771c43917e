import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCustomersService } from "../src/service.ts";
import { backfillPartyIds } from "../src/use-cases/backfill-party-ids.ts";
import { callers, type Harness, ids, startHarness } from "./harness.ts";

// Rows written before party ids existed have none; the key that derives them is not available
// to SQL, so the service fills them in when it starts.

const { hq } = callers("org_backfill", "sit_a", "sit_b");
const numbers = [ids.residentA, ids.residentB, ids.residentC, ids.residentD, ids.residentE];

let h: Harness;

beforeAll(async () => {
  h = await startHarness("customers_backfill");
  for (const [i, idNumber] of numbers.entries()) {
    for (const siteId of i % 2 === 0 ? ["sit_a", "sit_b"] : ["sit_a"]) {
      await h.customers.CreateCustomer(
        {
          siteId,
          kind: "CUSTOMER_KIND_PERSON",
          name: `Old ${i}`,
          idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
          idNumber,
        },
        { caller: hq },
      );
    }
  }
});

afterAll(async () => {
  await h?.close();
});

const forgetPartyIds = () => h.db.$executeRaw`UPDATE customers SET party_id = NULL`;

async function expectDerivedPartyIds() {
  const rows = await h.db.customer.findMany();
  expect(rows).toHaveLength(8);
  for (const row of rows) {
    expect(row.partyId).toBe(h.deps.idProtection.partyId(row.orgId, row.idNumberHmac));
  }
  return rows;
}

describe("backfillPartyIds", () => {
  it("gives every row without a party id the one derived from its ID number, in batches, once", async () => {
    const before = await h.db.customer.findMany({ orderBy: { id: "asc" } });
    await forgetPartyIds();
    expect(await backfillPartyIds(h.deps, { batchSize: 3 })).toBe(8);
    const after = await expectDerivedPartyIds();
    expect(after.map((r) => [r.id, r.partyId]).sort()).toEqual(
      before.map((r) => [r.id, r.partyId]).sort(),
    );
    // The same person at two sites is one party again.
    expect(new Set(after.map((r) => r.partyId)).size).toBe(numbers.length);
    expect(await backfillPartyIds(h.deps, { batchSize: 3 })).toBe(0);
  });

  it("runs when the service starts", async () => {
    await forgetPartyIds();
    const logger = createLogger({ service: "customers-backfill-test", level: "silent" });
    const bus = createInProcessBus({ logger });
    const second = await startCustomersService({
      databaseUrl: h.database.url,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      ...h.keys,
    });
    await second.close(1_000);
    await bus.close();
    await expectDerivedPartyIds();
  });

  it("is shown for a row not yet filled in (written by an older replica)", async () => {
    await forgetPartyIds();
    const { customers } = await h.customers.ListCustomers({ siteId: "sit_b" }, { caller: hq });
    expect(customers).toHaveLength(3);
    for (const customer of customers) expect(customer.partyId).toMatch(/^pty_[0-9A-Z]{26}$/);
    await backfillPartyIds(h.deps);
  });
});
