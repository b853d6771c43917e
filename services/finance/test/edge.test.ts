import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { credentials, makeGenericClientConstructor, status } from "@grpc/grpc-js";
import { FinanceServiceClient } from "@slms/contracts/finance";
import { service as healthService } from "grpc-health-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bufCurl, type Harness, startHarness, unary } from "./harness.ts";

const run = promisify(execFile);
const buf = new URL("../../../node_modules/.bin/buf", import.meta.url).pathname;

let h: Harness;
beforeAll(async () => {
  h = await startHarness("edge");
  await h.seedSite(h.siteA, 1);
});
afterAll(() => h?.close());

const details = (outcome: Awaited<ReturnType<typeof unary>>) => {
  const raw = outcome.error?.metadata.get("slms-error-details-bin")[0];
  return raw ? (JSON.parse(raw.toString()) as { field: string }[]).map((d) => d.field) : [];
};

describe("the TLS edge", () => {
  it("answers gRPC health over TLS, for the server and the service", async () => {
    const Health = makeGenericClientConstructor(healthService, "Health");
    const client = new Health(
      `localhost:${h.service.edgePort}`,
      credentials.createSsl(Buffer.from(h.certs.caCert)),
    );
    for (const service of ["", "slms.finance.v1.FinanceService"]) {
      const outcome = await unary(client, "Check", { service });
      expect(outcome.error).toBeNull();
      expect(outcome.response).toMatchObject({ status: "SERVING" });
    }
    client.close();
  });

  it("serves reflection: buf curl lists the public methods and calls one by its schema", async () => {
    const caFile = join(h.certs.dir, "ca.crt");
    const url = `https://localhost:${h.service.edgePort}`;
    const { stdout: methods } = await run(buf, [
      "curl",
      "--protocol",
      "grpc",
      "--cacert",
      caFile,
      "--list-methods",
      url,
    ]);
    expect(methods.trim().split("\n").sort()).toEqual([
      "slms.finance.v1.FinanceService/GetTrialBalance",
      "slms.finance.v1.FinanceService/ListCustomers",
      "slms.finance.v1.FinanceService/ListLeases",
      "slms.finance.v1.FinanceService/ListSites",
      "slms.finance.v1.FinanceService/ListUnits",
      "slms.finance.v1.FinanceService/PostBankLines",
      "slms.finance.v1.FinanceService/ReadChanges",
    ]);
    const { bearer } = await h.newApiClient({ siteIds: [h.siteA] });
    expect(await bufCurl(h, bearer, "ListSites", {})).toMatchObject({
      sites: [{ id: h.siteA, code: "A" }],
    });
  });

  it("refuses a plain-text connection, and a server certificate the client does not trust", async () => {
    const plain = new FinanceServiceClient(
      `localhost:${h.service.edgePort}`,
      credentials.createInsecure(),
    );
    const outcome = await unary(plain, "ListSites", {});
    expect(outcome.error?.code).toBe(status.UNAVAILABLE);
    plain.close();
    const stranger = new FinanceServiceClient(
      `localhost:${h.service.edgePort}`,
      credentials.createSsl(Buffer.from(h.certs.strangerCert)),
    );
    expect((await unary(stranger, "ListSites", {})).error?.code).toBe(status.UNAVAILABLE);
    stranger.close();
  });
});

describe("authentication", () => {
  it("refuses missing, malformed, unknown, wrong, revoked and expired credentials alike", async () => {
    const edge = h.edgeClient();
    const good = await h.newApiClient({ siteIds: [h.siteA] });
    const revoked = await h.newApiClient({ siteIds: [h.siteA] });
    const expired = await h.newApiClient({ siteIds: [h.siteA] });
    const before = await unary(edge, "ListSites", {}, { authorization: revoked.bearer });
    expect(before.error).toBeNull();
    await h.apiClients.RevokeApiClient({ id: revoked.client.id }, { caller: h.hq });
    await h.deps.db.apiClient.update({
      where: { id: expired.client.id },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    const cases: Record<string, string | undefined> = {
      missing: undefined,
      malformed: "Bearer nonsense",
      "not bearer": `Basic ${good.client.id}.${good.secret}`,
      unknown: `Bearer apc_00000000000000000000000000.${good.secret}`,
      "wrong secret": `Bearer ${good.client.id}.${revoked.secret}`,
      revoked: revoked.bearer,
      expired: expired.bearer,
    };
    for (const [what, authorization] of Object.entries(cases)) {
      const outcome = await unary(edge, "ListSites", {}, authorization ? { authorization } : {});
      expect({ what, code: outcome.error?.code, message: outcome.error?.details }).toEqual({
        what,
        code: status.UNAUTHENTICATED,
        message: "missing or invalid API client credentials",
      });
    }
    expect((await unary(edge, "ListSites", {}, { authorization: good.bearer })).error).toBeNull();
  });

  it("ignores caller metadata sent from outside: x-slms-* does not widen the scope", async () => {
    const edge = h.edgeClient();
    const { bearer } = await h.newApiClient({ siteIds: [h.siteA] });
    const forged = {
      authorization: bearer,
      "x-slms-actor": "system:forged",
      "x-slms-org": h.orgId,
      "x-slms-sites": "*",
      "x-slms-roles": "system,hq_admin",
    };
    const sites = await unary(edge, "ListSites", {}, forged);
    expect((sites.response as { sites: { id: string }[] }).sites.map((s) => s.id)).toEqual([
      h.siteA,
    ]);
    const units = await unary(
      edge,
      "ListUnits",
      { siteId: h.siteB },
      {
        ...forged,
        "x-slms-sites": h.siteB,
      },
    );
    expect(units.error?.code).toBe(status.NOT_FOUND);
    const customers = await unary(edge, "ListCustomers", { siteId: h.siteA }, forged);
    const [customer] = (customers.response as { customers: { idNumberMasked: string }[] })
      .customers;
    expect(customer!.idNumberMasked).toBe("*****5671");
  });
});

describe("input", () => {
  it.each([
    ["ListUnits", { siteId: "" }, ["site_id"]],
    ["ListUnits", { siteId: "SITE_A", pageSize: 501 }, ["page_size"]],
    ["ListSites", { pageSize: -1 }, ["page_size"]],
    ["ListLeases", { siteId: "SITE_A", pageToken: "made-up" }, ["page_token"]],
  ])("%s %j is INVALID_ARGUMENT naming %j", async (method, request, fields) => {
    const edge = h.edgeClient();
    const { bearer } = await h.newApiClient({ siteIds: [h.siteA] });
    const siteId = (request as { siteId?: string }).siteId;
    const outcome = await unary(
      edge,
      method,
      { ...request, ...(siteId === "SITE_A" ? { siteId: h.siteA } : {}) },
      { authorization: bearer },
    );
    expect(outcome.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(details(outcome)).toEqual(fields);
  });
});

describe("rate limit", () => {
  it("refuses calls past the client's rate with RESOURCE_EXHAUSTED and retry-after", async () => {
    const edge = h.edgeClient();
    const { bearer } = await h.newApiClient({ siteIds: [h.siteA], requestsPerMinute: 2 });
    const other = await h.newApiClient({ siteIds: [h.siteA], requestsPerMinute: 2 });
    for (let i = 0; i < 2; i++) {
      expect((await unary(edge, "ListSites", {}, { authorization: bearer })).error).toBeNull();
    }
    const refused = await unary(edge, "ListSites", {}, { authorization: bearer });
    expect(refused.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    const retryAfter = Number(refused.trailers?.get("retry-after")[0]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another client's budget is its own.
    expect((await unary(edge, "ListSites", {}, { authorization: other.bearer })).error).toBeNull();
  });
});

describe("audit", () => {
  it("writes one row per authenticated call: rpc, site, status, duration; and last use", async () => {
    const edge = h.edgeClient();
    const { client, bearer } = await h.newApiClient({ siteIds: [h.siteA] });
    await unary(edge, "ListUnits", { siteId: h.siteA }, { authorization: bearer });
    await unary(edge, "ListLeases", { siteId: h.siteB }, { authorization: bearer });
    await unary(edge, "ListSites", {}, { authorization: bearer });
    const rows = await h.deps.db.apiCall.findMany({
      where: { clientId: client.id },
      orderBy: { at: "asc" },
    });
    expect(rows.map(({ rpc, siteId, status, orgId }) => ({ rpc, siteId, status, orgId }))).toEqual([
      { rpc: "ListUnits", siteId: h.siteA, status: status.OK, orgId: h.orgId },
      { rpc: "ListLeases", siteId: h.siteB, status: status.NOT_FOUND, orgId: h.orgId },
      { rpc: "ListSites", siteId: null, status: status.OK, orgId: h.orgId },
    ]);
    for (const row of rows) expect(row.durationMs).toBeGreaterThanOrEqual(0);
    const stored = await h.deps.db.apiClient.findUniqueOrThrow({ where: { id: client.id } });
    expect(stored.lastUsedAt).not.toBeNull();
  });

  it("keeps last use to the minute: a second call within it writes nothing", async () => {
    const edge = h.edgeClient();
    const { client, bearer } = await h.newApiClient({ siteIds: [h.siteA] });
    await unary(edge, "ListSites", {}, { authorization: bearer });
    const first = await h.deps.db.apiClient.findUniqueOrThrow({ where: { id: client.id } });
    await unary(edge, "ListSites", {}, { authorization: bearer });
    const second = await h.deps.db.apiClient.findUniqueOrThrow({ where: { id: client.id } });
    expect(second.lastUsedAt).toEqual(first.lastUsedAt);
  });
});
