import {
  NotificationsServiceClient,
  type NotificationsServiceDefinition,
} from "@slms/contracts/notifications";
import { createClient, type GrpcClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createRabbitBus, type RabbitBus } from "@slms/messaging";
import { createTestBroker, createTestDatabase, waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsDir, startNotificationsService } from "../src/service.ts";
import { startSmtpServer } from "./smtp-server.ts";
import {
  billingRunCompleted,
  customerEvent,
  hq,
  importFinished,
  paymentEvent,
  siteCreated,
  staffAt,
  userAt,
  userCreated,
  waiverRequested,
} from "./support.ts";

// The whole service: events over the machine's RabbitMQ (inbox), the dispatcher woken by what
// they queue, e-mail to a real SMTP server, and the gRPC API with the caller in metadata.
const logger = createLogger({ service: "notifications-grpc-test", level: "silent" });
const broker = createTestBroker();
const closers: (() => Promise<unknown> | unknown)[] = [];
let bus: RabbitBus;
let client: GrpcClient<NotificationsServiceDefinition>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let service: Awaited<ReturnType<typeof startNotificationsService>>;

beforeAll(async () => {
  const database = await createTestDatabase({ migrationsDir, label: "ntf_grpc" });
  smtp = await startSmtpServer();
  closers.push(
    () => database.close(),
    () => broker.close(),
    () => smtp.close(),
  );
  broker.name("notifications.events");
  bus = await createRabbitBus({
    url: broker.url,
    exchange: broker.exchange,
    queuePrefix: broker.exchange,
    logger,
    connectionName: "notifications-grpc-test",
  });
  closers.unshift(() => bus.close());
  service = await startNotificationsService({
    databaseUrl: database.url,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    channels: {
      smtp: { host: "127.0.0.1", port: smtp.port, from: "billing@example.com" },
      webhooks: false,
    },
    receiptUrl: "https://slms.example.com/api/v1/payments/{paymentId}/receipt.pdf",
    schedulerIntervalMs: 0,
    dispatchIntervalMs: 60_000,
    // 10:00 in Shanghai: not in the quiet hours.
    clock: () => new Date("2026-03-05T02:00:00Z"),
  });
  closers.unshift(() => service.close(1_000));
  client = createClient<NotificationsServiceDefinition>(
    NotificationsServiceClient,
    `127.0.0.1:${service.port}`,
  );
  closers.unshift(() => client.close());
  await bus.publish([
    siteCreated("sit_g"),
    customerEvent("sit_g", "cus_1", { email: "tenant@example.com" }),
  ]);
  // The tests' events need the site and the tenant's address: a payment handled first (the
  // consumer may take several messages at once) would find no one to e-mail.
  await waitFor(
    async () =>
      (await service.deps.db.siteFact.findUnique({ where: { siteId: "sit_g" } })) &&
      (await service.deps.db.customerFact.findUnique({ where: { customerId: "cus_1" } })),
    { description: "the site and the tenant known" },
  );
});

afterAll(async () => {
  for (const close of closers) await close();
});

describe("notifications over RabbitMQ and gRPC", () => {
  it("e-mails a payment's receipt once, however often the event is delivered", async () => {
    const recorded = paymentEvent("payments.payment.recorded", "sit_g", "pay_1", {
      amountMinor: 880_000,
    });
    await bus.publish([recorded]);
    const mail = await waitFor(
      () => smtp.received.find((m) => m.to.includes("tenant@example.com")),
      {
        timeoutMs: 45_000,
        description: "the receipt e-mail",
      },
    );
    expect(mail.mail.subject).toBe("【Site sit_g】收款确认 R-pay_1");
    expect(mail.mail.text).toContain("¥8,800.00");
    expect(mail.mail.text).toContain("https://slms.example.com/api/v1/payments/pay_1/receipt.pdf");
    // The broker delivering the same event again, then another payment's: when the second
    // receipt has arrived the redelivery (queued before it) has been handled too.
    await bus.publish([recorded]);
    await bus.publish([
      paymentEvent("payments.payment.recorded", "sit_g", "pay_2", { amountMinor: 1 }),
    ]);
    await waitFor(() => smtp.received.find((m) => m.mail.subject?.includes("R-pay_2")), {
      timeoutMs: 45_000,
      description: "the second receipt",
    });
    expect(smtp.received.filter((m) => m.mail.subject?.includes("R-pay_1"))).toHaveLength(1);
    const log = await client.ListNotifications({ paymentId: "pay_1" }, { caller: hq });
    expect(log.notifications).toEqual([
      expect.objectContaining({
        status: "sent",
        channel: "email",
        recipient: "tenant@example.com",
        amount: { currencyCode: "CNY", amountMinor: 880_000 },
        attempts: 1,
      }),
    ]);
  }, 60_000);

  it("saves settings and templates, refusing an unknown variable with INVALID_ARGUMENT", async () => {
    const { settings } = await client.GetSiteSettings(
      { siteId: "sit_g" },
      { caller: staffAt("sit_g") },
    );
    expect(settings).toMatchObject({
      quietHoursStart: "21:00",
      quietHoursEnd: "08:00",
      customised: false,
    });
    const updated = await client.UpdateSiteSettings(
      { settings: { ...settings, dailyLimit: 5, language: "en" }, webhookSecret: "" },
      { caller: staffAt("sit_g") },
    );
    expect(updated.settings).toMatchObject({ dailyLimit: 5, language: "en", customised: true });
    const error = await client
      .PutTemplate(
        {
          template: {
            siteId: "sit_g",
            kind: "dunning",
            language: "en",
            channel: "sms",
            body: "Pay {{amount}} now, {{firstName}}",
          },
        },
        { caller: staffAt("sit_g") },
      )
      .catch((e) => e);
    expect(error).toMatchObject({
      kind: "invalid",
      details: [{ field: "template.body", message: expect.stringContaining('"firstName"') }],
    });
    await expect(
      client.GetSiteSettings({ siteId: "sit_g" }, { caller: staffAt("sit_other") }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });

  it("keeps each staff user's own inbox: listed, counted, marked read; e-mailed too", async () => {
    await bus.publish([
      siteCreated("sit_h"),
      userCreated("usr_fin_h", {
        memberships: [{ siteId: "sit_h", role: "finance" }],
        email: "fin.h@example.com",
      }),
      userCreated("usr_mgr_h", {
        memberships: [{ siteId: "sit_h", role: "site_manager" }],
        email: "mgr.h@example.com",
      }),
    ]);
    // Users are announced long before the facts they hear of; here, wait for them as that order.
    await waitFor(async () => (await service.deps.db.staffUser.count()) === 2, {
      timeoutMs: 15_000,
      description: "the staff users",
    });
    const run = billingRunCompleted("brn_h", "sit_h");
    await bus.publish([run]);
    await bus.publish([run, waiverRequested("sit_h", "wav_h", "usr_fin_h")]);
    const fin = userAt("usr_fin_h", ["sit_h"], "finance");
    const mgr = userAt("usr_mgr_h", ["sit_h"]);
    await waitFor(
      async () => (await client.CountUnread({ siteId: "" }, { caller: mgr })).unread === 2,
      { timeoutMs: 15_000, description: "the run and the waiver in the manager's inbox" },
    );
    const mail = await waitFor(
      () => smtp.received.find((m) => m.to.includes("fin.h@example.com")),
      { timeoutMs: 15_000, description: "the billing run e-mail to finance" },
    );
    expect(mail.mail.subject).toBe("【Site sit_h】计费运行已完成：新开账单 12 张");
    const { items } = await client.ListInbox(
      { siteId: "", unreadOnly: false, pageSize: 0, pageToken: "" },
      { caller: fin },
    );
    // The run once, though delivered twice; the waiver is not for the one who asked for it.
    expect(items).toEqual([
      expect.objectContaining({
        siteId: "sit_h",
        kind: "billing_run_completed",
        subjectId: "brn_h",
        readAt: "",
        variables: expect.objectContaining({ issuedAmount: "¥60,000.00" }),
      }),
    ]);
    await expect(
      client.MarkInboxRead({ ids: [items[0]!.id], all: false, siteId: "" }, { caller: mgr }),
    ).rejects.toMatchObject({ kind: "not_found" });
    expect(
      await client.MarkInboxRead({ ids: [items[0]!.id], all: false, siteId: "" }, { caller: fin }),
    ).toEqual({ marked: 1 });
    expect(await client.CountUnread({ siteId: "" }, { caller: fin })).toEqual({ unread: 0 });
    expect(await client.MarkInboxRead({ ids: [], all: true, siteId: "" }, { caller: mgr })).toEqual(
      { marked: 2 },
    );
    await expect(client.CountUnread({ siteId: "sit_g" }, { caller: mgr })).rejects.toMatchObject({
      kind: "not_found",
    });
  });

  it("e-mails a finished import to the site's managers once, through the queue's binding", async () => {
    await bus.publish([
      siteCreated("sit_i"),
      userCreated("usr_mgr_i", {
        memberships: [{ siteId: "sit_i", role: "site_manager" }],
        email: "mgr.i@example.com",
      }),
    ]);
    await waitFor(
      async () => (await service.deps.db.staffUser.count({ where: { userId: "usr_mgr_i" } })) === 1,
      { timeoutMs: 15_000, description: "the site manager" },
    );
    const finished = importFinished("sit_i", "imp_i");
    await bus.publish([finished]);
    await bus.publish([finished]);
    // Another import's, failed: when its e-mail has arrived the redelivery has been handled too.
    await bus.publish([importFinished("sit_i", "imp_j", { status: "failed", error: "timeout" })]);
    const toManager = () => smtp.received.filter((m) => m.to.includes("mgr.i@example.com"));
    await waitFor(() => toManager().find((m) => m.mail.subject?.includes("失败")), {
      timeoutMs: 15_000,
      description: "the failed import's e-mail to the site manager",
    });
    const committed = toManager().filter((m) => m.mail.subject?.includes("已提交"));
    expect(committed.map((m) => m.mail.subject)).toEqual([
      "【Site sit_i】期初数据导入已提交：期初数据-A栋.xlsx",
    ]);
    expect(committed[0]!.mail.text).toContain("对账：与工作簿一致，精确到分。");
    const mgr = userAt("usr_mgr_i", ["sit_i"]);
    const { items } = await client.ListInbox(
      { siteId: "", unreadOnly: false, pageSize: 0, pageToken: "" },
      { caller: mgr },
    );
    expect(items.map((i) => [i.kind, i.subjectId, i.siteId]).sort()).toEqual([
      ["import_finished", "imp_i", "sit_i"],
      ["import_finished", "imp_j", "sit_i"],
    ]);
  });
});
