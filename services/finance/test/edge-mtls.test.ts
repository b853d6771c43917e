import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, unary } from "./harness.ts";

let h: Harness;
let bearer: string;
beforeAll(async () => {
  h = await startHarness("edge_mtls", { mutualTls: true });
  bearer = (await h.newApiClient({ siteIds: [h.siteA] })).bearer;
});
afterAll(() => h?.close());

describe("the edge with mutual TLS", () => {
  it("refuses a client without a certificate", async () => {
    const outcome = await unary(h.edgeClient(), "ListSites", {}, { authorization: bearer });
    expect(outcome.error?.code).toBe(status.UNAVAILABLE);
  });

  it("refuses a certificate of a CA it does not trust", async () => {
    const outcome = await unary(
      h.edgeClient({ clientCert: "stranger" }),
      "ListSites",
      {},
      {
        authorization: bearer,
      },
    );
    expect(outcome.error?.code).toBe(status.UNAVAILABLE);
  });

  it("serves a client with a certificate of the configured CA (and still wants the bearer)", async () => {
    const edge = h.edgeClient({ clientCert: "ours" });
    const served = await unary(edge, "ListSites", {}, { authorization: bearer });
    expect(served.error).toBeNull();
    expect((await unary(edge, "ListSites", {})).error?.code).toBe(status.UNAUTHENTICATED);
  });
});
