import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callers, expectError, type Harness, ids, startHarness } from "./harness.ts";
import { customerRow, residentId } from "./import-rows.ts";

const siteA = "sit_find_a";
const siteB = "sit_find_b";
const { hq, clerkA } = callers("org_find", siteA, siteB);

let h: Harness;
beforeAll(async () => {
  h = await startHarness("find_by_id_number");
});
afterAll(async () => {
  await h?.close();
});

const find = (idNumbers: string[], siteId = siteA, caller = hq) =>
  h.customers
    .FindCustomersByIdNumber({ siteId, idNumbers }, { caller, deadlineMs: 60_000 })
    .then((r) => r.customers);

describe("FindCustomersByIdNumber", () => {
  it("answers the site's customers holding the numbers, with the caller's own numbers", async () => {
    const { customer: chen } = await h.customers.CreateCustomer(
      {
        siteId: siteA,
        kind: "CUSTOMER_KIND_PERSON",
        name: "Chen Jing",
        idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
        idNumber: ids.residentA,
      },
      { caller: hq },
    );
    const { customer: trading } = await h.customers.CreateCustomer(
      {
        siteId: siteA,
        kind: "CUSTOMER_KIND_COMPANY",
        name: "Xu Trading",
        idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE",
        idNumber: ids.creditCode,
      },
      { caller: hq },
    );
    // The same person at site B is site B's record, never answered for site A.
    await h.customers.CreateCustomer(
      {
        siteId: siteB,
        kind: "CUSTOMER_KIND_PERSON",
        name: "Lin Wei",
        idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
        idNumber: ids.residentB,
      },
      { caller: hq },
    );
    const typed = "110105 19491231 002x";
    expect(
      await find([ids.creditCode, ids.residentB, typed, "", "unknown-1", ids.creditCode]),
    ).toEqual([
      { idNumber: ids.creditCode, customerId: trading!.id, name: "Xu Trading" },
      { idNumber: typed, customerId: chen!.id, name: "Chen Jing" },
    ]);
    expect(await find([ids.residentB], siteB, clerkA).catch((e: unknown) => e)).toMatchObject({
      kind: "not_found",
    });
    expect(await find([ids.residentB], siteB)).toHaveLength(1);
    expect(await find([])).toEqual([]);
  });

  it("finds customers an import registered", async () => {
    const { customers } = await h.customers.ImportCustomers(
      { siteId: siteA, batchId: "f-1", customers: [customerRow(1), customerRow(2)] },
      { caller: hq },
    );
    expect(await find([residentId(2), residentId(3)])).toEqual([
      { idNumber: residentId(2), customerId: customers[1]!.id, name: "Person 2" },
    ]);
  });

  it("refuses more than 10,000 numbers and numbers that are not text", async () => {
    await expectError(find(Array.from({ length: 10_001 }, (_, i) => residentId(i))), "invalid", [
      "idNumbers",
    ]);
    await expectError(find(["x".repeat(41), "ok"]), "invalid", ["idNumbers.0"]);
  });

  it("looks up 10,000 numbers in one call", async () => {
    await h.customers.ImportCustomers(
      {
        siteId: siteA,
        batchId: "f-big",
        customers: Array.from({ length: 5_000 }, (_, i) => customerRow(200_000 + i)),
      },
      { caller: hq, deadlineMs: 60_000 },
    );
    const numbers = Array.from({ length: 10_000 }, (_, i) => residentId(200_000 + i));
    const started = performance.now();
    const found = await find(numbers);
    console.info(
      `FindCustomersByIdNumber: 10,000 numbers in ${Math.round(performance.now() - started)} ms`,
    );
    expect(found).toHaveLength(5_000);
    expect(found[4_999]!.idNumber).toBe(residentId(204_999));
  }, 120_000);
});
