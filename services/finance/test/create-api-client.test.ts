import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../src/domain/credentials.ts";
import { failureOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("create_client", { edge: false });
});
afterAll(() => h?.close());

const base = {
  name: "Kingdee ERP",
  siteIds: [] as string[],
  allSites: false,
  canPost: false,
  expiresAt: "",
  requestsPerMinute: 0,
};

describe("CreateApiClient", () => {
  it("creates a client of the caller's organisation, returns the secret once, keeps its hash", async () => {
    const { client, secret } = await h.apiClients.CreateApiClient(
      { ...base, siteIds: [h.siteA] },
      { caller: h.hq },
    );
    expect(client).toMatchObject({
      orgId: h.orgId,
      name: "Kingdee ERP",
      siteIds: [h.siteA],
      allSites: false,
      requestsPerMinute: 600,
      createdBy: "usr_hq",
      revokedAt: "",
      lastUsedAt: "",
      expiresAt: "",
    });
    expect(client!.id).toMatch(/^apc_[0-9A-Z]{26}$/);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    const row = await h.deps.db.apiClient.findUniqueOrThrow({ where: { id: client!.id } });
    expect(row.secretHash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("takes every site, an expiry and a rate", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const { client } = await h.apiClients.CreateApiClient(
      { ...base, allSites: true, expiresAt, requestsPerMinute: 60 },
      { caller: h.hq },
    );
    expect(client).toMatchObject({ allSites: true, siteIds: [], expiresAt, requestsPerMinute: 60 });
  });

  it.each([
    ["no name", { name: "  ", siteIds: ["SITE_A"] }, ["name"]],
    ["neither sites nor all sites", {}, ["siteIds"]],
    ["both sites and all sites", { siteIds: ["SITE_A"], allSites: true }, ["siteIds"]],
    ["a site twice", { siteIds: ["SITE_A", "SITE_A"] }, ["siteIds.1"]],
    ["a site of another organisation", { siteIds: ["SITE_A", "FOREIGN"] }, ["siteIds.1"]],
    ["a site of nobody", { siteIds: ["sit_nobody"] }, ["siteIds.0"]],
    ["a malformed expiry", { allSites: true, expiresAt: "tomorrow" }, ["expiresAt"]],
    ["a past expiry", { allSites: true, expiresAt: "2020-01-01T00:00:00Z" }, ["expiresAt"]],
    ["a rate of 6,001", { allSites: true, requestsPerMinute: 6_001 }, ["requestsPerMinute"]],
    ["a negative rate", { allSites: true, requestsPerMinute: -1 }, ["requestsPerMinute"]],
  ])("refuses %s, naming the field", async (_what, changes, fields) => {
    const siteIds = (changes as { siteIds?: string[] }).siteIds?.map((id) =>
      id === "SITE_A" ? h.siteA : id === "FOREIGN" ? h.foreignSite : id,
    );
    const failure = await failureOf(
      h.apiClients.CreateApiClient(
        { ...base, ...changes, ...(siteIds ? { siteIds } : {}) },
        { caller: h.hq },
      ),
    );
    expect(failure).toMatchObject({ kind: "invalid", fields });
  });

  it("is for HQ administrators only", async () => {
    const auditor = { ...h.hq, roles: ["hq_auditor"] };
    const manager = { ...h.hq, siteIds: [h.siteA], roles: ["site_manager"] };
    for (const caller of [auditor, manager]) {
      const failure = await failureOf(
        h.apiClients.CreateApiClient({ ...base, allSites: true }, { caller }),
      );
      expect(failure.kind).toBe("forbidden");
    }
    expect((await failureOf(h.apiClients.CreateApiClient({ ...base, allSites: true }))).kind).toBe(
      "unauthenticated",
    );
  });
});
