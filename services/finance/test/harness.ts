import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { type Client, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { migrationsDir as assetsMigrations, startAssetsService } from "@slms/assets";
import { migrationsDir as billingMigrations, startBillingService } from "@slms/billing";
import { termsToProto, type WireTerms } from "@slms/contracts";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import {
  type ApiClient,
  ApiClientServiceClient,
  type ApiClientServiceDefinition,
  FinanceServiceClient,
} from "@slms/contracts/finance";
import { LeaseServiceClient, type LeaseServiceDefinition } from "@slms/contracts/leases";
import {
  migrationsDir as contractsMigrations,
  startContractsService,
} from "@slms/contracts-service";
import { migrationsDir as customersMigrations, startCustomersService } from "@slms/customers";
import { DomainError } from "@slms/errors";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus, type InProcessBus } from "@slms/messaging";
import { migrationsDir as paymentsMigrations, startPaymentsService } from "@slms/payments";
import { createTestDatabase } from "@slms/testing";
import type { FinanceDeps } from "../src/deps.ts";
import type { EdgeClient } from "../src/domain/edge-caller.ts";
import { migrationsDir, type RunningFinanceService, startFinanceService } from "../src/service.ts";
import { makeTestCertificates, type TestCertificates } from "./certs.ts";

export interface HarnessOptions {
  /** Serve the TLS edge (default true). */
  edge?: boolean;
  /** Require client certificates signed by the test CA. */
  mutualTls?: boolean;
  /** The owners' settle horizon of lists by update time (`updated_since`), ms; default 10 s. */
  syncSettleMs?: number;
}

export interface Harness {
  service: RunningFinanceService;
  /** The finance database (for tests that open their own connections). */
  financeDatabaseUrl: string;
  /** The in-process bus every service of the harness shares. */
  bus: InProcessBus;
  deps: FinanceDeps;
  /** The internal ApiClientService, as the gateway calls it. */
  apiClients: GrpcClient<ApiClientServiceDefinition>;
  assets: GrpcClient<AssetsServiceDefinition>;
  customers: GrpcClient<CustomersServiceDefinition>;
  contracts: GrpcClient<LeaseServiceDefinition>;
  certs: TestCertificates;
  orgId: string;
  /** An HQ admin of the organisation, as the gateway sends them. */
  hq: Caller;
  /** Sites A and B of the organisation; a site C of another organisation. */
  siteA: string;
  siteB: string;
  foreignSite: string;
  /** Creates an API client (as the HQ admin) and gives its bearer value. */
  newApiClient(
    input: Partial<{
      siteIds: string[];
      allSites: boolean;
      canPost: boolean;
      requestsPerMinute: number;
      expiresAt: string;
    }>,
  ): Promise<{ client: ApiClient; secret: string; bearer: string; edge: EdgeClient }>;
  /** A client of the edge over TLS trusting the test CA; with the client certificate when asked. */
  edgeClient(options?: { clientCert?: "ours" | "stranger" }): Client;
  /** A unit, a customer and a lease at the site; returns their ids. */
  seedSite(
    siteId: string,
    n: number,
  ): Promise<{ unitId: string; customerId: string; leaseId: string }>;
  close(): Promise<void>;
}

export const monthlyTerms: WireTerms = {
  frequency: "monthly",
  alignment: "calendar",
  rent: { kind: "per_period", amountMinor: 650_000 },
  escalation: { kind: "none" },
  rentFree: [],
  billLeadDays: 10,
  dueDay: 5,
  depositMinor: 1_300_000,
  fees: [],
  lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 },
  penalty: { kind: "months_of_rent", months: 2 },
};

/**
 * The finance service with its TLS edge, and the assets, customers and contracts services it
 * reads, each on a fresh database of the machine's PostgreSQL; an organisation with two sites,
 * and a site of another organisation.
 */
export async function startHarness(label: string, options: HarnessOptions = {}): Promise<Harness> {
  const logger = createLogger({ service: `finance-test-${label}`, level: "silent" });
  const db = (dir: string, name: string) =>
    createTestDatabase({ migrationsDir: dir, label: `${label}_${name}` });
  const [assetsDb, customersDb, contractsDb, billingDb, paymentsDb, financeDb] = await Promise.all([
    db(assetsMigrations, "assets"),
    db(customersMigrations, "customers"),
    db(contractsMigrations, "contracts"),
    db(billingMigrations, "billing"),
    db(paymentsMigrations, "payments"),
    db(migrationsDir, "finance"),
  ]);
  const certs = makeTestCertificates();
  const bus = createInProcessBus({ logger });
  const assetsService = await startAssetsService({
    databaseUrl: assetsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    statusSyncIntervalMs: 0,
    syncSettleMs: options.syncSettleMs,
  });
  const customersService = await startCustomersService({
    databaseUrl: customersDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    encryptionKey: randomBytes(32),
    hmacKey: randomBytes(32),
    syncSettleMs: options.syncSettleMs,
  });
  const target = (port: number) => `127.0.0.1:${port}`;
  const contractsService = await startContractsService({
    databaseUrl: contractsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    assetsTarget: target(assetsService.port),
    customersTarget: target(customersService.port),
    leaseJobIntervalMs: 0,
    syncSettleMs: options.syncSettleMs,
  });
  // Bank lines become payments: the payments service, and billing that allocates them.
  const billingService = await startBillingService({
    databaseUrl: billingDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    assetsTarget: target(assetsService.port),
    customersTarget: target(customersService.port),
    contractsTarget: target(contractsService.port),
    jobIntervalMs: 0,
  });
  const paymentsService = await startPaymentsService({
    databaseUrl: paymentsDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    billingTarget: target(billingService.port),
    assetsTarget: target(assetsService.port),
    customersTarget: target(customersService.port),
    contractsTarget: target(contractsService.port),
    allocationRetryIntervalMs: 0,
  });
  const service = await startFinanceService({
    databaseUrl: financeDb.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    ...(options.edge === false
      ? {}
      : {
          edge: {
            host: "127.0.0.1",
            port: 0,
            tls: {
              certPem: certs.serverCert,
              keyPem: certs.serverKey,
              ...(options.mutualTls ? { clientCaPem: certs.caCert } : {}),
            },
          },
        }),
    owners: () => ({
      assets: target(assetsService.port),
      customers: target(customersService.port),
      contracts: target(contractsService.port),
      billing: target(billingService.port),
      payments: target(paymentsService.port),
    }),
  });

  const assets = createClient<AssetsServiceDefinition>(
    AssetsServiceClient,
    target(assetsService.port),
  );
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    target(customersService.port),
  );
  const contracts = createClient<LeaseServiceDefinition>(
    LeaseServiceClient,
    target(contractsService.port),
  );
  const apiClients = createClient<ApiClientServiceDefinition>(
    ApiClientServiceClient,
    target(service.port),
  );
  const system: Caller = {
    actor: "system:test",
    orgId: "system",
    siteIds: "all",
    roles: ["system"],
  };
  const organisation = async (code: string) =>
    (await assets.CreateOrganisation({ code, name: code }, { caller: system })).organisation!.id;
  const orgId = await organisation(`ORG-${label}`);
  const otherOrgId = await organisation(`OTHER-${label}`);
  const hq: Caller = { actor: "usr_hq", orgId, siteIds: "all", roles: ["hq_admin"] };
  const site = async (caller: Caller, code: string) =>
    (
      await assets.CreateSite(
        {
          code,
          name: `上海花园 ${code}`,
          kind: "SITE_KIND_RESIDENTIAL",
          timeZone: "Asia/Shanghai",
          currencyCode: "CNY",
          address: `${code} 路 1 号`,
        },
        { caller },
      )
    ).site!.id;
  const siteA = await site(hq, "A");
  const siteB = await site(hq, "B");
  const foreignSite = await site({ ...hq, actor: "usr_other", orgId: otherOrgId }, "C");
  const edgeClients: Client[] = [];

  return {
    service,
    financeDatabaseUrl: financeDb.url,
    bus,
    deps: service.deps,
    apiClients,
    assets,
    customers,
    contracts,
    certs,
    orgId,
    hq,
    siteA,
    siteB,
    foreignSite,
    async newApiClient(input) {
      const { client, secret } = await apiClients.CreateApiClient(
        {
          name: "ERP",
          siteIds: input.siteIds ?? [],
          allSites: input.allSites ?? false,
          canPost: input.canPost ?? false,
          expiresAt: input.expiresAt ?? "",
          requestsPerMinute: input.requestsPerMinute ?? 0,
        },
        { caller: hq },
      );
      return {
        client: client!,
        secret,
        bearer: `Bearer ${client!.id}.${secret}`,
        edge: {
          id: client!.id,
          orgId: client!.orgId,
          siteIds: client!.siteIds,
          allSites: client!.allSites,
          canPost: client!.canPost,
          requestsPerMinute: client!.requestsPerMinute,
        },
      };
    },
    edgeClient(clientOptions = {}) {
      const pair =
        clientOptions.clientCert === "ours"
          ? [certs.clientKey, certs.clientCert]
          : clientOptions.clientCert === "stranger"
            ? [certs.strangerKey, certs.strangerCert]
            : [];
      const tls = credentials.createSsl(
        Buffer.from(certs.caCert),
        pair[0] ? Buffer.from(pair[0]) : null,
        pair[1] ? Buffer.from(pair[1]) : null,
      );
      const client = new FinanceServiceClient(`localhost:${service.edgePort}`, tls);
      edgeClients.push(client);
      return client;
    },
    async seedSite(siteId, n) {
      const { unit } = await assets.CreateUnit(
        {
          siteId,
          code: `U-${n}`,
          name: `Flat ${n}`,
          kind: "UNIT_KIND_APARTMENT",
          floor: "12",
          grossAreaM2: "85.50",
          listRentMonthlyMinor: 650_000,
        },
        { caller: hq },
      );
      const { customer } = await customers.CreateCustomer(
        {
          siteId,
          kind: "CUSTOMER_KIND_PERSON",
          name: `王伟 ${n}`,
          idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
          idNumber: `E1234567${n}`,
          phones: ["13800000000"],
        },
        { caller: hq },
      );
      const { lease } = await contracts.CreateLease(
        {
          siteId,
          reference: `HT-2026-${String(n).padStart(3, "0")}`,
          customerId: customer!.id,
          unitIds: [unit!.id],
          startDate: "2026-01-01",
          endDate: "2027-12-31",
          terms: termsToProto(monthlyTerms),
        },
        { caller: hq },
      );
      return { unitId: unit!.id, customerId: customer!.id, leaseId: lease!.id };
    },
    async close() {
      for (const client of edgeClients) client.close();
      for (const client of [apiClients, assets, customers, contracts]) client.close();
      await service.close(1_000);
      await paymentsService.close(1_000);
      await billingService.close(1_000);
      await contractsService.close(1_000);
      await customersService.close(1_000);
      await assetsService.close(1_000);
      await bus.close();
      certs.remove();
      await Promise.all([
        assetsDb.close(),
        customersDb.close(),
        contractsDb.close(),
        billingDb.close(),
        paymentsDb.close(),
        financeDb.close(),
      ]);
    },
  };
}

/** What a unary call on a raw client ended with: the response, or the error; and trailers. */
export interface CallOutcome {
  response: unknown;
  error: ServiceError | null;
  trailers: Metadata | null;
}

type UnaryFn = (
  request: object,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response: unknown) => void,
) => { on(event: "status", listener: (status: { metadata: Metadata }) => void): void };

/** Calls a unary method of a raw grpc-js client with the given metadata. */
export function unary(
  client: Client,
  method: string,
  request: object,
  headers: Record<string, string> = {},
): Promise<CallOutcome> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return new Promise((resolve) => {
    let trailers: Metadata | null = null;
    let settled: Omit<CallOutcome, "trailers"> | null = null;
    const finish = () => {
      if (settled && trailers) resolve({ ...settled, trailers });
    };
    const fn = (client as unknown as Record<string, UnaryFn>)[method]!;
    const call = fn.call(
      client,
      request,
      metadata,
      { deadline: Date.now() + 20_000 },
      (error: ServiceError | null, response: unknown) => {
        settled = { response, error };
        trailers ??= error?.metadata ?? null;
        if (error) resolve({ response, error, trailers: error.metadata });
        else finish();
      },
    );
    call.on("status", (status: { metadata: Metadata }) => {
      trailers = status.metadata;
      finish();
    });
  });
}

/** Awaits a failure of a typed client call: its kind and the fields it names. */
export async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) {
      return {
        kind: error.kind,
        fields: error.details.map((d) => d.field),
        message: error.message,
      };
    }
    throw error;
  }
  throw new Error("expected the call to fail");
}

const buf = new URL("../../../node_modules/.bin/buf", import.meta.url).pathname;

/**
 * `buf curl` of one edge method over TLS (trusting the test CA) with a bearer credential, as
 * docs/integration.md shows it; answers the JSON it printed.
 */
export async function bufCurl(
  h: Pick<Harness, "certs" | "service">,
  bearer: string,
  method: string,
  request: unknown,
): Promise<unknown> {
  const headerFile = join(h.certs.dir, `headers-${randomBytes(4).toString("hex")}.txt`);
  writeFileSync(headerFile, `authorization: ${bearer}\n`);
  const { stdout } = await promisify(execFile)(buf, [
    "curl",
    "--protocol",
    "grpc",
    "--cacert",
    join(h.certs.dir, "ca.crt"),
    "--header",
    `@${headerFile}`,
    "--data",
    JSON.stringify(request),
    `https://localhost:${h.service.edgePort}/slms.finance.v1.FinanceService/${method}`,
  ]);
  return JSON.parse(stdout);
}
