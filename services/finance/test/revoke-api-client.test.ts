import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("revoke_client", { edge: false });
});
afterAll(() => h?.close());

describe("RevokeApiClient", () => {
  it("revokes at once; again changes nothing", async () => {
    const { client } = await h.newApiClient({ siteIds: [h.siteA] });
    const { client: revoked } = await h.apiClients.RevokeApiClient(
      { id: client.id },
      { caller: h.hq },
    );
    expect(revoked!.revokedAt).not.toBe("");
    const { client: again } = await h.apiClients.RevokeApiClient(
      { id: client.id },
      { caller: h.hq },
    );
    expect(again!.revokedAt).toBe(revoked!.revokedAt);
  });

  it("does not find another organisation's client, nor a missing id", async () => {
    const { client } = await h.newApiClient({ allSites: true });
    const other = { ...h.hq, orgId: "org_other" };
    expect(
      await failureOf(h.apiClients.RevokeApiClient({ id: client.id }, { caller: other })),
    ).toMatchObject({ kind: "not_found" });
    expect(
      await failureOf(h.apiClients.RevokeApiClient({ id: "" }, { caller: h.hq })),
    ).toMatchObject({ kind: "invalid", fields: ["id"] });
    const row = await h.deps.db.apiClient.findUniqueOrThrow({ where: { id: client.id } });
    expect(row.revokedAt).toBeNull();
  });

  it("is for HQ administrators only", async () => {
    const { client } = await h.newApiClient({ allSites: true });
    const failure = await failureOf(
      h.apiClients.RevokeApiClient({ id: client.id }, { caller: { ...h.hq, roles: ["clerk"] } }),
    );
    expect(failure.kind).toBe("forbidden");
  });
});
