import type { EventEnvelope } from "@slms/contracts";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { createOutboxStore, createPrismaClient, runOnce } from "@slms/db";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createRabbitBus, type EventBus, type RabbitBus } from "@slms/messaging";
import { InMemorySpanExporter, startTelemetry } from "@slms/telemetry";
import { createTestBroker, createTestDatabase, waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { migrationsDir, type RunningAssetsService, startAssetsService } from "../src/service.ts";

const logger = createLogger({ service: "assets-outbox-test", level: "silent" });
const system: Caller = { actor: "system:test", orgId: "system", siteIds: "all", roles: ["system"] };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let broker: Awaited<ReturnType<typeof createTestBroker>>;
let bus: RabbitBus;
let service: RunningAssetsService;
let assets: GrpcClient<AssetsServiceDefinition>;
let consumerDb: PrismaClient;
let telemetry: ReturnType<typeof startTelemetry>;
const spans = new InMemorySpanExporter();
let queue: string;
const deliveries: EventEnvelope[] = [];
const effects: EventEnvelope[] = [];

// The relay's first publish of a unit event reaches the broker and then fails, as if the process died before
// marking the rows published: the relay publishes the same events again.
let failAfterPublishing = 1;

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: "assets-outbox-test", spanExporter: spans });
  database = await createTestDatabase({ migrationsDir, label: "assets_outbox" });
  broker = await createTestBroker();
  bus = await createRabbitBus({
    url: broker.url,
    exchange: broker.exchange,
    logger,
    connectionName: "assets-outbox-test",
  });
  queue = broker.name("units");
  consumerDb = createPrismaClient(PrismaClient, { url: database.url, poolMax: 4 });
  await bus.subscribe({
    queue,
    bindings: ["assets.unit.*"],
    handle: async (event) => {
      deliveries.push(event);
      // The consumer's effect and its inbox row commit together.
      await runOnce(consumerDb, queue, event.id, async () => {
        effects.push(event);
      });
    },
  });
  const flakyBus: EventBus = {
    ...bus,
    publish: async (events) => {
      await bus.publish(events);
      if (failAfterPublishing > 0 && events.some((e) => e.type.startsWith("assets.unit."))) {
        failAfterPublishing--;
        throw new Error("relay died after publishing, before marking");
      }
    },
  };
  service = await startAssetsService({
    databaseUrl: database.url,
    bus: flakyBus,
    logger,
    grpcAddress: "127.0.0.1:0",
  });
  assets = createClient<AssetsServiceDefinition>(AssetsServiceClient, `127.0.0.1:${service.port}`);
});

afterAll(async () => {
  assets?.close();
  await service?.close(1_000);
  await bus?.close();
  await consumerDb?.$disconnect();
  await broker?.close();
  await database?.close();
  await telemetry?.close();
});

describe("assets events through the outbox", () => {
  it("delivers a unit event exactly once in effect although the relay published it twice", async () => {
    const { organisation } = await assets.CreateOrganisation(
      { code: "EVT", name: "Events" },
      { caller: system },
    );
    const hq: Caller = {
      actor: "usr_hq",
      orgId: organisation!.id,
      siteIds: "all",
      roles: ["hq_admin"],
    };
    const { site } = await assets.CreateSite(
      {
        code: "S1",
        name: "S1",
        kind: "SITE_KIND_OFFICE",
        timeZone: "Asia/Shanghai",
        currencyCode: "CNY",
      },
      { caller: hq },
    );
    const { unit } = await assets.CreateUnit(
      {
        siteId: site!.id,
        code: "O-1",
        name: "Office 1",
        kind: "UNIT_KIND_OFFICE",
        grossAreaM2: "120",
        listRentMonthlyMinor: 1_200_000,
      },
      { caller: hq },
    );

    await waitFor(() => deliveries.length >= 2, { timeoutMs: 10_000 });
    const outbox = createOutboxStore(consumerDb);
    await waitFor(async () => (await outbox.pendingCount()) === 0, { timeoutMs: 10_000 });

    expect(deliveries.map((d) => d.id)).toEqual([deliveries[0]!.id, deliveries[0]!.id]);
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({
      type: "assets.unit.created",
      version: 1,
      orgId: organisation!.id,
      siteId: site!.id,
      actor: "usr_hq",
      data: {
        unitId: unit!.id,
        code: "O-1",
        kind: "office",
        grossAreaM2: "120.00",
        usableAreaM2: "120.00",
        listRentMonthlyMinor: 1_200_000,
        currency: "CNY",
        status: "vacant",
      },
    });
    // The trace of the CreateUnit call continues in the consumer, across the outbox and broker.
    const traceId = effects[0]!.traceparent?.split("-")[1];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const consumerSpans = spans
      .getFinishedSpans()
      .filter((s) => s.name === "assets.unit.created process");
    expect(consumerSpans.map((s) => s.spanContext().traceId)).toContain(traceId);
  });

  it("announces status changes with from, to and reason", async () => {
    const { organisation } = await assets.GetOrganisation({ code: "EVT" }, { caller: system });
    const hq: Caller = {
      actor: "usr_hq",
      orgId: organisation!.id,
      siteIds: "all",
      roles: ["hq_admin"],
    };
    const { sites } = await assets.ListSites({}, { caller: hq });
    const siteId = sites[0]!.id;
    const { units } = await assets.ListUnits({ siteId }, { caller: hq });
    await assets.ChangeUnitStatus(
      {
        siteId,
        id: units[0]!.id,
        status: "UNIT_STATUS_MAINTENANCE",
        reason: "air conditioning repair",
      },
      { caller: hq },
    );
    await waitFor(() => effects.some((e) => e.type === "assets.unit.status_changed"), {
      timeoutMs: 10_000,
    });
    expect(effects.find((e) => e.type === "assets.unit.status_changed")?.data).toMatchObject({
      unitId: units[0]!.id,
      from: "vacant",
      to: "maintenance",
      reason: "air conditioning repair",
    });
  });
});
