import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomer } from "../src/use-cases/create-customer.ts";
import { getCustomer } from "../src/use-cases/get-customer.ts";
import { listCustomers } from "../src/use-cases/list-customers.ts";
import { updateCustomer } from "../src/use-cases/update-customer.ts";
import { callers, expectError, type Harness, ids, startHarness } from "./harness.ts";

// PostgreSQL cannot store NUL in text (error 22021, which would be a 500), and a lone UTF-16
// surrogate is not text at all (it would be stored mangled as U+FFFD). Every string a use-case
// takes is refused with `invalid` naming the field before it reaches the database, and every
// string is bounded.

const site = "sit_text";
const { hq } = callers("org_text", site, "sit_other");
const NUL = "a\u0000b";
const LONE = "a\ud800b";

let h: Harness;
let existing: string;

beforeAll(async () => {
  h = await startHarness("customers_text");
  existing = (
    await h.customers.CreateCustomer(
      {
        siteId: site,
        kind: "CUSTOMER_KIND_PERSON",
        name: "Text Test",
        idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
        idNumber: ids.residentA,
      },
      { caller: hq },
    )
  ).customer!.id;
});

afterAll(async () => {
  await h?.close();
});

const person = {
  kind: "person" as const,
  name: "Someone",
  idDocumentType: "passport" as const,
  idNumber: "E22334455",
};

/** Each case: the field it names and the bad request as a function of a bad string. */
const createCases: [string, (bad: string) => Parameters<typeof createCustomer>[3]][] = [
  ["name", (bad) => ({ ...person, name: bad })],
  ["idNumber", (bad) => ({ ...person, idNumber: bad })],
  ["phones.0", (bad) => ({ ...person, phones: [bad] })],
  ["email", (bad) => ({ ...person, email: `${bad}@example.com` })],
  ["emergencyContact.name", (bad) => ({ ...person, emergencyContact: { name: bad } })],
  ["emergencyContact.phone", (bad) => ({ ...person, emergencyContact: { phone: bad } })],
  ["emergencyContact.relation", (bad) => ({ ...person, emergencyContact: { relation: bad } })],
  ["tags.0", (bad) => ({ ...person, tags: [bad] })],
];

describe("text the database cannot take", () => {
  for (const [what, bad] of [
    ["a NUL character", NUL],
    ["a lone surrogate", LONE],
  ] as const) {
    it.each(createCases)(`create refuses ${what} in %s`, async (field, request) => {
      const before = await h.db.customer.count();
      await expectError(createCustomer(h.deps, hq, site, request(bad)), "invalid", [field]);
      expect(await h.db.customer.count()).toBe(before);
    });

    it.each(createCases.filter(([field]) => field !== "idNumber"))(
      `update refuses ${what} in %s`,
      async (field, request) => {
        const { kind: _, idDocumentType: __, idNumber: ___, ...changes } = request(bad);
        await expectError(updateCustomer(h.deps, hq, site, existing, changes), "invalid", [field]);
      },
    );

    it(`update refuses ${what} in idNumber`, async () => {
      await expectError(updateCustomer(h.deps, hq, site, existing, { idNumber: bad }), "invalid", [
        "idNumber",
      ]);
    });

    it(`list refuses ${what} in the query, tag and party filters`, async () => {
      for (const field of ["query", "tag", "partyId"] as const) {
        await expectError(listCustomers(h.deps, hq, site, { [field]: bad }), "invalid", [field]);
      }
    });

    it(`every operation refuses ${what} in the site and customer ids`, async () => {
      await expectError(createCustomer(h.deps, hq, bad, person), "invalid", ["siteId"]);
      await expectError(getCustomer(h.deps, hq, bad, existing), "invalid", ["siteId"]);
      await expectError(getCustomer(h.deps, hq, site, bad), "invalid", ["id"]);
      await expectError(getCustomer(h.deps, hq, "", bad), "invalid", ["id"]);
      await expectError(listCustomers(h.deps, hq, bad, {}), "invalid", ["siteId"]);
      await expectError(updateCustomer(h.deps, hq, bad, existing, { name: "x" }), "invalid", [
        "siteId",
      ]);
      await expectError(updateCustomer(h.deps, hq, site, bad, { name: "x" }), "invalid", ["id"]);
    });
  }

  it("is refused over gRPC too (NUL travels in proto strings)", async () => {
    await expectError(
      h.customers.CreateCustomer(
        {
          siteId: site,
          kind: "CUSTOMER_KIND_PERSON",
          name: NUL,
          idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
          idNumber: "E99887766",
        },
        { caller: hq },
      ),
      "invalid",
      ["name"],
    );
    await expectError(
      h.customers.ListCustomers({ siteId: site, query: NUL }, { caller: hq }),
      "invalid",
      ["query"],
    );
    await expectError(
      h.customers.GetCustomer({ siteId: NUL, id: existing }, { caller: hq }),
      "invalid",
      ["siteId"],
    );
  });
});

describe("lengths", () => {
  const long = (n: number) => "x".repeat(n);

  it("bounds every string of a registration", async () => {
    await expectError(
      createCustomer(h.deps, hq, site, {
        ...person,
        name: long(201),
        idNumber: long(41),
        phones: [long(41)],
        email: `${long(250)}@example.com`,
        emergencyContact: { name: long(101), phone: long(41), relation: long(51) },
        tags: [long(51)],
      }),
      "invalid",
      [
        "name",
        "idNumber",
        "phones.0",
        "email",
        "emergencyContact.name",
        "emergencyContact.phone",
        "emergencyContact.relation",
        "tags.0",
      ],
    );
  });

  it("bounds ids, filters and the query", async () => {
    await expectError(getCustomer(h.deps, hq, long(65), existing), "invalid", ["siteId"]);
    await expectError(getCustomer(h.deps, hq, site, long(65)), "invalid", ["id"]);
    await expectError(
      listCustomers(h.deps, hq, site, { query: long(101), tag: long(51), partyId: long(65) }),
      "invalid",
      ["query", "tag", "partyId"],
    );
    await expectError(
      updateCustomer(h.deps, hq, site, existing, { idNumber: long(41) }),
      "invalid",
      ["idNumber"],
    );
  });

  it("accepts text at the bounds, including characters outside the BMP", async () => {
    const created = await createCustomer(h.deps, hq, site, {
      ...person,
      idNumber: "E55667788",
      name: `𠮷${long(198)}`,
      tags: ["😀 emoji"],
    });
    expect(created.name).toBe(`𠮷${long(198)}`);
    expect(created.tags).toEqual(["😀 emoji"]);
  });
});
