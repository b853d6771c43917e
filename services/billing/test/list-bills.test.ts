import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("list_bills");
});

afterAll(async () => {
  await h?.close();
});

const token = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("ListBills", () => {
  it("pages through a site's bills, each once, oldest due first", async () => {
    const lease = h.lease({ months: 5 });
    await h.publish(EventTypes.LeaseActivated, lease);
    await h.runTo("2026-05-01");
    const seen: string[] = [];
    let pageToken = "";
    do {
      const page = await h.billing.ListBills(
        { siteId: h.siteId, leaseId: lease.leaseId, pageSize: 2, pageToken },
        { caller: h.hq },
      );
      seen.push(...page.bills.map((b) => b.periodStart));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01"]);
  });

  it.each([
    ["not base64url JSON", "%%%"],
    ["JSON of the wrong shape", token([1, 2, 3])],
    ["a due date that is no date", token({ d: "garbage", c: "2026-01-01T00:00:00.000Z", i: "b" })],
    [
      "a time in year 275760",
      token({ d: "2026-01-05", c: "+275760-09-13T00:00:00.000Z", i: "bil_1" }),
    ],
    ["an id holding NUL", token({ d: "2026-01-05", c: "2026-01-01T00:00:00.000Z", i: "b\u0000" })],
    [
      "an id that is an object",
      token({ d: "2026-01-05", c: "2026-01-01T00:00:00.000Z", i: { gt: "" } }),
    ],
  ])("refuses a crafted page token (%s) as invalid naming pageToken", async (_name, pageToken) => {
    const error = await failure(
      h.billing.ListBills({ siteId: h.siteId, pageToken }, { caller: h.hq }),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["pageToken"]]);
  });

  it("answers a lease or customer filter of another site NOT_FOUND naming the field", async () => {
    const there = h.lease({ months: 1, site: h.otherSiteId });
    await h.publish(EventTypes.LeaseActivated, there);
    await h.runTo("2026-01-01", h.otherSiteId);
    for (const [filter, field] of [
      [{ leaseId: there.leaseId }, "leaseId"],
      [{ customerId: there.customerId }, "customerId"],
      [{ customerId: await h.customer(h.otherSiteId) }, "customerId"],
      [{ leaseId: "lea_nowhere" }, "leaseId"],
    ] as const) {
      const error = await failure(
        h.billing.ListBills({ siteId: h.siteId, ...filter }, { caller: h.hq }),
      );
      expect([error.kind, fieldsOf(error)]).toEqual(["not_found", [field]]);
    }
  });

  it("lists nothing for a customer or a draft lease of the site billing has not billed yet", async () => {
    const customerId = await h.customer();
    const leaseId = await h.draftLease({ customerId });
    for (const filter of [{ customerId }, { leaseId }, { customerId, leaseId }]) {
      const page = await h.billing.ListBills({ siteId: h.siteId, ...filter }, { caller: h.hq });
      expect(page.bills).toEqual([]);
    }
  });

  it("answers a lease filter with another customer's lease NOT_FOUND naming leaseId", async () => {
    const lease = h.lease({ months: 1 });
    await h.publish(EventTypes.LeaseActivated, lease);
    const error = await failure(
      h.billing.ListBills(
        { siteId: h.siteId, leaseId: lease.leaseId, customerId: await h.customer() },
        { caller: h.hq },
      ),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["not_found", ["leaseId"]]);
  });

  it("refuses period filters outside 2000-01-01 … 2099-12-31, naming them", async () => {
    const error = await failure(
      h.billing.ListBills(
        { siteId: h.siteId, periodFrom: "1999-12-31", periodTo: "2100-01-01" },
        { caller: h.hq },
      ),
    );
    expect([error.kind, fieldsOf(error)]).toEqual(["invalid", ["periodFrom", "periodTo"]]);
  });
});
