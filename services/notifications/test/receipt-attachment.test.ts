import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { migrationsDir as assetsMigrations, startAssetsService } from "@slms/assets";
import { AssetsServiceClient, type AssetsServiceDefinition } from "@slms/contracts/assets";
import { CustomersServiceClient, type CustomersServiceDefinition } from "@slms/contracts/customers";
import { PaymentServiceClient, type PaymentServiceDefinition } from "@slms/contracts/payments";
import { migrationsDir as customersMigrations, startCustomersService } from "@slms/customers";
import { type Caller, createClient } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createInProcessBus } from "@slms/messaging";
import { migrationsDir as paymentsMigrations, startPaymentsService } from "@slms/payments";
import { createTestDatabase, waitFor } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsReceiptSource } from "../src/channels/receipt-pdf.ts";
import { createSmtpTransport } from "../src/channels/smtp.ts";
import { eventSubscription } from "../src/events/consumer.ts";
import { dispatchNotifications } from "../src/use-cases/dispatch-notifications.ts";
import { startSmtpServer } from "./smtp-server.ts";
import { notificationsDb } from "./support.ts";

// Receipt e-mails with the receipt PDF from a real payments service (with the real assets and
// customers services it asks, each on its own test database), the events reaching notifications
// over the in-process bus as the services publish them, and a real SMTP server that parses what
// it receives. Billing and contracts are not needed for a payment without a lease.
const logger = createLogger({ service: "ntf-receipt-test", level: "silent" });
const closers: (() => Promise<unknown> | unknown)[] = [];
let t: Awaited<ReturnType<typeof notificationsDb>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let paymentsTarget: string;
let record: (amountMinor: number) => Promise<{ id: string; receiptNumber: string }>;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("port")),
      );
    });
  });
}

beforeAll(async () => {
  const [assetsDb, customersDb, paymentsDb] = await Promise.all([
    createTestDatabase({ migrationsDir: assetsMigrations, label: "ntf_receipt_assets" }),
    createTestDatabase({ migrationsDir: customersMigrations, label: "ntf_receipt_customers" }),
    createTestDatabase({ migrationsDir: paymentsMigrations, label: "ntf_receipt_payments" }),
  ]);
  closers.push(
    () => assetsDb.close(),
    () => customersDb.close(),
    () => paymentsDb.close(),
  );
  smtp = await startSmtpServer();
  closers.unshift(() => smtp.close());
  const email = createSmtpTransport({
    host: "127.0.0.1",
    port: smtp.port,
    from: "cashier@example.com",
  });
  closers.unshift(() => email.close?.());
  t = await notificationsDb("ntf_receipt", { email });
  closers.unshift(() => t.close());
  const bus = createInProcessBus({ logger });
  closers.unshift(() => bus.close());
  await bus.subscribe(eventSubscription(t.deps));
  const [assets, customers] = await Promise.all([
    startAssetsService({
      databaseUrl: assetsDb.url,
      poolMax: 3,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      statusSyncIntervalMs: 0,
    }),
    startCustomersService({
      databaseUrl: customersDb.url,
      poolMax: 3,
      bus,
      logger,
      grpcAddress: "127.0.0.1:0",
      encryptionKey: randomBytes(32),
      hmacKey: randomBytes(32),
    }),
  ]);
  closers.unshift(
    () => assets.close(1_000),
    () => customers.close(1_000),
  );
  const nowhere = `127.0.0.1:${await freePort()}`;
  const payments = await startPaymentsService({
    databaseUrl: paymentsDb.url,
    poolMax: 3,
    bus,
    logger,
    grpcAddress: "127.0.0.1:0",
    billingTarget: nowhere,
    contractsTarget: nowhere,
    assetsTarget: `127.0.0.1:${assets.port}`,
    customersTarget: `127.0.0.1:${customers.port}`,
    allocationRetryIntervalMs: 0,
    billingDeadlineMs: 1_000,
  });
  closers.unshift(() => payments.close(1_000));
  paymentsTarget = `127.0.0.1:${payments.port}`;

  const assetsClient = createClient<AssetsServiceDefinition>(
    AssetsServiceClient,
    `127.0.0.1:${assets.port}`,
  );
  const customersClient = createClient<CustomersServiceDefinition>(
    CustomersServiceClient,
    `127.0.0.1:${customers.port}`,
  );
  const paymentsClient = createClient<PaymentServiceDefinition>(
    PaymentServiceClient,
    paymentsTarget,
    { deadlineMs: 30_000 },
  );
  closers.unshift(
    () => assetsClient.close(),
    () => customersClient.close(),
    () => paymentsClient.close(),
  );
  const system: Caller = {
    actor: "system:test",
    orgId: "system",
    siteIds: "all",
    roles: ["system"],
  };
  const { organisation } = await assetsClient.CreateOrganisation(
    { code: "ORG-NTF-RECEIPT", name: "Receipts" },
    { caller: system },
  );
  const hq: Caller = {
    actor: "usr_hq",
    orgId: organisation!.id,
    siteIds: "all",
    roles: ["hq_admin"],
  };
  const { site } = await assetsClient.CreateSite(
    {
      code: "SH-GARDEN",
      name: "浦东花园",
      kind: "SITE_KIND_RESIDENTIAL",
      timeZone: "Asia/Shanghai",
      currencyCode: "CNY",
    },
    { caller: hq },
  );
  const { customer } = await customersClient.CreateCustomer(
    {
      siteId: site!.id,
      kind: "CUSTOMER_KIND_PERSON",
      name: "李伟",
      idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
      idNumber: `E${randomBytes(5).toString("hex").toUpperCase()}`,
      email: "li.wei@example.com",
      consentEmail: true,
    },
    { caller: hq },
  );
  const cashier: Caller = { ...hq, actor: "usr_cashier", siteIds: [site!.id], roles: ["cashier"] };
  record = async (amountMinor) => {
    const { payment } = await paymentsClient.RecordPayment(
      {
        siteId: site!.id,
        requestId: `usr_cashier:${randomUUID()}`,
        customerId: customer!.id,
        method: "PAYMENT_METHOD_WECHAT_PAY",
        amountMinor,
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        payer: "李伟",
      },
      { caller: cashier },
    );
    // Queued once notifications heard of the payment (and of its customer, before it).
    await waitFor(
      async () =>
        (await t.deps.db.notification.count({
          where: { subjectId: payment!.id, recipient: "li.wei@example.com" },
        })) === 1,
      { timeoutMs: 15_000, description: "the receipt e-mail queued" },
    );
    return { id: payment!.id, receiptNumber: payment!.receiptNumber };
  };
}, 120_000);

afterAll(async () => {
  for (const close of closers) await close();
});

const mailOf = (receiptNumber: string) =>
  waitFor(() => smtp.received.find((m) => m.mail.subject?.includes(receiptNumber)), {
    timeoutMs: 10_000,
    description: `the receipt ${receiptNumber}`,
  });
const logRow = (paymentId: string) =>
  t.deps.db.notification.findFirstOrThrow({ where: { subjectId: paymentId, channel: "email" } });

describe("receipt e-mails with the receipt PDF from payments", () => {
  it("attaches the PDF payments prints for the payment", async () => {
    const receipts = createPaymentsReceiptSource(paymentsTarget);
    t.deps.receipts = receipts;
    try {
      const payment = await record(880_000);
      expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 1, retrying: 0 });
      const { mail } = await mailOf(payment.receiptNumber);
      expect(mail.attachments).toHaveLength(1);
      const [pdf] = mail.attachments;
      expect(pdf).toMatchObject({
        filename: `receipt-${payment.receiptNumber}.pdf`,
        contentType: "application/pdf",
      });
      expect(pdf!.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(mail.text).toContain(`https://slms.example.com/receipts/${payment.id}.pdf`);
      expect(await logRow(payment.id)).toMatchObject({
        status: "sent",
        attachment: `receipt-${payment.receiptNumber}.pdf`,
        attachmentIssue: null,
      });
    } finally {
      receipts.close();
      t.deps.receipts = null;
    }
  });

  it("sends the link alone, saying why, when payments is not configured", async () => {
    const payment = await record(10_000);
    expect(await dispatchNotifications(t.deps)).toMatchObject({ sent: 1 });
    expect((await mailOf(payment.receiptNumber)).mail.attachments).toEqual([]);
    expect(await logRow(payment.id)).toMatchObject({
      attachment: null,
      attachmentIssue: "no payments service configured",
    });
  });

  it("retries while payments is unreachable, then sends the link rather than nothing", async () => {
    const receipts = createPaymentsReceiptSource(`127.0.0.1:${await freePort()}`, {
      deadlineMs: 2_000,
    });
    t.deps.receipts = receipts;
    const start = t.now.value;
    try {
      const payment = await record(20_000);
      const first = await dispatchNotifications(t.deps);
      expect(first).toMatchObject({ sent: 0, retrying: 1 });
      expect((await logRow(payment.id)).reason).toMatch(/^receipt pdf: payments: /);
      // The support retry policy: five tries, an hour apart at most.
      for (let i = 0; i < 4; i++) {
        t.now.value = new Date(t.now.value.getTime() + 3_600_000);
        await dispatchNotifications(t.deps);
      }
      const row = await logRow(payment.id);
      expect(row).toMatchObject({ status: "sent", attempts: 5, attachment: null });
      expect(row.attachmentIssue).toMatch(/^gave up after 5 tries: payments: /);
      expect((await mailOf(payment.receiptNumber)).mail.attachments).toEqual([]);
    } finally {
      receipts.close();
      t.deps.receipts = null;
      t.now.value = start;
    }
  });
});
