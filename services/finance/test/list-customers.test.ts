import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCustomers } from "../src/use-cases/list-customers.ts";
import { failureOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  // No settle horizon, so lists by update time show what was just written.
  h = await startHarness("list_customers", { edge: false, syncSettleMs: 0 });
  await h.customers.CreateCustomer(
    {
      siteId: h.siteA,
      kind: "CUSTOMER_KIND_PERSON",
      name: "李娜",
      idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
      idNumber: "11010519491231002X",
      phones: ["13800000001"],
      email: "li.na@example.com",
    },
    { caller: h.hq },
  );
  await h.customers.CreateCustomer(
    {
      siteId: h.siteA,
      kind: "CUSTOMER_KIND_COMPANY",
      name: "上海贸易有限公司",
      idDocumentType: "ID_DOCUMENT_TYPE_OTHER",
      idNumber: "CO99887766",
    },
    { caller: h.hq },
  );
});
afterAll(() => h?.close());

describe("listCustomers", () => {
  it("gives a site's customers by name, ID numbers masked to their last four characters", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    const page = await listCustomers(h.deps, edge, { siteId: h.siteA, pageSize: 0, pageToken: "" });
    expect(page.customers).toEqual(
      expect.arrayContaining([
        {
          id: expect.stringMatching(/^cus_/),
          siteId: h.siteA,
          kind: "person",
          name: "李娜",
          idDocumentType: "resident_id",
          idNumberMasked: "**************002X",
          phones: ["13800000001"],
          email: "li.na@example.com",
          updatedAt: expect.stringMatching(/Z$/),
        },
        expect.objectContaining({
          kind: "company",
          name: "上海贸易有限公司",
          idDocumentType: "other",
          idNumberMasked: "******7766",
        }),
      ]),
    );
    expect(page.customers).toHaveLength(2);
  });

  it("does not find a site outside the client's scope", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    expect(
      await failureOf(listCustomers(h.deps, edge, { siteId: h.siteB, pageSize: 0, pageToken: "" })),
    ).toMatchObject({ kind: "not_found" });
  });

  it("refuses a page size of 501, naming it", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    expect(
      await failureOf(
        listCustomers(h.deps, edge, { siteId: h.siteA, pageSize: 501, pageToken: "" }),
      ),
    ).toMatchObject({ kind: "invalid", fields: ["page_size"] });
  });

  it("with updated_since lists by (updated_at, id) from it, inclusive; refuses a malformed one", async () => {
    const { edge } = await h.newApiClient({ siteIds: [h.siteA] });
    const all = await listCustomers(h.deps, edge, {
      siteId: h.siteA,
      pageSize: 0,
      pageToken: "",
      updatedSince: "2000-01-01T08:00:00+08:00",
    });
    const stamps = all.customers.map((row) => row.updatedAt);
    expect(stamps.length).toBeGreaterThan(0);
    expect(stamps).toEqual([...stamps].sort());
    const last = all.customers.at(-1)!;
    const since = await listCustomers(h.deps, edge, {
      siteId: h.siteA,
      pageSize: 0,
      pageToken: "",
      updatedSince: last.updatedAt,
    });
    expect(since.customers.map((row) => row.id)).toContain(last.id);
    expect(since.customers.every((row) => row.updatedAt >= last.updatedAt)).toBe(true);
    expect(
      await failureOf(
        listCustomers(h.deps, edge, {
          siteId: h.siteA,
          pageSize: 0,
          pageToken: "",
          updatedSince: "yesterday",
        }),
      ),
    ).toMatchObject({ kind: "invalid", fields: ["updated_since"] });
  });
});
