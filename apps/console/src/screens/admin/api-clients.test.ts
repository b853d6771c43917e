import { describe, expect, it } from "vitest";
import { type ApiClient, clientState, createApiClientBody } from "./api-clients";

describe("API clients", () => {
  it("makes the create body: chosen sites, or all sites and none named; the expiry day", () => {
    expect(
      createApiClientBody({
        name: " ERP ",
        scope: "sites",
        siteIds: ["sit_a"],
        expiresOn: "2027-01-31",
      }),
    ).toEqual({
      name: "ERP",
      siteIds: ["sit_a"],
      allSites: false,
      canPost: false,
      expiresAt: "2027-01-31T00:00:00+08:00",
    });
    expect(
      createApiClientBody({ name: "All", scope: "all", siteIds: ["sit_a"], canPost: true }),
    ).toEqual({
      name: "All",
      siteIds: [],
      allSites: true,
      canPost: true,
    });
  });

  it("tells revoked, expired and active clients apart", () => {
    const client = {
      id: "apc_1",
      name: "x",
      siteIds: [],
      allSites: true,
      canPost: false,
      requestsPerMinute: 600,
      expiresAt: "2027-01-01T00:00:00.000Z",
      revokedAt: null,
      lastUsedAt: null,
      createdBy: "usr_1",
      createdAt: "2026-01-01T00:00:00.000Z",
    } satisfies ApiClient;
    expect(clientState(client, new Date("2026-12-31T00:00:00Z"))).toBe("active");
    expect(clientState(client, new Date("2027-01-01T00:00:00Z"))).toBe("expired");
    expect(clientState({ ...client, revokedAt: "2026-06-01T00:00:00Z" })).toBe("revoked");
    expect(clientState({ ...client, expiresAt: null }, new Date("2099-01-01T00:00:00Z"))).toBe(
      "active",
    );
  });
});
