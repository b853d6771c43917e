/**
 * The opening balances: 期初欠费 (bills of kind `opening_arrears`, billing), 押金 (deposits held,
 * payments' deposit ledger) and 预交款 (prepayment balances, billing). Each names a lease (or,
 * for a prepayment, a customer) of the workbook or of the site. Amounts are positive (payments
 * and billing refuse zero: services/payments/src/domain/fields.ts `amountMinor`); dates in the
 * platform's range, and none after the go-live date — later periods are billed by billing runs.
 *
 * A bill is unique per lease, fee item and period (ARCHITECTURE.md), so an arrears row repeating
 * one is an error. Several deposit or prepayment rows for the same lease or customer are kept,
 * each with its own key (the n-th row of that lease or customer).
 */
import { feeCodePattern } from "@slms/contracts";
import { type Context, report, rowReadable, value } from "./context.ts";
import { identityKey, rowKey } from "./keys.ts";
import type { ParsedRow, ParsedSheet } from "./parse.ts";
import type { PlannedArrear, PlannedDeposit, PlannedPrepayment } from "./plan.ts";
import { type CustomerIndex, resolveCustomer } from "./validate-customers.ts";
import type { KnownLease, LeaseIndex } from "./validate-leases.ts";
import { checkAmount, checkDate } from "./validate-money.ts";
import { feeItemTerms, lookupTerm } from "./vocabulary.ts";

export function checkArrears(
  ctx: Context,
  sheet: ParsedSheet | undefined,
  leases: LeaseIndex,
): PlannedArrear[] {
  const planned: PlannedArrear[] = [];
  const rowOf = new Map<string, number>();
  for (const row of sheet?.rows ?? []) {
    const before = ctx.errors.length;
    const lease = resolveLease(ctx, sheet!, row, leases, true);
    const feeCode = feeCodeOf(ctx, sheet!, row);
    const periodStart = value<string>(ctx, sheet!, row, "periodStart", true);
    const periodEnd = value<string>(ctx, sheet!, row, "periodEnd", true);
    const dueDate = value<string>(ctx, sheet!, row, "dueDate") ?? periodStart;
    const amount = value<number>(ctx, sheet!, row, "amount", true);
    const note = value<string>(ctx, sheet!, row, "note") ?? "";
    const datesOk = [
      checkDate(ctx, sheet!, row, "periodStart", periodStart),
      checkDate(ctx, sheet!, row, "periodEnd", periodEnd),
      checkDate(ctx, sheet!, row, "dueDate", row.values.dueDate as string | undefined),
    ].every(Boolean);
    if (datesOk && periodStart && periodEnd && periodEnd < periodStart) {
      report(ctx, sheet!, row, "periodEnd", {
        zh: `不能早于账期开始（${periodStart}）`,
        en: `must be on or after the period start (${periodStart})`,
      });
    }
    if (datesOk && periodStart && periodStart > ctx.asOf) {
      report(ctx, sheet!, row, "periodStart", {
        zh: `晚于上线日期（${ctx.asOf}），上线后的账期由出账生成`,
        en: `is after the go-live date (${ctx.asOf}): later periods are billed by billing runs`,
      });
    }
    checkAmount(ctx, sheet!, row, "amount", amount, true);
    if (lease && feeCode && periodStart) {
      const natural = `${identityKey(lease.ref.reference)}\u0000${feeCode}\u0000${periodStart}`;
      const earlier = rowOf.get(natural);
      if (earlier !== undefined) {
        report(ctx, sheet!, row, "periodStart", {
          zh: `与第 ${earlier} 行的合同、收费项目和账期相同`,
          en: `repeats the lease, fee item and period of row ${earlier}`,
        });
      } else rowOf.set(natural, row.row);
      if (
        ctx.errors.length === before &&
        rowReadable(row) &&
        lease.customer &&
        periodEnd &&
        dueDate &&
        amount !== undefined
      ) {
        planned.push({
          sheet: "arrears",
          row: row.row,
          key: rowKey(ctx.siteKey, "arrears", natural),
          lease: lease.ref,
          customer: lease.customer,
          feeCode,
          periodStart,
          periodEnd,
          dueDate,
          amountMinor: amount,
          note,
        });
      }
    }
  }
  return planned;
}

/** A fee item code, or the Chinese or English name of one of the default catalogue's items. */
function feeCodeOf(ctx: Context, sheet: ParsedSheet, row: ParsedRow): string | undefined {
  const written = value<string>(ctx, sheet, row, "feeCode", true);
  if (written === undefined) return undefined;
  const code = lookupTerm(feeItemTerms, written) ?? written;
  if (!feeCodePattern.test(code)) {
    report(ctx, sheet, row, "feeCode", {
      zh: "应为收费项目编码（2–40 位小写字母、数字或 _）或名称，如 rent、物业管理费",
      en: "must be a fee item code (2–40 lower-case letters, digits or _) or name, e.g. rent",
    });
    return undefined;
  }
  if (ctx.existing.feeCodes && !ctx.existing.feeCodes.includes(code)) {
    report(ctx, sheet, row, "feeCode", {
      zh: "不是收费项目目录中的项目",
      en: "is not a fee item of the catalogue",
    });
    return undefined;
  }
  return code;
}

export function checkDeposits(
  ctx: Context,
  sheet: ParsedSheet | undefined,
  leases: LeaseIndex,
): PlannedDeposit[] {
  const planned: PlannedDeposit[] = [];
  const ordinal = new Map<string, number>();
  for (const row of sheet?.rows ?? []) {
    const before = ctx.errors.length;
    const lease = resolveLease(ctx, sheet!, row, leases, true);
    const amount = value<number>(ctx, sheet!, row, "amount", true);
    const receivedDate = receivedOn(ctx, sheet!, row);
    checkAmount(ctx, sheet!, row, "amount", amount, true);
    if (!lease) continue;
    const leaseKey = identityKey(lease.ref.reference);
    const n = (ordinal.get(leaseKey) ?? 0) + 1;
    ordinal.set(leaseKey, n);
    if (
      ctx.errors.length > before ||
      !rowReadable(row) ||
      !lease.customer ||
      amount === undefined ||
      !receivedDate
    )
      continue;
    planned.push({
      sheet: "deposits",
      row: row.row,
      key: rowKey(ctx.siteKey, "deposits", `${leaseKey}\u0000${n}`),
      lease: lease.ref,
      customer: lease.customer,
      amountMinor: amount,
      receivedDate,
      method: value<PlannedDeposit["method"]>(ctx, sheet!, row, "method") ?? "other",
      reference: value<string>(ctx, sheet!, row, "reference") ?? "",
    });
  }
  return planned;
}

export function checkPrepayments(
  ctx: Context,
  sheet: ParsedSheet | undefined,
  customers: CustomerIndex,
  leases: LeaseIndex,
): PlannedPrepayment[] {
  const planned: PlannedPrepayment[] = [];
  const ordinal = new Map<string, number>();
  for (const row of sheet?.rows ?? []) {
    const before = ctx.errors.length;
    const customer = resolveCustomer(ctx, customers, sheet!, row, true);
    const lease =
      row.text.leaseReference === undefined ? null : resolveLease(ctx, sheet!, row, leases, false);
    const amount = value<number>(ctx, sheet!, row, "amount", true);
    const receivedDate = receivedOn(ctx, sheet!, row);
    checkAmount(ctx, sheet!, row, "amount", amount, true);
    if (customer && lease?.customer && !sameCustomer(customer.ref, lease.customer)) {
      report(ctx, sheet!, row, "leaseReference", {
        zh: "该合同不属于此客户",
        en: "is a lease of another customer",
      });
    }
    if (!customer) continue;
    const customerKey =
      customer.ref.in === "workbook" ? customer.ref.idNumber : customer.ref.customerId;
    const natural = `${customer.ref.in}\u0000${customerKey}\u0000${lease ? identityKey(lease.ref.reference) : ""}`;
    const n = (ordinal.get(natural) ?? 0) + 1;
    ordinal.set(natural, n);
    if (ctx.errors.length > before || !rowReadable(row) || amount === undefined || !receivedDate)
      continue;
    if (row.text.leaseReference !== undefined && !lease) continue;
    planned.push({
      sheet: "prepayments",
      row: row.row,
      key: rowKey(ctx.siteKey, "prepayments", `${natural}\u0000${n}`),
      customer: customer.ref,
      lease: lease?.ref ?? null,
      amountMinor: amount,
      receivedDate,
      note: value<string>(ctx, sheet!, row, "note") ?? "",
    });
  }
  return planned;
}

function sameCustomer(
  a: KnownLease["customer"] & object,
  b: KnownLease["customer"] & object,
): boolean {
  if (a.in === "workbook" && b.in === "workbook") return a.idNumber === b.idNumber;
  if (a.in === "site" && b.in === "site") return a.customerId === b.customerId;
  return false;
}

/** The received date, the go-live date when blank; reported when after it or out of range. */
function receivedOn(ctx: Context, sheet: ParsedSheet, row: ParsedRow): string | undefined {
  const date = value<string>(ctx, sheet, row, "receivedDate");
  if (date === undefined) return row.text.receivedDate === undefined ? ctx.asOf : undefined;
  if (!checkDate(ctx, sheet, row, "receivedDate", date)) return undefined;
  if (date > ctx.asOf) {
    report(ctx, sheet, row, "receivedDate", {
      zh: `不能晚于上线日期（${ctx.asOf}）`,
      en: `must not be after the go-live date (${ctx.asOf})`,
    });
    return undefined;
  }
  return date;
}

function resolveLease(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  leases: LeaseIndex,
  isRequired: boolean,
): KnownLease | null {
  const reference = value<string>(ctx, sheet, row, "leaseReference", isRequired);
  if (reference === undefined) return null;
  const lease = leases.byReference.get(identityKey(reference));
  if (!lease) {
    report(ctx, sheet, row, "leaseReference", {
      zh: "“合同”表和本项目中都没有该合同编号",
      en: "is neither a lease of the Leases sheet nor of the site",
    });
    return null;
  }
  return lease;
}
