/**
 * Site scope of every public method, generated from the FinanceService descriptor: each method
 * whose request has `site_id` is called by a client scoped to site A with site B's id, a site of
 * another organisation, and a site of nobody (all NOT_FOUND, alike), and with A's own (OK, only
 * A's rows). A method added to the proto is covered without touching this file; one without
 * `site_id` must be listed in `withoutSite` with its own check.
 */
import { status } from "@grpc/grpc-js";
import { EventTypes } from "@slms/contracts";
import { FinanceServiceClient } from "@slms/contracts/finance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, unary } from "./harness.ts";
import { billIssued, payment } from "./money-events.ts";

interface MethodSpec {
  requestType: { type: { field: { name: string }[] } };
}

const methods = Object.entries(FinanceServiceClient.service).map(([name, spec]) => ({
  name,
  fields: (spec as unknown as MethodSpec).requestType.type.field.map((f) => f.name),
}));
const siteScoped = methods.filter((m) => m.fields.includes("siteId")).map((m) => m.name);
/** Methods that name no site, each with its own scope check below. */
const withoutSite = ["ListSites"];
/** Methods that list by update time with `updated_since` set. */
const bySince = methods.filter((m) => m.fields.includes("updatedSince")).map((m) => m.name);
const EPOCH = "2000-01-01T00:00:00Z";

let lineSequence = 0;
/** What a method's request needs besides `site_id` to be valid (a fresh value per call). */
const requestOf: Record<string, () => object> = {
  PostBankLines: () => ({
    lines: [
      {
        lineId: `SCOPE-${++lineSequence}`,
        amount: { currencyCode: "CNY", amountMinor: 100 },
        valueDate: "2026-01-05",
        payerName: "",
        payerAccount: "",
        reference: "unmatched",
      },
    ],
  }),
};
const request = (method: string, siteId: string) => ({
  ...(requestOf[method]?.() ?? {}),
  siteId,
});

let h: Harness;
let scopedToA: string;
let allSites: string;

beforeAll(async () => {
  // No settle horizon: lists by update time show the rows seeded just before.
  h = await startHarness("scope", { syncSettleMs: 0 });
  await h.seedSite(h.siteA, 1);
  await h.seedSite(h.siteB, 2);
  // Changes of both sites for ReadChanges, as billing and payments announce them.
  await h.bus.publish([
    billIssued({ orgId: h.orgId, siteId: h.siteA }, "bil_a"),
    billIssued({ orgId: h.orgId, siteId: h.siteB }, "bil_b"),
    payment({ orgId: h.orgId, siteId: h.siteB }, EventTypes.PaymentRecorded, "pay_b"),
    payment({ orgId: h.orgId, siteId: h.siteA }, EventTypes.PaymentRecorded, "pay_a"),
  ]);
  // Both may post: a refusal here is the scope's, never the read-only client's.
  scopedToA = (await h.newApiClient({ siteIds: [h.siteA], canPost: true })).bearer;
  allSites = (await h.newApiClient({ allSites: true, canPost: true })).bearer;
});
afterAll(() => h?.close());

/** Every item of every repeated field of a response. */
const items = (response: unknown) =>
  Object.values(response as Record<string, unknown>)
    .filter(Array.isArray)
    .flat() as { siteId?: string; id?: string }[];

describe("the descriptor", () => {
  it("has site-scoped methods, and every other method is checked here", () => {
    expect(siteScoped.length).toBeGreaterThan(0);
    const unscoped = methods.filter((m) => !m.fields.includes("siteId")).map((m) => m.name);
    expect(unscoped).toEqual(withoutSite);
    expect(bySince).toEqual(["ListSites", "ListUnits", "ListCustomers", "ListLeases"]);
  });
});

describe.each(bySince.filter((m) => siteScoped.includes(m)))("%s with updated_since", (method) => {
  const since = (siteId: string) => ({ ...request(method, siteId), updatedSince: EPOCH });

  it("is NOT_FOUND for another site, and gives only the client's site's rows for its own", async () => {
    for (const site of [h.siteB, h.foreignSite]) {
      const outcome = await unary(h.edgeClient(), method, since(site), {
        authorization: scopedToA,
      });
      expect(outcome.error?.code).toBe(status.NOT_FOUND);
    }
    const own = await unary(h.edgeClient(), method, since(h.siteA), { authorization: scopedToA });
    expect(own.error).toBeNull();
    const rows = items(own.response);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.siteId).toBe(h.siteA);
  });
});

describe.each(siteScoped)("%s", (method) => {
  it.each([
    ["another site of the organisation", () => h.siteB],
    ["a site of another organisation", () => h.foreignSite],
    ["a site of nobody", () => "sit_00000000000000000000000000"],
  ])("is NOT_FOUND for %s", async (_what, site) => {
    const outcome = await unary(h.edgeClient(), method, request(method, site()), {
      authorization: scopedToA,
    });
    expect(outcome.error?.code).toBe(status.NOT_FOUND);
    expect(outcome.error?.details).toBe("site not found");
  });

  it("answers for the client's own site, with that site's rows only", async () => {
    const outcome = await unary(h.edgeClient(), method, request(method, h.siteA), {
      authorization: scopedToA,
    });
    expect(outcome.error).toBeNull();
    const rows = items(outcome.response);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.siteId).toBe(h.siteA);
  });

  it("answers an all-sites client for every site of its organisation, not another's", async () => {
    const b = await unary(h.edgeClient(), method, request(method, h.siteB), {
      authorization: allSites,
    });
    expect(b.error).toBeNull();
    for (const row of items(b.response)) expect(row.siteId).toBe(h.siteB);
    const foreign = await unary(h.edgeClient(), method, request(method, h.foreignSite), {
      authorization: allSites,
    });
    expect(foreign.error?.code).toBe(status.NOT_FOUND);
  });
});

describe("ReadChanges without site_id", () => {
  it("gives only the client's sites; every site of the organisation for an all-sites client", async () => {
    const sites = async (authorization: string) =>
      items((await unary(h.edgeClient(), "ReadChanges", {}, { authorization })).response).map(
        (change) => change.siteId,
      );
    expect(await sites(scopedToA)).toEqual([h.siteA, h.siteA]);
    expect(await sites(allSites)).toEqual([h.siteA, h.siteB, h.siteB, h.siteA]);
  });
});

describe("ListSites", () => {
  it("lists only the client's sites; all of the organisation's for an all-sites client", async () => {
    const ids = async (authorization: string) =>
      items((await unary(h.edgeClient(), "ListSites", {}, { authorization })).response).map(
        (site) => site.id,
      );
    expect(await ids(scopedToA)).toEqual([h.siteA]);
    expect(await ids(allSites)).toEqual([h.siteA, h.siteB]);
  });

  it("does so by update time too (updated_since)", async () => {
    const ids = async (authorization: string) =>
      items(
        (await unary(h.edgeClient(), "ListSites", { updatedSince: EPOCH }, { authorization }))
          .response,
      ).map((site) => site.id);
    expect(await ids(scopedToA)).toEqual([h.siteA]);
    expect((await ids(allSites)).sort()).toEqual([h.siteA, h.siteB].sort());
  });
});
