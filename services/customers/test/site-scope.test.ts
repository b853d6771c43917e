import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Harness, ids, startHarness } from "./harness.ts";

// On a site's routes the gateway sends the caller with that one site as its scope, HQ users
// included. Every read and write compares the customer's own site with the request's site.

const org = "org_scope";
const siteA = "sit_scope_a";
const siteB = "sit_scope_b";
const hqAll: Caller = { actor: "usr_hq", orgId: org, siteIds: "all", roles: ["hq_admin"] };
/** An HQ admin on a route of site A, as the gateway sends them. */
const hqAtA: Caller = { ...hqAll, siteIds: [siteA] };

let h: Harness;
let atA: string;
let atB: string;

beforeAll(async () => {
  h = await startHarness("customers_scope");
  const register = async (siteId: string, name: string) =>
    (
      await h.customers.CreateCustomer(
        {
          siteId,
          kind: "CUSTOMER_KIND_PERSON",
          name,
          idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
          idNumber: ids.residentA,
        },
        { caller: hqAll },
      )
    ).customer!.id;
  atA = await register(siteA, "At A");
  atB = await register(siteB, "At B");
});

afterAll(async () => {
  await h?.close();
});

describe("site scope", () => {
  it("reaches a site-B customer neither under A's site nor outside the caller's sites", async () => {
    for (const siteId of [siteA, siteB, ""]) {
      await expectError(
        h.customers.GetCustomer({ siteId, id: atB }, { caller: hqAtA }),
        "not_found",
      );
      await expectError(
        h.customers.UpdateCustomer({ siteId, id: atB, name: "hijacked" }, { caller: hqAtA }),
        "not_found",
      );
    }
    await expectError(h.customers.ListCustomers({ siteId: siteB }, { caller: hqAtA }), "not_found");
    await expectError(
      h.customers.CreateCustomer(
        {
          siteId: siteB,
          kind: "CUSTOMER_KIND_PERSON",
          name: "x",
          idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
          idNumber: "E12345678",
        },
        { caller: hqAtA },
      ),
      "not_found",
    );
    const { customer } = await h.customers.GetCustomer(
      { siteId: siteB, id: atB },
      { caller: hqAll },
    );
    expect(customer?.name).toBe("At B");
  });

  it("lists and finds only the request's site, also across sites by party", async () => {
    const { customers } = await h.customers.ListCustomers(
      { siteId: siteA, pageSize: 500 },
      { caller: hqAtA },
    );
    expect(customers.map((c) => c.id)).toEqual([atA]);
    const { customer } = await h.customers.GetCustomer(
      { siteId: siteA, id: atA },
      { caller: hqAtA },
    );
    const { customers: party } = await h.customers.ListCustomers(
      { siteId: "", partyId: customer!.partyId },
      { caller: hqAtA },
    );
    expect(party.map((c) => c.id)).toEqual([atA]);
    const { customers: partyEverywhere } = await h.customers.ListCustomers(
      { siteId: "", partyId: customer!.partyId },
      { caller: hqAll },
    );
    expect(partyEverywhere.map((c) => c.id).sort()).toEqual([atA, atB].sort());
  });
});
