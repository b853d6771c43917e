import { randomUUID } from "node:crypto";
import type { EventEnvelope } from "@slms/contracts";
import { createPrismaClient } from "@slms/db";
import type { Caller } from "@slms/grpc";
import { createLogger } from "@slms/logging";
import { createTestDatabase } from "@slms/testing";
import type { ReportingDeps } from "../src/deps.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { migrationsDir } from "../src/service.ts";

export const orgId = "org_report";
export const hq: Caller = { actor: "usr_hq", orgId, siteIds: "all", roles: ["hq_admin"] };
export const staffAt = (...siteIds: string[]): Caller => ({
  actor: "usr_staff",
  orgId,
  siteIds,
  roles: ["site_manager"],
});

/** A database of its own and the use-cases' deps on it, with a clock the test moves. */
export async function readModels(label: string) {
  const database = await createTestDatabase({ migrationsDir, label });
  const db = createPrismaClient(PrismaClient, { url: database.url, poolMax: 4 });
  const now = { value: new Date("2026-06-15T04:00:00Z") };
  const deps: ReportingDeps = {
    db,
    logger: createLogger({ service: `${label}-test`, level: "silent" }),
    clock: () => now.value,
  };
  return {
    deps,
    now,
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
  occurredAt = "2026-06-01T02:00:00.000Z",
  org = orgId,
): EventEnvelope {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt,
    orgId: org,
    siteId,
    actor: "usr_someone",
    traceparent: null,
    data,
  };
}

export function unitCreated(
  siteId: string,
  unitId: string,
  options: { kind?: string; area?: string; buildingId?: string | null; at?: string } = {},
): EventEnvelope {
  return event(
    "assets.unit.created",
    siteId,
    {
      unitId,
      siteId,
      buildingId: options.buildingId ?? null,
      code: unitId,
      name: unitId,
      kind: options.kind ?? "office",
      grossAreaM2: options.area ?? "100.00",
      usableAreaM2: options.area ?? "100.00",
      listRentMonthlyMinor: 1_000_000,
      currency: "CNY",
      status: "vacant",
    },
    options.at,
  );
}

export function statusChanged(
  siteId: string,
  unitId: string,
  from: string,
  to: string,
  changedAt: string,
  kind = "office",
): EventEnvelope {
  return event(
    "assets.unit.status_changed",
    siteId,
    { unitId, siteId, kind, from, to, reason: "test", changedAt },
    changedAt,
  );
}

export function siteCreated(siteId: string, timeZone: string, at = "2026-05-01T00:00:00.000Z") {
  return event(
    "assets.site.created",
    siteId,
    { siteId, code: siteId, name: siteId, kind: "office", timeZone, currency: "CNY", address: "" },
    at,
  );
}

export function paymentEvent(
  type: "payments.payment.recorded" | "payments.payment.reversed",
  siteId: string,
  paymentId: string,
  options: { amountMinor: number; receivedAt: string; method?: string; actor?: string },
): EventEnvelope {
  return {
    ...event(type, siteId, {
      paymentId,
      siteId,
      customerId: "cus_1",
      leaseId: null,
      method: options.method ?? "wechat_pay",
      amountMinor: options.amountMinor,
      currency: "CNY",
      receivedAt: options.receivedAt,
      receiptNumber: `R-${paymentId}`,
      ...(type === "payments.payment.reversed" ? { reason: "entered twice" } : {}),
    }),
    actor: options.actor ?? "usr_cashier",
  };
}

/** A lease snapshot event (activated, renewed or amended) with one terms version. */
export function leaseEvent(
  type: "contracts.lease.activated" | "contracts.lease.amended",
  siteId: string,
  leaseId: string,
  options: {
    unitIds: string[];
    startDate: string;
    endDate: string;
    rent:
      | { kind: "per_period"; amountMinor: number }
      | { kind: "per_m2_month"; rateMinorPerM2: number; areaHundredths: number };
    frequency?: "monthly" | "quarterly" | "semi_annual" | "annual";
    escalation?:
      | { kind: "none" }
      | { kind: "fixed_percent"; basisPoints: number }
      | { kind: "stepped"; steps: { from: string; value: number }[] };
    version?: number;
    at?: string;
  },
): EventEnvelope {
  const version = options.version ?? 1;
  const terms = {
    currency: "CNY",
    frequency: options.frequency ?? "monthly",
    alignment: "calendar",
    rent: options.rent,
    escalation: options.escalation ?? { kind: "none" },
    rentFree: [],
    billLeadDays: 10,
    dueDay: 5,
    depositMinor: 0,
    fees: [],
    lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 },
    penalty: { kind: "none" },
  };
  return event(
    type,
    siteId,
    {
      leaseId,
      siteId,
      customerId: "cus_1",
      unitIds: options.unitIds,
      reference: leaseId,
      startDate: options.startDate,
      endDate: options.endDate,
      currency: "CNY",
      timeZone: "Asia/Shanghai",
      predecessorId: null,
      versions: [{ version, effectiveFrom: options.startDate, terms }],
      schedule: [],
      ...(type === "contracts.lease.amended" ? { version, effectiveFrom: options.startDate } : {}),
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
  options: {
    amountMinor: number;
    dueDate: string;
    periodStart?: string;
    feeCode?: string;
    customerId?: string;
    leaseId?: string;
    issuedAt?: string;
  },
) {
  const bill = {
    billId,
    siteId,
    leaseId: options.leaseId ?? "lea_1",
    customerId: options.customerId ?? "cus_1",
    feeCode: options.feeCode ?? "rent",
    kind: "charge",
    periodStart: options.periodStart ?? options.dueDate,
    periodEnd: options.periodStart ?? options.dueDate,
    issueDate: options.periodStart ?? options.dueDate,
    dueDate: options.dueDate,
    currency: "CNY",
  };
  const state = { version: 0, amountMinor: options.amountMinor, allocatedMinor: 0, waivedMinor: 0 };
  return {
    issued: () =>
      event(
        "billing.bill.issued",
        siteId,
        { ...bill, amountMinor: options.amountMinor },
        options.issuedAt ?? `${bill.issueDate}T00:00:00.000Z`,
      ),
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

export function customerEvent(siteId: string, customerId: string, name: string): EventEnvelope {
  return event("customers.customer.created", siteId, {
    customerId,
    siteId,
    kind: "company",
    name,
    phones: [],
    email: "",
    tags: [],
    consentSms: false,
    consentEmail: false,
  });
}
