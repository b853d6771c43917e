import { createHash } from "node:crypto";
import { termsToProto, toProtoEnum } from "@slms/contracts";
import type { Caller } from "@slms/grpc";
import { startOfDayIn } from "@slms/primitives/zoned";
import type { Made, StepName } from "../db/jobs.ts";
import type { CustomerRef, LeaseRef, UnitRef } from "../domain/plan.ts";
import type { Owners } from "../sources.ts";
import type { PlanRows } from "./plan-rows.ts";

// A commit's steps: each owning service's part of the plan, sent in chunks as one import batch
// (the import's id), so a chunk sent again — after a crash, by a resumed commit — makes nothing
// twice. Each chunk answers the ids of what it made, which later steps name.

/** Rows per call: well inside the services' 10,000 and their deadlines. */
export const CHUNK = 2_000;

export interface StepContext {
  owners: Owners;
  caller: Caller;
  siteId: string;
  batchId: string;
  plan: PlanRows;
  goLive: string;
  timeZone: string;
  made: Made;
}

export interface ChunkResult {
  /** kind → row key → object id. */
  made: Made;
  rows: number;
}

/** How many rows a step sends in all. */
export function rowsOf(step: StepName, plan: PlanRows): number {
  const { counts } = plan;
  switch (step) {
    case "units":
    case "customers":
    case "leases":
    case "deposits":
      return counts[step];
    case "balances":
      return counts.arrears + counts.prepayments;
    case "release":
      return 5;
  }
}

const area = (hundredths: number) => (hundredths / 100).toFixed(2);

/**
 * The code of a building named in the workbook: the name itself where it makes a code (letters,
 * digits, `._/-`, spaces as `-`, at most 40), else `B-` and a hash of the name — the same every
 * time, so every unit naming it gets the same building.
 */
export function buildingCode(name: string): string {
  if (!name) return "";
  const code = name.trim().replace(/\s+/g, "-");
  if (/^[\p{L}\p{N}][\p{L}\p{N}._/-]{0,39}$/u.test(code)) return code;
  return `B-${createHash("sha256").update(name).digest("hex").slice(0, 12)}`;
}
const madeIds = (objects: readonly { key: string; id: string }[]) =>
  Object.fromEntries(objects.map((o) => [o.key, o.id]));

function idOf(made: Made, kind: string, key: string): string {
  const id = made[kind]?.[key];
  if (!id) throw new Error(`the ${kind} of row ${key} was not made by an earlier step`);
  return id;
}

const customerId = (made: Made, ref: CustomerRef) =>
  ref.in === "site" ? ref.customerId : idOf(made, "customer", ref.key);
const unitId = (made: Made, ref: UnitRef) =>
  ref.in === "site" ? ref.unitId : idOf(made, "unit", ref.key);
const leaseId = (made: Made, ref: LeaseRef) =>
  ref.in === "site" ? ref.leaseId : idOf(made, "lease", ref.key);

/** Sends the rows [from, from + CHUNK) of a step to its owning service. */
export async function sendChunk(
  step: Exclude<StepName, "release">,
  from: number,
  ctx: StepContext,
): Promise<ChunkResult> {
  const { owners, plan, made, siteId, batchId } = ctx;
  const call = { caller: ctx.caller };
  const at = (date: string) => startOfDayIn(date, ctx.timeZone).toISOString();
  switch (step) {
    case "units": {
      const rows = await plan.slice("units", from, CHUNK);
      const { units } = await owners.assets.ImportUnits(
        {
          siteId,
          batchId,
          units: rows.map((u) => ({
            key: u.key,
            buildingCode: buildingCode(u.building),
            buildingName: u.building,
            code: u.code,
            name: u.name,
            kind: toProtoEnum("UNIT_KIND", u.kind),
            floor: u.floor,
            grossAreaM2: area(u.grossAreaHundredths),
            usableAreaM2: area(u.usableAreaHundredths),
            listRentMonthlyMinor: u.listRentMonthlyMinor,
            // A leased unit is leased by its lease's hold (the leases step), not imported so.
            status: toProtoEnum("UNIT_STATUS", u.status === "leased" ? "vacant" : u.status),
          })),
        },
        call,
      );
      return { made: { unit: madeIds(units) }, rows: rows.length };
    }
    case "customers": {
      const rows = await plan.slice("customers", from, CHUNK);
      const { customers } = await owners.customers.ImportCustomers(
        {
          siteId,
          batchId,
          customers: rows.map((c) => ({
            key: c.key,
            kind: toProtoEnum("CUSTOMER_KIND", c.kind),
            name: c.name,
            idDocumentType: toProtoEnum("ID_DOCUMENT_TYPE", c.idDocumentType),
            idNumber: c.idNumber,
            phones: c.phones,
            email: c.email,
            emergencyContact: c.emergencyContact,
            tags: c.tags,
            consentSms: c.consentSms,
            consentEmail: c.consentEmail,
          })),
        },
        call,
      );
      return { made: { customer: madeIds(customers) }, rows: rows.length };
    }
    case "leases": {
      const rows = await plan.slice("leases", from, CHUNK);
      const { leases } = await owners.contracts.ImportLeases(
        {
          siteId,
          batchId,
          leases: rows.map((l) => {
            const { currency: _currency, ...terms } = l.terms;
            return {
              key: l.key,
              reference: l.reference,
              customerId: customerId(made, l.customer),
              unitIds: l.units.map((u) => unitId(made, u)),
              startDate: l.startDate,
              endDate: l.endDate,
              terms: termsToProto(terms),
              billingStartsOn: ctx.goLive,
            };
          }),
        },
        call,
      );
      return { made: { lease: madeIds(leases) }, rows: rows.length };
    }
    case "balances": {
      const arrears = await plan.slice("arrears", from, CHUNK);
      const rest = CHUNK - arrears.length;
      const start = Math.max(0, from - plan.counts.arrears);
      const prepayments = rest > 0 ? await plan.slice("prepayments", start, rest) : [];
      const result = await owners.billing.ImportOpeningBalances(
        {
          siteId,
          batchId,
          bills: arrears.map((a) => ({
            key: a.key,
            leaseId: leaseId(made, a.lease),
            customerId: customerId(made, a.customer),
            feeCode: a.feeCode,
            periodStart: a.periodStart,
            periodEnd: a.periodEnd,
            dueDate: a.dueDate,
            amountMinor: a.amountMinor,
            note: a.note,
          })),
          prepayments: prepayments.map((p) => ({
            key: p.key,
            customerId: customerId(made, p.customer),
            leaseId: p.lease ? leaseId(made, p.lease) : "",
            amountMinor: p.amountMinor,
            effectiveAt: at(p.receivedDate),
          })),
        },
        call,
      );
      return {
        made: { bill: madeIds(result.bills), prepayment: madeIds(result.prepayments) },
        rows: arrears.length + prepayments.length,
      };
    }
    case "deposits": {
      const rows = await plan.slice("deposits", from, CHUNK);
      const { deposits } = await owners.payments.ImportDeposits(
        {
          siteId,
          batchId,
          deposits: rows.map((d) => ({
            key: d.key,
            leaseId: leaseId(made, d.lease),
            customerId: customerId(made, d.customer),
            amountMinor: d.amountMinor,
            receivedAt: at(d.receivedDate),
            reference: d.reference,
            method: toProtoEnum("PAYMENT_METHOD", d.method),
          })),
        },
        call,
      );
      return { made: { deposit: madeIds(deposits) }, rows: rows.length };
    }
  }
}

/** The owning services in the order their parts are made (released in it, discarded reversed). */
export const ownerOrder = ["assets", "customers", "contracts", "billing", "payments"] as const;
