import { waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callers, type Harness, ids, startHarness } from "./harness.ts";

const { hq } = callers("org_rest", "sit_a", "sit_b");

let h: Harness;

beforeAll(async () => {
  h = await startHarness("customers_at_rest");
});

afterAll(async () => {
  await h?.close();
});

describe("ID numbers at rest and on the bus", () => {
  it("are stored only encrypted, blind-indexed and in the parts the mask shows", async () => {
    const numbers = [ids.residentA, ids.creditCode, ids.passport];
    const { customer: person } = await h.customers.CreateCustomer(
      {
        siteId: "sit_a",
        kind: "CUSTOMER_KIND_PERSON",
        name: "Xu Lei",
        idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
        idNumber: ids.residentA,
        phones: ["13800138000"],
        email: "xu.lei@example.com",
      },
      { caller: hq },
    );
    const { customer: company } = await h.customers.CreateCustomer(
      {
        siteId: "sit_a",
        kind: "CUSTOMER_KIND_COMPANY",
        name: "Xu Trading",
        idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE",
        idNumber: ids.creditCode,
      },
      { caller: hq },
    );
    await h.customers.UpdateCustomer(
      {
        siteId: "sit_a",
        id: person!.id,
        idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
        idNumber: ids.passport,
      },
      { caller: hq },
    );

    const rows = await h.db.$queryRaw<Record<string, unknown>[]>`
      SELECT * FROM customers ORDER BY name`;
    expect(rows).toHaveLength(2);
    const dump = JSON.stringify(rows);
    for (const number of numbers) {
      expect(dump).not.toContain(number);
      expect(dump).not.toContain(number.slice(0, 10));
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(company!.id)).toMatchObject({
      id_number_prefix4: "9135",
      id_number_last4: "0Y43",
      id_number_length: 18,
    });
    // A passport of 9 characters: only its last 4 are in clear.
    expect(byId.get(person!.id)).toMatchObject({
      id_number_prefix4: "",
      id_number_last4: "5678",
      id_number_length: 9,
    });
    for (const row of rows) {
      // At most half of any number is in clear.
      const clear = String(row.id_number_prefix4).length + String(row.id_number_last4).length;
      expect(clear).toBeLessThanOrEqual(Number(row.id_number_length) / 2);
      expect(row.id_number_ciphertext).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
      expect(Buffer.from(String(row.id_number_hmac), "base64")).toHaveLength(32);
    }
  });

  it("never travel in events, which are written to the outbox with the change", async () => {
    const outbox = await h.db.outboxMessage.findMany({ orderBy: { seq: "asc" } });
    expect(outbox.map((m) => [m.type, m.version])).toEqual([
      ["customers.customer.created", 1],
      ["customers.customer.created", 1],
      ["customers.customer.updated", 1],
    ]);
    expect(outbox[0]).toMatchObject({ orgId: "org_rest", siteId: "sit_a", actor: "usr_hq" });
    expect(outbox[0]!.data).toEqual({
      customerId: expect.stringMatching(/^cus_/),
      siteId: "sit_a",
      partyId: expect.stringMatching(/^pty_/),
      kind: "person",
      name: "Xu Lei",
      phones: ["13800138000"],
      email: "xu.lei@example.com",
      tags: [],
      consentSms: false,
      consentEmail: false,
    });
    const dump = JSON.stringify(outbox, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    for (const fragment of [ids.residentA, ids.creditCode, ids.passport, "002X", "0Y43", "v1:"]) {
      expect(dump).not.toContain(fragment);
    }
    for (const key of ["idNumber", "idNumberHmac", "idNumberCiphertext", "idDocumentType"]) {
      expect(dump).not.toContain(key);
    }
    // The party id is not the blind index either.
    const stored = await h.db.customer.findMany();
    for (const row of stored) expect(dump).not.toContain(row.idNumberHmac);
    // The relay publishes them; consumers get the same data.
    await waitFor(() => h.events.length === 3, { timeoutMs: 10_000 });
    expect(h.events.map((e) => e.id)).toEqual(outbox.map((m) => m.id));
  });
});
