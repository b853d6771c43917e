import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callers, expectError, type Harness, startHarness } from "./harness.ts";

const site = "sit_list";
const { hq } = callers("org_list", site, "sit_other");

let h: Harness;

beforeAll(async () => {
  h = await startHarness("customers_list");
  // Passports, so the numbers (E0000000n) never match the searches below by their suffix.
  const names = ["a_b", "axb", "a%b", "a\\b", "plain", "100%", "under_score"];
  for (const [i, name] of names.entries()) {
    await h.customers.CreateCustomer(
      {
        siteId: site,
        kind: "CUSTOMER_KIND_PERSON",
        name,
        idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
        idNumber: `E0000000${i}`,
      },
      { caller: hq },
    );
  }
});

afterAll(async () => {
  await h?.close();
});

const search = async (query: string) =>
  (
    await h.customers.ListCustomers({ siteId: site, query, pageSize: 100 }, { caller: hq })
  ).customers
    .map((c) => c.name)
    .sort();

describe("search by name", () => {
  it.each([
    ["_", ["a_b", "under_score"]],
    ["%", ["100%", "a%b"]],
    ["\\", ["a\\b"]],
    ["a_b", ["a_b"]],
    ["a%b", ["a%b"]],
    ["a\\b", ["a\\b"]],
    ["0%", ["100%"]],
    ["%%", []],
    ["__", []],
    ["A_B", ["a_b"]],
  ])("treats LIKE wildcards in %j as literal characters", async (query, expected) => {
    expect(await search(query)).toEqual(expected);
  });
});

describe("page tokens", () => {
  const token = (value: unknown) =>
    Buffer.from(typeof value === "string" ? value : JSON.stringify(value), "utf8").toString(
      "base64url",
    );

  it.each([
    ["not base64url", "%%%"],
    ["not JSON", token("{")],
    ["JSON null", token("null")],
    ["an array", token([1, 2])],
    ["a number for the name", token({ n: 5, i: "cus_1" })],
    ["an empty id", token({ n: "x", i: "" })],
    ["a NUL in the name", token({ n: "a\u0000b", i: "cus_1" })],
    ["a NUL in the id", token({ n: "a", i: "cus_\u0000" })],
    ["a lone surrogate in the name", token('{"n":"\\ud800","i":"cus_1"}')],
    ["an over-long name", token({ n: "x".repeat(10_000), i: "cus_1" })],
    ["an over-long id", token({ n: "x", i: "c".repeat(1_000) })],
    ["an over-long token", "A".repeat(5_000)],
  ])("refuses %s as invalid pageToken", async (_, pageToken) => {
    await expectError(
      h.customers.ListCustomers({ siteId: site, pageToken }, { caller: hq }),
      "invalid",
      ["pageToken"],
    );
  });

  it("still accepts the tokens it issued", async () => {
    const first = await h.customers.ListCustomers({ siteId: site, pageSize: 3 }, { caller: hq });
    const second = await h.customers.ListCustomers(
      { siteId: site, pageSize: 3, pageToken: first.nextPageToken },
      { caller: hq },
    );
    expect(second.customers).toHaveLength(3);
    expect(second.customers[0]!.name > first.customers[2]!.name).toBe(true);
  });
});

describe("party filter", () => {
  it("lists the site's record of a party, and nothing for an unknown party", async () => {
    const { customers } = await h.customers.ListCustomers({ siteId: site }, { caller: hq });
    const plain = customers.find((c) => c.name === "plain")!;
    const { customers: byParty } = await h.customers.ListCustomers(
      { siteId: site, partyId: plain.partyId },
      { caller: hq },
    );
    expect(byParty.map((c) => c.id)).toEqual([plain.id]);
    const { customers: none } = await h.customers.ListCustomers(
      { siteId: site, partyId: "pty_0000000000000000000000000" },
      { caller: hq },
    );
    expect(none).toEqual([]);
  });

  it("needs a site or a party: an organisation-wide list of everyone is not offered", async () => {
    await expectError(h.customers.ListCustomers({ siteId: "" }, { caller: hq }), "not_found");
  });
});

describe("ids filter", () => {
  const person = (name: string, idNumber: string) => ({
    kind: "CUSTOMER_KIND_PERSON" as const,
    name,
    idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT" as const,
    idNumber,
  });

  it("lists exactly the named customers of the site, with the other filters and in pages", async () => {
    const { customers: all } = await h.customers.ListCustomers({ siteId: site }, { caller: hq });
    const named = all.filter((c) => ["plain", "axb", "a_b"].includes(c.name));
    const { customer: elsewhere } = await h.customers.CreateCustomer(
      { siteId: "sit_other", ...person("plain", "E10000001") },
      { caller: hq },
    );
    const stranger = { ...hq, orgId: "org_stranger" };
    const { customer: strangers } = await h.customers.CreateCustomer(
      { siteId: site, ...person("plain", "E10000002") },
      { caller: stranger },
    );
    const ids = [...named.map((c) => c.id), elsewhere!.id, strangers!.id, "cus_nothing"];

    const list = async (request: { pageSize?: number; pageToken?: string; query?: string }) =>
      h.customers.ListCustomers({ siteId: site, ids, ...request }, { caller: hq });
    expect((await list({})).customers.map((c) => c.name)).toEqual(["a_b", "axb", "plain"]);
    expect((await list({ query: "plain" })).customers.map((c) => c.name)).toEqual(["plain"]);
    const first = await list({ pageSize: 2 });
    const second = await list({ pageSize: 2, pageToken: first.nextPageToken });
    expect([...first.customers, ...second.customers].map((c) => c.name)).toEqual([
      "a_b",
      "axb",
      "plain",
    ]);
    expect(second.nextPageToken).toBe("");
  });

  it("refuses more than 500 ids and a malformed id, naming the field", async () => {
    const ids = Array.from({ length: 501 }, (_, i) => `cus_${i}`);
    await expectError(h.customers.ListCustomers({ siteId: site, ids }, { caller: hq }), "invalid", [
      "ids",
    ]);
    await expectError(
      h.customers.ListCustomers({ siteId: site, ids: ["cus_1", "c".repeat(65)] }, { caller: hq }),
      "invalid",
      ["ids.1"],
    );
  });
});
