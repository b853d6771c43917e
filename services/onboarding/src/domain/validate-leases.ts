/**
 * The 合同 (leases) sheet: each row an active lease of a customer and units of the workbook or
 * of the site, by the contracts service's rules (services/contracts/src/use-cases/create-lease.ts:
 * reference 1–60 characters and unique in the site, 1–100 units named once each, dates in the
 * platform's range; lease-terms.ts for the terms). A unit is let once at a time
 * (ARCHITECTURE.md's first invariant): two leases of the sheet over overlapping dates, or a unit
 * the site has leased already, is an error; so is a unit under maintenance or inactive: assets
 * refuses to hold an inactive unit, and holding one under maintenance leaves it so, never
 * leased (services/assets/src/domain/unit-status.ts `leasedWhenHeld`). The units sheet's
 * statuses against these leases: validate-units.ts `checkLetStatuses`.
 *
 * Imported leases are active at go-live: a lease that ended before it is an error.
 */
import { leaseLimits, leaseTextLimits } from "@slms/contracts";
import { type Context, report, rowReadable, value } from "./context.ts";
import { identityKey, rowKey } from "./keys.ts";
import { latestEndDate, leaseTerms } from "./lease-terms.ts";
import type { ParsedRow, ParsedSheet } from "./parse.ts";
import type { CustomerRef, LeaseRef, PlannedLease, UnitRef } from "./plan.ts";
import { type CustomerIndex, resolveCustomer } from "./validate-customers.ts";
import { checkDate } from "./validate-money.ts";
import type { WorkbookUnit } from "./validate-units.ts";
import type { Message } from "./vocabulary.ts";

/** A lease other sheets may name: of the workbook (valid or not) or of the site. */
export interface KnownLease {
  ref: LeaseRef;
  /** Its customer, when known. */
  customer: CustomerRef | null;
}

export interface LeaseIndex {
  /** {@link identityKey} of the reference → the lease. */
  byReference: Map<string, KnownLease>;
  planned: PlannedLease[];
  /** {@link identityKey}s of the unit codes some lease of the sheet lets. */
  letUnits: Set<string>;
  /** Of those, the ones a lease of the sheet lets on the go-live date. */
  letOnGoLive: Set<string>;
}

interface Letting {
  row: ParsedRow;
  code: string;
  reference: string;
  startDate: string;
  endDate: string;
}

export function checkLeases(
  ctx: Context,
  sheet: ParsedSheet | undefined,
  units: ReadonlyMap<string, WorkbookUnit>,
  customers: CustomerIndex,
): LeaseIndex {
  const index: LeaseIndex = {
    byReference: new Map(),
    planned: [],
    letUnits: new Set(),
    letOnGoLive: new Set(),
  };
  const atSite = new Set<string>();
  const siteCustomers = new Map<string, CustomerRef>();
  for (const lease of ctx.existing.leases ?? []) {
    const key = identityKey(lease.reference);
    atSite.add(key);
    siteCustomers.set(key, { in: "site", customerId: lease.customerId });
    index.byReference.set(key, {
      ref: { in: "site", leaseId: lease.id, reference: lease.reference },
      customer: { in: "site", customerId: lease.customerId },
    });
  }
  const siteUnits = new Map(
    (ctx.existing.units ?? []).map((unit) => [identityKey(unit.code), unit]),
  );
  const rowOf = new Map<string, number>();
  const lettings = new Map<string, Letting[]>();

  for (const row of sheet?.rows ?? []) {
    const before = ctx.errors.length;
    const reference = value<string>(ctx, sheet!, row, "reference", true);
    const refKey = reference === undefined ? undefined : identityKey(reference);
    if (reference !== undefined && refKey !== undefined) {
      const earlier = rowOf.get(refKey);
      if (reference.length > leaseTextLimits.reference) {
        report(ctx, sheet!, row, "reference", {
          zh: `最多 ${leaseTextLimits.reference} 个字符`,
          en: `must be at most ${leaseTextLimits.reference} characters`,
        });
      } else if (earlier !== undefined) {
        report(ctx, sheet!, row, "reference", {
          zh: `与第 ${earlier} 行的合同编号重复`,
          en: `repeats the lease reference of row ${earlier}`,
        });
      } else if (atSite.has(refKey)) {
        report(ctx, sheet!, row, "reference", {
          zh: "本项目已有该合同编号",
          en: "is already a lease of the site",
        });
      }
    }
    const customer = resolveCustomer(ctx, customers, sheet!, row, true);
    const dates = checkDates(ctx, sheet!, row);
    const resolved = resolveUnits(ctx, sheet!, row, units, siteUnits);
    const terms = leaseTerms(ctx, sheet!, row, dates, resolved?.area);

    if (
      reference !== undefined &&
      refKey !== undefined &&
      !rowOf.has(refKey) &&
      !atSite.has(refKey)
    ) {
      rowOf.set(refKey, row.row);
      const key = rowKey(ctx.siteKey, "leases", refKey);
      index.byReference.set(refKey, {
        ref: { in: "workbook", key, reference },
        customer: customer?.ref ?? null,
      });
      if (
        ctx.errors.length === before &&
        rowReadable(row) &&
        customer &&
        dates &&
        resolved &&
        terms
      ) {
        index.planned.push({
          sheet: "leases",
          row: row.row,
          key,
          reference,
          customer: customer.ref,
          units: resolved.refs,
          ...dates,
          terms,
        });
      }
    }
    if (dates && resolved) {
      for (const unit of resolved.refs) {
        const unitKey = identityKey(unit.code);
        index.letUnits.add(unitKey);
        if (dates.startDate <= ctx.asOf) index.letOnGoLive.add(unitKey);
        const list = lettings.get(unitKey) ?? [];
        list.push({ row, code: unit.code, reference: reference ?? "", ...dates });
        lettings.set(unitKey, list);
      }
    }
  }
  if (sheet) reportOverlaps(ctx, sheet, lettings);
  return index;
}

function checkDates(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
): { startDate: string; endDate: string } | null {
  const startDate = value<string>(ctx, sheet, row, "startDate", true);
  const endDate = value<string>(ctx, sheet, row, "endDate", true);
  const startOk = checkDate(ctx, sheet, row, "startDate", startDate);
  const endOk = checkDate(ctx, sheet, row, "endDate", endDate);
  if (!startDate || !endDate || !startOk || !endOk) return null;
  const add = (message: Message) => report(ctx, sheet, row, "endDate", message);
  if (endDate < startDate) {
    add({
      zh: `不能早于开始日期（${startDate}）`,
      en: `must be on or after the start date (${startDate})`,
    });
    return null;
  }
  const latest = latestEndDate(startDate);
  if (endDate > latest) {
    add({
      zh: `租期最长 20 年，最晚 ${latest}（《民法典》第七百零五条）`,
      en: `must be at most 20 years after the start, by ${latest} (PRC Civil Code art. 705)`,
    });
    return null;
  }
  if (endDate < ctx.asOf) {
    add({
      zh: `合同已于上线日期（${ctx.asOf}）前结束，只能导入在租合同`,
      en: `is before the go-live date (${ctx.asOf}): only active leases are imported`,
    });
    return null;
  }
  return { startDate, endDate };
}

type SiteUnit = NonNullable<Context["existing"]["units"]>[number];

/** The lease's units and their total gross area (when every area is known); null if one is wrong. */
function resolveUnits(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  units: ReadonlyMap<string, WorkbookUnit>,
  siteUnits: ReadonlyMap<string, SiteUnit>,
): { refs: UnitRef[]; area: number | undefined } | null {
  const codes = value<string[]>(ctx, sheet, row, "unitCodes", true);
  if (!codes) return null;
  const add = (message: Message) => report(ctx, sheet, row, "unitCodes", message);
  const { min, max } = leaseLimits.units;
  if (codes.length < min || codes.length > max) {
    add({ zh: `应有 ${min} 到 ${max} 个单元`, en: `must name ${min} to ${max} units` });
    return null;
  }
  const refs: UnitRef[] = [];
  const seen = new Set<string>();
  let area: number | undefined = 0;
  for (const code of codes) {
    const key = identityKey(code);
    if (seen.has(key)) {
      add({ zh: `单元 ${code} 重复`, en: `names unit ${code} twice` });
      return null;
    }
    seen.add(key);
    const inBook = units.get(key);
    const atSite = siteUnits.get(key);
    const status = inBook ? inBook.status : atSite?.status;
    if (!inBook && !atSite) {
      add({
        zh: `单元 ${code} 不在“单元”表中，本项目也没有`,
        en: `unit ${code} is neither on the Units sheet nor at the site`,
      });
      return null;
    }
    if (atSite && status === "leased") {
      add({
        zh: `单元 ${code} 在本项目中已出租`,
        en: `unit ${code} is already leased at the site`,
      });
      return null;
    }
    if (status === "maintenance" || status === "inactive") {
      add({
        zh: `单元 ${code} 为维修中或停用，请先改为空置`,
        en: `unit ${code} is under maintenance or inactive: make it vacant first`,
      });
      return null;
    }
    const unitArea = inBook ? inBook.grossAreaHundredths : atSite?.grossAreaHundredths;
    area = area === undefined || unitArea === undefined ? undefined : area + unitArea;
    refs.push(
      inBook
        ? { in: "workbook", key: rowKey(ctx.siteKey, "units", key), code: inBook.code }
        : { in: "site", unitId: atSite!.id, code: atSite!.code },
    );
  }
  return { refs, area };
}

/**
 * Two leases of the sheet letting a unit on a common day: the later-starting one is reported
 * (sorted per unit, each lease compared with the latest end before it: n log n).
 */
function reportOverlaps(
  ctx: Context,
  sheet: ParsedSheet,
  lettings: ReadonlyMap<string, Letting[]>,
): void {
  const reported = new Set<ParsedRow>();
  for (const list of lettings.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) =>
      a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.row.row - b.row.row,
    );
    let latest = list[0]!;
    for (const letting of list.slice(1)) {
      if (letting.startDate <= latest.endDate && !reported.has(letting.row)) {
        reported.add(letting.row);
        report(ctx, sheet, letting.row, "unitCodes", {
          zh: `单元 ${letting.code} 已由第 ${latest.row.row} 行的合同 ${latest.reference} 在 ${latest.startDate} 至 ${latest.endDate} 租用，日期重叠`,
          en: `unit ${letting.code} is let by lease ${latest.reference} of row ${latest.row.row} from ${latest.startDate} to ${latest.endDate}: the dates overlap`,
        });
      }
      if (letting.endDate > latest.endDate) latest = letting;
    }
  }
}
