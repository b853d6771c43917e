import { randomBytes } from "node:crypto";
import type { EventEnvelope } from "@slms/contracts";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { createPrismaClient } from "@slms/db";
import { DomainError } from "@slms/errors";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { createTestDatabase, type TestDatabase } from "@slms/testing";
import { expect } from "vitest";
import type { CustomersDeps } from "../src/deps.ts";
import { createIdProtection, type IdProtectionKeys } from "../src/domain/id-protection.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import {
  migrationsDir,
  type RunningCustomersService,
  startCustomersService,
} from "../src/service.ts";

/** A customers service on its own database and in-process bus, with a client and a DB handle. */
export interface Harness {
  customers: GrpcClient<CustomersServiceDefinition>;
  /** Direct access to the service's tables, to check what is stored. */
  db: PrismaClient;
  database: TestDatabase;
  service: RunningCustomersService;
  /** The service's keys, to start another instance on the same database. */
  keys: IdProtectionKeys;
  /**
   * The use-cases' dependencies on the same database and keys, to call a use-case directly
   * (for input gRPC cannot carry, such as lone UTF-16 surrogates).
   */
  deps: CustomersDeps;
  /** Every event the service published, in order. */
  events: EventEnvelope[];
  close(): Promise<void>;
}

export async function startHarness(label: string): Promise<Harness> {
  const logger = createLogger({ service: `${label}-test`, level: "silent" });
  const database = await createTestDatabase({ migrationsDir, label });
  const bus = createInProcessBus({ logger });
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    queue: "test.customers",
    bindings: ["customers.#"],
    handle: async (event) => {
      events.push(event);
    },
  });
  const keys = { encryptionKey: randomBytes(32), hmacKey: randomBytes(32) };
  const service = await startCustomersService({
    databaseUrl: database.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    ...keys,
  });
  const customers = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    `127.0.0.1:${service.port}`,
  );
  const db = createPrismaClient(PrismaClient, { url: database.url, poolMax: 2 });
  return {
    customers,
    db,
    database,
    service,
    keys,
    deps: { db, idProtection: createIdProtection(keys), outboxWritten: () => {} },
    events,
    async close() {
      customers.close();
      await service.close(1_000);
      await bus.close();
      await db.$disconnect();
      await database.close();
    },
  };
}

/** Callers of organisation `org`: HQ admin, HQ auditor, and per-site staff. */
export function callers(org: string, siteA: string, siteB: string) {
  const at = (actor: string, sites: string[] | "all", roles: string[]): Caller => ({
    actor,
    orgId: org,
    siteIds: sites,
    roles,
  });
  return {
    hq: at("usr_hq", "all", ["hq_admin"]),
    auditor: at("usr_auditor", "all", ["hq_auditor"]),
    managerA: at("usr_manager_a", [siteA], ["site_manager"]),
    clerkA: at("usr_clerk_a", [siteA], ["clerk"]),
    clerkB: at("usr_clerk_b", [siteB], ["clerk"]),
  };
}

/** Asserts a call fails with a DomainError of `kind`, naming exactly `fields` (any order). */
export async function expectError(
  promise: Promise<unknown>,
  kind: DomainError["kind"],
  fields: string[] = [],
): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).kind).toBe(kind);
  if (fields.length > 0) {
    expect((error as DomainError).details.map((d) => d.field).sort()).toEqual([...fields].sort());
  }
  return error as DomainError;
}

/** Valid identity numbers (check characters computed per GB 11643 / GB 32100). */
export const ids = {
  residentA: "11010519491231002X",
  residentB: "440308199001010017",
  residentC: "110101199003070011",
  residentD: "310115198512121236",
  residentE: "510104198808088883",
  creditCode: "91350100M000100Y43",
  creditCode2: "91440300708461136T",
  passport: "E12345678",
} as const;
