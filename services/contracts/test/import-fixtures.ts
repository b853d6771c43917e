import { loadavg } from "node:os";
import { type EventEnvelope, termsToProto, type WireTerms } from "@slms/contracts";
import { DomainError } from "@slms/errors";
import { expect } from "vitest";
import type { Harness } from "./harness.ts";
import { monthlyTerms } from "./harness.ts";

/** Terms with a fee, rent-free days and escalation: what an import must keep exactly. */
export const richTerms: WireTerms = {
  ...monthlyTerms,
  alignment: "calendar",
  escalation: { kind: "fixed_percent", basisPoints: 300 },
  rentFree: [{ from: "2026-01-01", to: "2026-01-15" }],
  fees: [
    { feeCode: "management", basis: "per_m2_month", amountMinor: 800, areaHundredths: 12_000 },
  ],
};

let sequence = 0;

/** A lease row of an import, over the given units, for the harness's customer. */
export function leaseRow(
  h: Harness,
  unitIds: string[],
  overrides: Partial<{
    key: string;
    reference: string;
    customerId: string;
    startDate: string;
    endDate: string;
    billingStartsOn: string;
    terms: WireTerms;
  }> = {},
) {
  const n = ++sequence;
  return {
    key: overrides.key ?? `onb_leases_${n}`,
    reference: overrides.reference ?? `IMP-${n}`,
    customerId: overrides.customerId ?? h.customerId,
    unitIds,
    startDate: overrides.startDate ?? "2026-01-01",
    endDate: overrides.endDate ?? "2027-12-31",
    billingStartsOn: overrides.billingStartsOn ?? "",
    terms: termsToProto(overrides.terms ?? monthlyTerms),
  };
}

/** A fresh batch id. */
export const newBatchId = () => `bat_${Date.now().toString(36)}_${++sequence}`;

/** The DomainError a call fails with. */
export async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** The fields a failure names. */
export const fields = (error: DomainError) => error.details.map((d) => d.field);

/** The `contracts.lease.activated` events the bus carried for a lease. */
export const activatedOf = (h: Harness, leaseId: string): EventEnvelope[] =>
  h.events.filter((e) => e.type === "contracts.lease.activated" && e.data.leaseId === leaseId);

/** What the contracts database holds of these leases: rows, units, versions, events. */
export async function stored(h: Harness, leaseIds: readonly string[]) {
  const ids = [...leaseIds];
  const [leases, units, versions, events] = await Promise.all([
    h.db.lease.count({ where: { id: { in: ids } } }),
    h.db.leaseUnit.count({ where: { leaseId: { in: ids } } }),
    h.db.leaseVersion.count({ where: { leaseId: { in: ids } } }),
    h.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE data->>'leaseId' = ANY($1::text[])`,
      ids,
    ),
  ]);
  return { leases, units, versions, events: events[0]!.n };
}

/**
 * Runs `call` and prints, as information only, its wall time, the CPU time of this process (the
 * services under test run in it; PostgreSQL's time is not counted) and the machine's load.
 */
export async function timed<T>(what: string, call: () => Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await call();
  const wall = Math.round(performance.now() - started);
  const used = process.cpuUsage(cpu);
  const cpuMs = Math.round((used.user + used.system) / 1000);
  console.info(
    `ImportLeases, ${what}: ${wall} ms (CPU of the test process ${cpuMs} ms; load average ${loadavg()[0]!.toFixed(1)})`,
  );
  return result;
}
