import { DomainError } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

// Which lease a bank transfer's remittance text names by its contract number (finance matches
// bank lines with it), on the real service and database.
let h: Harness;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness("find_lease_in_text");
  for (const reference of ["HT-2026-001", "HT-2026-0012", "HT-1001", "HT-1001-A"]) {
    ids[reference] = (await h.draft({ reference })).id;
  }
});

afterAll(async () => {
  await h?.close();
});

const find = (text: string, siteId = h.siteId, caller: Caller = h.hq) =>
  h.leases.FindLeaseInText({ siteId, text }, { caller }).then((r) => r.lease?.id ?? null);

describe("FindLeaseInText", () => {
  it.each([
    ["房租 ht-2026-001 王伟", "HT-2026-001"],
    ["合同HT-2026-0012十二月", "HT-2026-0012"],
    ["转账 HT-1001-A", "HT-1001-A"],
    ["(HT-1001) rent", "HT-1001"],
  ])("finds the lease %s names", async (text, reference) => {
    expect(await find(text)).toBe(ids[reference]);
  });

  it.each([
    ["no contract number", "十二月租金"],
    ["a number run on into another", "HT-2026-00123"],
    ["two contracts", "HT-1001 HT-2026-001"],
    ["too short a text", "HT-"],
    ["nothing", ""],
  ])("finds none in a text with %s", async (_what, text) => {
    expect(await find(text)).toBeNull();
  });

  it("looks only at the site asked for, and only at a site the caller may see", async () => {
    expect(await find("房租 HT-2026-001", h.otherSiteId)).toBeNull();
    const atOtherSite: Caller = { ...h.hq, siteIds: [h.otherSiteId] };
    const error = await find("房租 HT-2026-001", h.siteId, atOtherSite).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("not_found");
  });

  it("refuses a text over 500 characters, naming it", async () => {
    const error = await find("x".repeat(501)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("invalid");
    expect(JSON.stringify((error as DomainError).details)).toContain("text");
  });
});
