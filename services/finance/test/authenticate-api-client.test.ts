import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiClient } from "../src/use-cases/authenticate-api-client.ts";
import { failureOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("authenticate", { edge: false });
});
afterAll(() => h?.close());

const at = (instant: string) => ({ ...h.deps, clock: () => new Date(instant) });

describe("authenticateApiClient", () => {
  it("gives the client a valid bearer names", async () => {
    const { client, bearer } = await h.newApiClient({ siteIds: [h.siteA], requestsPerMinute: 30 });
    expect(await authenticateApiClient(h.deps, bearer)).toEqual({
      id: client.id,
      orgId: h.orgId,
      siteIds: [h.siteA],
      allSites: false,
      canPost: false,
      requestsPerMinute: 30,
    });
  });

  it("refuses a client from its expiry on, with the same answer as a wrong secret", async () => {
    const expiresAt = "2099-06-01T00:00:00.000Z";
    const { bearer, client } = await h.newApiClient({ allSites: true, expiresAt });
    await authenticateApiClient(at("2099-05-31T23:59:59.999Z"), bearer);
    const expired = await failureOf(authenticateApiClient(at(expiresAt), bearer));
    const wrong = await failureOf(authenticateApiClient(h.deps, `Bearer ${client.id}.nope`));
    expect(expired).toEqual(wrong);
    expect(expired.kind).toBe("unauthenticated");
  });

  it("records the last use at most once a minute", async () => {
    const { bearer, client } = await h.newApiClient({ allSites: true });
    const lastUsed = async () =>
      (await h.deps.db.apiClient.findUniqueOrThrow({ where: { id: client.id } })).lastUsedAt;
    await authenticateApiClient(at("2030-01-01T10:00:00Z"), bearer);
    await authenticateApiClient(at("2030-01-01T10:00:59Z"), bearer);
    expect(await lastUsed()).toEqual(new Date("2030-01-01T10:00:00Z"));
    await authenticateApiClient(at("2030-01-01T10:01:00Z"), bearer);
    expect(await lastUsed()).toEqual(new Date("2030-01-01T10:01:00Z"));
  });
});
