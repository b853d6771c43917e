import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "@slms/contracts";
import { createPrismaClient } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createTestDatabase } from "@slms/testing";
import type {
  OutgoingMessage,
  SendOutcome,
  Transport,
  Transports,
} from "../src/channels/transport.ts";
import type { NotificationsDeps } from "../src/deps.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { migrationsDir } from "../src/service.ts";

export const orgId = "org_notify";
export const hq: Caller = { actor: "usr_hq", orgId, siteIds: "all", roles: ["hq_admin"] };
export const staffAt = (...siteIds: string[]): Caller => ({
  actor: "usr_staff",
  orgId,
  siteIds,
  roles: ["site_manager"],
});

/**
 * A transport that keeps what it is given, for use-case tests that are not about a channel
 * (the channels have their own tests against real SMTP and HTTP servers). `answer` decides the
 * outcome of each send; by default every message is delivered.
 */
export function recordingTransport(
  answer: (message: OutgoingMessage) => SendOutcome | Promise<SendOutcome> = () => ({
    status: "sent",
    providerId: null,
  }),
): Transport & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    sent,
    async send(message) {
      const outcome = await answer(message);
      if (outcome.status === "sent") sent.push(message);
      return outcome;
    },
  };
}

/** A database of its own and the use-cases' deps on it, with a clock the test moves. */
export async function notificationsDb(label: string, transports: Transports = {}) {
  const database = await createTestDatabase({ migrationsDir, label });
  const db = createPrismaClient(PrismaClient, { url: database.url, poolMax: 6 });
  const now = { value: new Date("2026-03-01T02:00:00Z") };
  let queuedCalls = 0;
  const deps: NotificationsDeps = {
    db,
    logger: createLogger({ service: `${label}-test`, level: "silent" }),
    clock: () => now.value,
    transports,
    retry: { baseMs: 60_000, maxMs: 3_600_000, maxAttempts: 5 },
    claimTtlMs: 120_000,
    receipts: null,
    receiptUrl: (paymentId) => `https://slms.example.com/receipts/${paymentId}.pdf`,
    outboxDirectory: null,
    queued: () => {
      queuedCalls++;
    },
  };
  return {
    deps,
    now,
    url: database.url,
    queuedCalls: () => queuedCalls,
    async close() {
      await db.$disconnect();
      await database.close();
    },
  };
}

/** An event as a service's outbox would publish it. */
export function event(
  type: string,
  siteId: string,
  data: Record<string, unknown>,
  occurredAt = "2026-02-01T02:00:00.000Z",
): EventEnvelope {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt,
    orgId,
    siteId,
    actor: "usr_someone",
    traceparent: null,
    data,
  };
}

export function siteCreated(
  siteId: string,
  timeZone = "Asia/Shanghai",
  at = "2026-01-01T00:00:00.000Z",
) {
  return event(
    "assets.site.created",
    siteId,
    {
      siteId,
      code: siteId,
      name: `Site ${siteId}`,
      kind: "residential",
      timeZone,
      currency: "CNY",
      address: "",
    },
    at,
  );
}

export function customerEvent(
  siteId: string,
  customerId: string,
  options: {
    name?: string;
    email?: string;
    phones?: string[];
    consentSms?: boolean;
    consentEmail?: boolean;
    at?: string;
    type?: "customers.customer.created" | "customers.customer.updated";
  } = {},
): EventEnvelope {
  return event(
    options.type ?? "customers.customer.created",
    siteId,
    {
      customerId,
      siteId,
      kind: "person",
      name: options.name ?? "李伟",
      phones: options.phones ?? ["+86 138 0000 0001"],
      email: options.email ?? "li.wei@example.com",
      tags: [],
      consentSms: options.consentSms ?? true,
      consentEmail: options.consentEmail ?? true,
    },
    options.at,
  );
}

/**
 * A bill's events as billing publishes them: `issued()` (version 0), then each `change()` one
 * version on, with the deltas it moves and the state after.
 */
export function billHistory(
  siteId: string,
  billId: string,
  options: { amountMinor: number; dueDate: string; customerId?: string },
) {
  const bill = {
    billId,
    siteId,
    leaseId: "lea_1",
    customerId: options.customerId ?? "cus_1",
    feeCode: "rent",
    kind: "charge",
    periodStart: "2026-03-01",
    periodEnd: "2026-03-31",
    issueDate: "2026-02-20",
    dueDate: options.dueDate,
    currency: "CNY",
  };
  const state = { version: 0, amountMinor: options.amountMinor, allocatedMinor: 0, waivedMinor: 0 };
  return {
    issued: () =>
      event("billing.bill.issued", siteId, { ...bill, amountMinor: options.amountMinor }),
    change(
      change: "allocated" | "unallocated" | "waived" | "resized",
      deltas: { amount?: number; allocated?: number; waived?: number },
      at: string,
    ): EventEnvelope {
      state.version += 1;
      state.amountMinor += deltas.amount ?? 0;
      state.allocatedMinor += deltas.allocated ?? 0;
      state.waivedMinor += deltas.waived ?? 0;
      return event(
        "billing.bill.balance_changed",
        siteId,
        {
          ...bill,
          ...state,
          change,
          at,
          amountDeltaMinor: deltas.amount ?? 0,
          allocatedDeltaMinor: deltas.allocated ?? 0,
          waivedDeltaMinor: deltas.waived ?? 0,
        },
        at,
      );
    },
  };
}

export function paymentEvent(
  type: "payments.payment.recorded" | "payments.payment.reversed",
  siteId: string,
  paymentId: string,
  options: { amountMinor: number; customerId?: string; receivedAt?: string },
): EventEnvelope {
  return event(type, siteId, {
    paymentId,
    siteId,
    customerId: options.customerId ?? "cus_1",
    leaseId: "lea_1",
    method: "wechat_pay",
    amountMinor: options.amountMinor,
    currency: "CNY",
    receivedAt: options.receivedAt ?? "2026-03-05T03:00:00.000Z",
    receiptNumber: `R-${paymentId}`,
    ...(type === "payments.payment.reversed" ? { reason: "entered twice" } : {}),
  });
}

export function leaseExpiring(
  siteId: string,
  leaseId: string,
  daysLeft: 90 | 60 | 30,
  endDate = "2026-06-30",
): EventEnvelope {
  return event("contracts.lease.expiring", siteId, {
    leaseId,
    siteId,
    customerId: "cus_1",
    unitIds: ["unt_1"],
    endDate,
    daysLeft,
  });
}

/** The rows of the delivery log, oldest first, as compact tuples for assertions. */
export async function log(deps: NotificationsDeps) {
  const rows = await deps.db.notification.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    subject: `${row.subjectType}:${row.subjectId}`,
    step: row.step,
    channel: row.channel,
    audience: row.audience,
    recipient: row.recipient,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
  }));
}

/** `gateway.user.created` for a user with site memberships and/or an HQ role. */
export function userCreated(
  userId: string,
  options: {
    memberships?: { siteId: string; role: string }[];
    hqRole?: string | null;
    name?: string;
    email?: string;
    orgId?: string;
    at?: string;
  } = {},
): EventEnvelope {
  return {
    ...event(
      "gateway.user.created",
      "",
      {
        userId,
        email: options.email ?? `${userId}@staff.example.com`,
        name: options.name ?? userId,
        hqRole: options.hqRole ?? null,
        memberships: options.memberships ?? [],
      },
      options.at,
    ),
    siteId: null,
    orgId: options.orgId ?? orgId,
  };
}

/** `billing.run.completed` of a run of a site (null: every site). */
export function billingRunCompleted(
  runId: string,
  siteId: string | null,
  options: {
    failed?: boolean;
    totals?: { currency: string; issued: number; issuedMinor: number }[];
  } = {},
): EventEnvelope {
  const totals = options.totals ?? [{ currency: "CNY", issued: 12, issuedMinor: 6_000_000 }];
  return {
    ...event("billing.run.completed", siteId ?? "", {
      runId,
      siteId,
      siteIds: siteId ? [siteId] : ["sit_a", "sit_b"],
      targetDate: "2026-03-01",
      failed: options.failed ?? false,
      candidates: 12,
      done: 12,
      issued: totals.reduce((n, t) => n + t.issued, 0),
      issuedMinor: totals.reduce((n, t) => n + t.issuedMinor, 0),
      totals,
      startedBy: "usr_finance_a",
      startedAt: "2026-03-01T02:00:00.000Z",
      finishedAt: "2026-03-01T02:00:05.000Z",
    }),
    siteId,
  };
}

/** `billing.waiver.requested` of a waiver at a site, asked for by `requestedBy`. */
export function waiverRequested(
  siteId: string,
  waiverId: string,
  requestedBy: string,
  amountMinor = 150_000,
): EventEnvelope {
  return event("billing.waiver.requested", siteId, {
    waiverId,
    billId: "bil_w",
    siteId,
    customerId: "cus_1",
    leaseId: "lea_1",
    amountMinor,
    currency: "CNY",
    reason: "water damage",
    requestedBy,
    requestedAt: "2026-03-01T02:00:00.000Z",
  });
}

/** `onboarding.import.finished` of a go-live import of a site's workbook, committed or failed. */
export function importFinished(
  siteId: string,
  importId: string,
  options: { status?: "committed" | "failed"; reconciled?: boolean; error?: string } = {},
): EventEnvelope {
  const status = options.status ?? "committed";
  return event("onboarding.import.finished", siteId, {
    importId,
    siteId,
    status,
    fileName: "期初数据-A栋.xlsx",
    counts: { units: 120, customers: 95, leases: 98, arrears: 14, deposits: 90, prepayments: 6 },
    error: options.error ?? "",
    reconciled: options.reconciled ?? status === "committed",
  });
}

/** The in-app inbox items, as `user kind:subject step` strings, sorted. */
export async function inboxOf(deps: NotificationsDeps) {
  const rows = await deps.db.userInboxItem.findMany({
    orderBy: [{ userId: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => `${row.userId} ${row.kind}:${row.subjectId} ${row.step}`).sort();
}

/** A staff user as the gateway sends them: their own id as actor, their sites and role. */
export const userAt = (
  actor: string,
  siteIds: string[] | "all",
  role = "site_manager",
): Caller => ({
  actor,
  orgId,
  siteIds,
  roles: [role],
});

/**
 * A manager of sites A and B (usr_mgr) and one of A only (usr_mgr_a), known from the gateway's
 * events, with `count` billing runs of site A, then one of site B, one a minute from the clock's
 * time: their inbox items, oldest first.
 */
export async function inboxWorld(
  t: { deps: NotificationsDeps; now: { value: Date } },
  apply: (deps: NotificationsDeps, event: EventEnvelope) => Promise<unknown>,
  count = 3,
) {
  await apply(t.deps, siteCreated("sit_a"));
  await apply(t.deps, siteCreated("sit_b"));
  await apply(
    t.deps,
    userCreated("usr_mgr", {
      memberships: [
        { siteId: "sit_a", role: "site_manager" },
        { siteId: "sit_b", role: "site_manager" },
      ],
    }),
  );
  await apply(
    t.deps,
    userCreated("usr_mgr_a", { memberships: [{ siteId: "sit_a", role: "site_manager" }] }),
  );
  const start = t.now.value.getTime();
  for (let i = 0; i < count; i++) {
    t.now.value = new Date(start + i * 60_000);
    await apply(t.deps, billingRunCompleted(`brn_a${i}`, "sit_a"));
  }
  t.now.value = new Date(start + count * 60_000);
  await apply(t.deps, billingRunCompleted("brn_b", "sit_b"));
  return t.deps.db.userInboxItem.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}
