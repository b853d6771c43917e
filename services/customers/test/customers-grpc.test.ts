import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callers, expectError, type Harness, ids, startHarness } from "./harness.ts";

const org = "org_acme";
const siteA = "sit_a";
const siteB = "sit_b";
const { hq, auditor, managerA, clerkA, clerkB } = callers(org, siteA, siteB);
const otherOrg: Caller = {
  actor: "usr_other",
  orgId: "org_other",
  siteIds: "all",
  roles: ["hq_admin"],
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness("customers_grpc");
});

afterAll(async () => {
  await h?.close();
});

const person = (idNumber: string, extra: Record<string, unknown> = {}) => ({
  siteId: siteA,
  kind: "CUSTOMER_KIND_PERSON" as const,
  name: "王伟",
  idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID" as const,
  idNumber,
  ...extra,
});

const create = (request: Parameters<Harness["customers"]["CreateCustomer"]>[0], caller = hq) =>
  h.customers.CreateCustomer(request, { caller }).then((r) => r.customer!);

describe("customers", () => {
  it("registers, gets and updates a person", async () => {
    const created = await create(
      person("110105 19491231 002x", {
        phones: ["+86 138-0013-8000", "021 6234 5678"],
        email: " wang.wei@example.com ",
        emergencyContact: { name: "李娜", phone: "139 0013 9000", relation: "spouse" },
        tags: ["vip", "vip", "long-term"],
        consentSms: true,
      }),
    );
    expect(created).toMatchObject({
      orgId: org,
      siteId: siteA,
      kind: "CUSTOMER_KIND_PERSON",
      name: "王伟",
      idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
      idNumber: ids.residentA,
      idNumberMasked: false,
      phones: ["+8613800138000", "02162345678"],
      email: "wang.wei@example.com",
      emergencyContact: { name: "李娜", phone: "13900139000", relation: "spouse" },
      tags: ["vip", "long-term"],
      consentSms: true,
      consentEmail: false,
    });
    expect(created.id).toMatch(/^cus_[0-9A-Z]{26}$/);
    expect(Date.parse(created.createdAt)).not.toBeNaN();

    const { customer: got } = await h.customers.GetCustomer(
      { siteId: siteA, id: created.id },
      { caller: hq },
    );
    expect(got).toEqual(created);

    const { customer: updated } = await h.customers.UpdateCustomer(
      {
        siteId: siteA,
        id: created.id,
        name: "王伟 (Wang Wei)",
        phones: ["13800138001"],
        replacePhones: true,
        consentEmail: true,
      },
      { caller: hq },
    );
    expect(updated).toMatchObject({
      name: "王伟 (Wang Wei)",
      phones: ["13800138001"],
      consentSms: true,
      consentEmail: true,
      email: "wang.wei@example.com",
      tags: ["vip", "long-term"],
      emergencyContact: { name: "李娜" },
      idNumber: ids.residentA,
    });
    expect(Date.parse(updated!.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));

    const { customer: cleared } = await h.customers.UpdateCustomer(
      {
        siteId: siteA,
        id: created.id,
        email: "",
        replaceTags: true,
        emergencyContact: { name: "", phone: "", relation: "" },
      },
      { caller: hq },
    );
    expect(cleared).toMatchObject({ email: "", tags: [], emergencyContact: null });
  });

  it("registers a company with its credit code", async () => {
    const company = await create({
      siteId: siteA,
      kind: "CUSTOMER_KIND_COMPANY",
      name: "Acme Trading Co., Ltd.",
      idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE",
      idNumber: ids.creditCode.toLowerCase(),
      phones: ["0591-8888 6666"],
    });
    expect(company).toMatchObject({
      kind: "CUSTOMER_KIND_COMPANY",
      idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE",
      idNumber: ids.creditCode,
      phones: ["059188886666"],
      emergencyContact: null,
    });
  });

  it("refuses calls without a caller", async () => {
    await expectError(h.customers.ListCustomers({ siteId: siteA }), "unauthenticated");
  });
});

describe("ID numbers by role", () => {
  it("shows them in full to HQ admins, site managers and the system; masked to everyone else", async () => {
    const created = await create(person(ids.residentB, { siteId: siteA, name: "Mask Test" }));
    const read = (caller: Caller) =>
      h.customers
        .GetCustomer({ siteId: siteA, id: created.id }, { caller })
        .then((r) => r.customer!);
    const system: Caller = {
      actor: "system:export",
      orgId: org,
      siteIds: "all",
      roles: ["system"],
    };
    for (const caller of [hq, managerA, system]) {
      expect(await read(caller)).toMatchObject({ idNumber: ids.residentB, idNumberMasked: false });
    }
    for (const caller of [clerkA, auditor]) {
      expect(await read(caller)).toMatchObject({
        idNumber: "4403**********0017",
        idNumberMasked: true,
      });
    }
    // Lists and the answers to writes are masked the same way.
    const { customers } = await h.customers.ListCustomers(
      { siteId: siteA, query: "Mask Test" },
      { caller: clerkA },
    );
    expect(customers.map((c) => [c.idNumber, c.idNumberMasked])).toEqual([
      ["4403**********0017", true],
    ]);
    const byClerk = await create(
      person(ids.passport, { name: "Short Number", idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT" }),
      clerkA,
    );
    expect(byClerk).toMatchObject({ idNumber: "*****5678", idNumberMasked: true });
    const { customer: renamed } = await h.customers.UpdateCustomer(
      { siteId: siteA, id: byClerk.id, name: "Short Number Renamed" },
      { caller: clerkA },
    );
    expect(renamed).toMatchObject({ idNumber: "*****5678", idNumberMasked: true });
  });
});

describe("validation", () => {
  it("names every bad field on create and writes nothing", async () => {
    const before = await h.db.customer.count();
    await expectError(
      create(
        person("110105194912310021", {
          name: " ",
          phones: ["138 0013 8000", "12-34"],
          email: "not-an-email",
          emergencyContact: { name: "x", phone: "abc", relation: "" },
        }),
      ),
      "invalid",
      ["name", "phones.1", "email", "emergencyContact.phone", "idNumber"],
    );
    const wrongDocument = await expectError(
      create(
        person(ids.creditCode, { idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE" }),
      ),
      "invalid",
      ["idDocumentType"],
    );
    expect(wrongDocument.details[0]?.message).toContain("for a person");
    await expectError(
      create({
        siteId: siteA,
        kind: "CUSTOMER_KIND_COMPANY",
        name: "Bad Co",
        idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
        idNumber: ids.residentC,
      }),
      "invalid",
      ["idDocumentType"],
    );
    await expectError(
      create({
        siteId: siteA,
        kind: "CUSTOMER_KIND_UNSPECIFIED",
        name: "Nobody",
        idDocumentType: "ID_DOCUMENT_TYPE_UNSPECIFIED",
        idNumber: "",
      }),
      "invalid",
      ["kind", "idDocumentType"],
    );
    await expectError(
      create(
        person("91350100M000100Y44", {
          kind: "CUSTOMER_KIND_COMPANY",
          idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE",
        }),
      ),
      "invalid",
      ["idNumber"],
    );
    expect(await h.db.customer.count()).toBe(before);
  });

  it("names every bad field on update and changes nothing", async () => {
    const created = await create(person(ids.residentC, { name: "Update Validation" }));
    await expectError(
      h.customers.UpdateCustomer(
        {
          siteId: siteA,
          id: created.id,
          name: "",
          idNumber: "110101199003070012",
          email: "a@b",
          phones: ["1"],
          replacePhones: true,
        },
        { caller: hq },
      ),
      "invalid",
      ["name", "idNumber", "email", "phones.0"],
    );
    // A new document type is checked against the number already held.
    await expectError(
      h.customers.UpdateCustomer(
        {
          siteId: siteA,
          id: created.id,
          idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE",
        },
        { caller: hq },
      ),
      "invalid",
      ["idDocumentType", "idNumber"],
    );
    await expectError(
      h.customers.UpdateCustomer(
        { siteId: siteA, id: created.id, phones: ["13800138000"] },
        { caller: hq },
      ),
      "invalid",
      ["phones"],
    );
    const { customer } = await h.customers.GetCustomer(
      { siteId: siteA, id: created.id },
      { caller: hq },
    );
    expect(customer).toEqual(created);
  });

  it("changes the document type and number together", async () => {
    const created = await create(person(ids.residentD, { name: "Document Change" }));
    const { customer } = await h.customers.UpdateCustomer(
      {
        siteId: siteA,
        id: created.id,
        idDocumentType: "ID_DOCUMENT_TYPE_HK_MACAO_TAIWAN_PERMIT",
        idNumber: "h-1234567801",
      },
      { caller: hq },
    );
    expect(customer).toMatchObject({
      idDocumentType: "ID_DOCUMENT_TYPE_HK_MACAO_TAIWAN_PERMIT",
      idNumber: "H1234567801",
    });
    // The old number is free again.
    await create(person(ids.residentD, { name: "Took The Old Number" }));
  });
});

describe("scope", () => {
  it("hides customers of other sites and other organisations", async () => {
    const atB = await create(person(ids.residentE, { siteId: siteB, name: "At Site B" }));
    await expectError(
      h.customers.GetCustomer({ siteId: siteB, id: atB.id }, { caller: clerkA }),
      "not_found",
    );
    // Naming an allowed site does not reach a customer of another site.
    await expectError(
      h.customers.GetCustomer({ siteId: siteA, id: atB.id }, { caller: clerkA }),
      "not_found",
    );
    await expectError(
      h.customers.ListCustomers({ siteId: siteB }, { caller: clerkA }),
      "not_found",
    );
    await expectError(
      h.customers.UpdateCustomer({ siteId: siteB, id: atB.id, name: "x" }, { caller: clerkA }),
      "not_found",
    );
    await expectError(create(person(ids.residentE, { siteId: siteB }), clerkA), "not_found");
    expect(
      (await h.customers.GetCustomer({ siteId: siteB, id: atB.id }, { caller: clerkB })).customer
        ?.name,
    ).toBe("At Site B");

    await expectError(
      h.customers.GetCustomer({ siteId: siteB, id: atB.id }, { caller: otherOrg }),
      "not_found",
    );
    const { customers } = await h.customers.ListCustomers(
      { siteId: siteB, pageSize: 500 },
      { caller: otherOrg },
    );
    expect(customers).toEqual([]);
  });
});

describe("search and paging", () => {
  const siteS = "sit_search";
  const hqS = hq;

  beforeAll(async () => {
    const at = (name: string, idNumber: string, extra: Record<string, unknown> = {}) =>
      create({ ...person(idNumber, { siteId: siteS, name }), ...extra }, hqS);
    await at("Zhang San", "110101198001010053", { phones: ["13912345678"], tags: ["vip"] });
    await at("张三丰", "110101198001010096", { phones: ["+85261234567"] });
    await at("Li Si", "E98765432", {
      idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
      phones: ["13800001111"],
    });
    await at("Wang Wu", "310101197507070013");
    await at("Acme Holdings", ids.creditCode2, {
      kind: "CUSTOMER_KIND_COMPANY",
      idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE",
      tags: ["vip"],
    });
    // Same names, to page through ties.
    for (const n of ["110101198201010031", "110101198301010047", "110101198401010044"]) {
      await at("Zhao Liu", n);
    }
  });

  const search = async (query: string, caller = hqS) =>
    (
      await h.customers.ListCustomers({ siteId: siteS, query, pageSize: 100 }, { caller })
    ).customers.map((c) => c.name);

  it("finds by part of the name, case-insensitively", async () => {
    expect(await search("zhang")).toEqual(["Zhang San"]);
    expect(await search("张三")).toEqual(["张三丰"]);
    expect(await search("HOLD")).toEqual(["Acme Holdings"]);
    expect(await search("%")).toEqual([]);
  });

  it("finds by phone digits", async () => {
    expect(await search("1234567")).toEqual(["Zhang San", "张三丰"]);
    expect(await search("138 0000")).toEqual(["Li Si"]);
    expect(await search("+852")).toEqual(["张三丰"]);
  });

  it("finds by the last characters of the ID number, also for masked callers", async () => {
    expect(await search("0053")).toEqual(["Zhang San"]);
    expect(await search("01010053")).toEqual(["Zhang San"]);
    // Same last 4, different longer suffix: verified against the decrypted number.
    expect(await search("010096")).toEqual(["张三丰"]);
    expect(await search("9010096")).toEqual([]);
    expect(await search("765432")).toEqual(["Li Si"]);
    expect(await search("1136t")).toEqual(["Acme Holdings"]);
    const clerkS: Caller = { ...clerkA, siteIds: [siteS] };
    expect(await search("0053", clerkS)).toEqual(["Zhang San"]);
  });

  it("filters by kind and tag", async () => {
    const list = (extra: Record<string, unknown>) =>
      h.customers
        .ListCustomers({ siteId: siteS, ...extra }, { caller: hqS })
        .then((r) => r.customers.map((c) => c.name));
    expect(await list({ kind: "CUSTOMER_KIND_COMPANY" })).toEqual(["Acme Holdings"]);
    expect(await list({ tag: "vip" })).toEqual(["Acme Holdings", "Zhang San"]);
    expect(await list({ tag: "vip", kind: "CUSTOMER_KIND_PERSON" })).toEqual(["Zhang San"]);
  });

  it("pages in name order, through equal names, with or without a query", async () => {
    const { customers: all } = await h.customers.ListCustomers(
      { siteId: siteS, pageSize: 500 },
      { caller: hqS },
    );
    expect(all).toHaveLength(8);
    const walk = async (query?: string) => {
      const seen: string[] = [];
      let token = "";
      do {
        const page = await h.customers.ListCustomers(
          { siteId: siteS, pageSize: 2, pageToken: token, ...(query ? { query } : {}) },
          { caller: hqS },
        );
        expect(page.customers.length).toBeLessThanOrEqual(2);
        seen.push(...page.customers.map((c) => c.id));
        token = page.nextPageToken;
      } while (token);
      return seen;
    };
    expect(await walk()).toEqual(all.map((c) => c.id));
    const zhao = all.filter((c) => c.name === "Zhao Liu").map((c) => c.id);
    expect(zhao).toHaveLength(3);
    expect(await walk("zhao")).toEqual(zhao);
    await expectError(
      h.customers.ListCustomers({ siteId: siteS, pageToken: "forged" }, { caller: hqS }),
      "invalid",
      ["pageToken"],
    );
  });
});
