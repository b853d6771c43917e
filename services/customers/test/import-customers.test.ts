import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callers, expectError, type Harness, ids, startHarness } from "./harness.ts";
import { barrier, customerRow, heldEvents, residentId } from "./import-rows.ts";

const siteA = "sit_imp_a";
const siteB = "sit_imp_b";
const { hq, clerkA } = callers("org_imp", siteA, siteB);

let h: Harness;
beforeAll(async () => {
  h = await startHarness("import_customers");
});
afterAll(async () => {
  await h?.close();
});

const importCustomers = (
  batchId: string,
  customers: ReturnType<typeof customerRow>[],
  siteId = siteA,
  caller = hq,
) => h.customers.ImportCustomers({ siteId, batchId, customers }, { caller, deadlineMs: 60_000 });

describe("ImportCustomers", () => {
  it("registers customers as CreateCustomer does, and holds their events", async () => {
    // The person is already a customer at site B: the imported record shares the party id.
    const { customer: atB } = await h.customers.CreateCustomer(
      {
        siteId: siteB,
        kind: "CUSTOMER_KIND_PERSON",
        name: "Person 1",
        idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
        idNumber: residentId(1),
        phones: ["138 0013 8000"],
        email: "p1@example.com",
        emergencyContact: { name: "Li Si", phone: "139 0013 9000", relation: "spouse" },
        tags: ["go-live"],
        consentSms: true,
      },
      { caller: hq },
    );
    const rows = [
      customerRow(1, {
        idNumber: ` ${residentId(1).slice(0, 6)}-${residentId(1).slice(6)} `,
        emergencyContact: { name: " Li Si ", phone: "139-0013-9000", relation: "spouse" },
      }),
      customerRow(2, { phones: [], email: "", tags: ["a", "a", "b"] }),
      customerRow(3, {
        kind: "CUSTOMER_KIND_COMPANY",
        idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE",
        idNumber: ids.creditCode,
      }),
    ];
    const { customers } = await importCustomers("c-valid", rows);
    expect(customers.map((c) => c.key)).toEqual(rows.map((r) => r.key));

    const get = async (id: string) =>
      (await h.customers.GetCustomer({ siteId: siteA, id }, { caller: hq })).customer!;
    const imported = await get(customers[0]!.id);
    const { id, siteId, createdAt, updatedAt, ...same } = atB!;
    expect(imported).toMatchObject({ ...same, siteId: siteA, idNumber: residentId(1) });
    expect(imported.partyId).toBe(atB!.partyId);
    expect(imported.emergencyContact).toEqual({
      name: "Li Si",
      phone: "13900139000",
      relation: "spouse",
    });
    expect(await get(customers[1]!.id)).toMatchObject({
      phones: [],
      email: "",
      emergencyContact: null,
      tags: ["a", "b"],
    });
    expect(await get(customers[2]!.id)).toMatchObject({
      kind: "CUSTOMER_KIND_COMPANY",
      idNumber: ids.creditCode,
    });

    // Stored as CreateCustomer stores it: encrypted, blind-indexed, only the masked parts clear.
    const [storedA, storedB] = await Promise.all(
      [customers[0]!.id, atB!.id].map((id) => h.db.customer.findUniqueOrThrow({ where: { id } })),
    );
    expect(storedA!.idNumberCiphertext).toMatch(/^v1:/);
    expect(storedA!.idNumberCiphertext).not.toContain(residentId(1));
    expect(h.deps.idProtection.decrypt(storedA!.idNumberCiphertext, storedA!.id)).toBe(
      residentId(1),
    );
    for (const field of [
      "idNumberHmac",
      "idNumberLast4",
      "idNumberPrefix4",
      "idNumberLength",
    ] as const)
      expect(storedA![field]).toEqual(storedB![field]);
    const clerkView = await h.customers.GetCustomer(
      { siteId: siteA, id: customers[0]!.id },
      { caller: clerkA },
    );
    expect(clerkView.customer!.idNumber).toBe(
      (
        await h.customers.GetCustomer(
          { siteId: siteB, id: atB!.id },
          { caller: { ...clerkA, siteIds: [siteB] } },
        )
      ).customer!.idNumber,
    );

    // customers.customer.created as CreateCustomer writes it, held until the release.
    await barrier(h, hq, siteB);
    const made = new Set(customers.map((c) => c.id));
    expect(h.events.filter((e) => made.has(e.data.customerId as string))).toEqual([]);
    const held = await h.db.outboxMessage.findMany({
      where: { publishedAt: null, type: "customers.customer.created" },
    });
    expect(held).toHaveLength(3);
    const normal = h.events.find((e) => e.data.customerId === atB!.id)!;
    const event = held.find(
      (e) => (e.data as { customerId: string }).customerId === customers[0]!.id,
    )!;
    expect({ ...(event.data as object), customerId: "", siteId: "" }).toEqual({
      ...normal.data,
      customerId: "",
      siteId: "",
    });
    expect(event).toMatchObject({ version: 1, orgId: "org_imp", siteId: siteA, actor: "usr_hq" });
    expect(JSON.stringify(held.map((e) => e.data))).not.toContain(residentId(1));
  });

  it("makes nothing twice when the same rows are sent again", async () => {
    const first = await importCustomers("c-twice", [customerRow(10), customerRow(11)]);
    const held = await heldEvents(h);
    const again = await importCustomers("c-twice", [
      customerRow(12),
      customerRow(10),
      customerRow(11),
    ]);
    expect(again.customers.slice(1)).toEqual(first.customers);
    expect(await heldEvents(h)).toBe(held + 1);
    expect(
      await h.db.customer.count({
        where: { name: { in: ["Person 10", "Person 11", "Person 12"] } },
      }),
    ).toBe(3);
  });

  it("names every bad field of every row and writes nothing", async () => {
    const before = await h.db.customer.count();
    await expectError(
      importCustomers("c-bad", [
        customerRow(20, { idNumber: "110101199001010010" }),
        customerRow(21, { kind: "CUSTOMER_KIND_COMPANY", key: "" }),
        customerRow(22, { name: "", phones: ["12"], email: "nope" }),
        customerRow(23, { emergencyContact: { name: "Li Si", phone: "12", relation: "" } }),
        customerRow(24, { idDocumentType: "ID_DOCUMENT_TYPE_UNSPECIFIED", idNumber: "" }),
      ]),
      "invalid",
      [
        "customers.0.idNumber",
        "customers.1.idDocumentType",
        "customers.1.key",
        "customers.2.name",
        "customers.2.phones.0",
        "customers.2.email",
        "customers.3.emergencyContact.phone",
        "customers.4.idDocumentType",
      ],
    );
    await expectError(
      importCustomers("c-bad", [customerRow(25), customerRow(26, { key: customerRow(25).key })]),
      "invalid",
      ["customers.1.key"],
    );
    await expectError(importCustomers(" ", [customerRow(27)]), "invalid", ["batchId"]);
    expect(await h.db.customer.count()).toBe(before);
    expect(await h.db.importBatch.count({ where: { batchId: "c-bad" } })).toBe(0);
  });

  it("refuses ID numbers the site has or the call repeats, and writes nothing", async () => {
    const { customer: holder } = await h.customers.CreateCustomer(
      {
        siteId: siteA,
        kind: "CUSTOMER_KIND_PERSON",
        name: "Holder",
        idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
        idNumber: residentId(30),
      },
      { caller: hq },
    );
    const before = await h.db.customer.count();
    const error = await expectError(
      importCustomers("c-conflict", [customerRow(31), customerRow(30, { key: "other" })]),
      "conflict",
      ["customers.1.idNumber"],
    );
    expect(error.details[0]!.message).toBe(`already registered to ${holder!.id}`);
    await expectError(
      importCustomers("c-conflict", [
        customerRow(32),
        customerRow(33, { idNumber: residentId(32).toLowerCase(), key: "k33" }),
      ]),
      "conflict",
      ["customers.1.idNumber"],
    );
    expect(await h.db.customer.count()).toBe(before);
  });

  it("refuses a number a concurrent CreateCustomer registers between the check and the insert", async () => {
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let inserted!: () => void;
    const insertedRow = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const number = residentId(41);
    const other = h.db.$transaction(
      async (tx) => {
        await tx.customer.create({
          data: {
            id: "cus_race",
            orgId: "org_imp",
            siteId: siteA,
            partyId: "pty_race",
            kind: "person",
            name: "Racer",
            idDocumentType: "resident_id",
            idNumberCiphertext: h.deps.idProtection.encrypt(number, "cus_race"),
            idNumberHmac: h.deps.idProtection.blindIndex(number),
            idNumberLast4: number.slice(-4),
            idNumberPrefix4: number.slice(0, 4),
            idNumberLength: 18,
            phones: [],
            tags: [],
          },
        });
        inserted();
        await committed;
      },
      { timeout: 30_000 },
    );
    await insertedRow;
    const imported = importCustomers("c-race", [customerRow(40), customerRow(41)]);
    // It fails while the other transaction commits, before the expectation awaits it.
    imported.catch(() => {});
    await waitFor(
      async () =>
        (
          await h.db.$queryRawUnsafe<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND datname = current_database()`,
          )
        )[0]!.n > 0,
      { description: "the import waiting for the uncommitted customer" },
    );
    commit();
    await other;
    const error = await expectError(imported, "conflict", ["customers.1.idNumber"]);
    expect(error.details[0]!.message).toBe("already registered to cus_race");
    expect(await h.db.customer.count({ where: { name: "Person 40" } })).toBe(0);
  });

  it("keeps to the caller's sites and the batch's site", async () => {
    await expectError(importCustomers("c-scope", [customerRow(50)], siteB, clerkA), "not_found");
    await importCustomers("c-scope", [customerRow(51)], siteA, clerkA);
    await expectError(importCustomers("c-scope", [customerRow(52)], siteB), "conflict", [
      "batchId",
    ]);
    expect(await h.db.customer.count({ where: { name: { in: ["Person 50", "Person 52"] } } })).toBe(
      0,
    );
  });

  it("registers 10,000 customers in one call", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => customerRow(100_000 + i));
    const started = performance.now();
    const { customers } = await importCustomers("c-big", rows);
    console.info(
      `ImportCustomers: 10,000 customers in ${Math.round(performance.now() - started)} ms`,
    );
    expect(new Set(customers.map((c) => c.id)).size).toBe(10_000);
    expect(await h.db.customer.count({ where: { id: { in: customers.map((c) => c.id) } } })).toBe(
      10_000,
    );
    expect(await h.db.importRow.count({ where: { batchId: "c-big" } })).toBe(10_000);
  }, 120_000);
});
