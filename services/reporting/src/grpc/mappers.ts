import type { Occupancy } from "@slms/contracts/reporting";
import { areaText, basisPoints, type Tally, vacancy } from "../domain/occupancy.ts";
import type { RebuildJob } from "../generated/prisma/client.ts";
import type { CollectionLine } from "../use-cases/get-collection-rate.ts";
import type { DashboardFigures } from "../use-cases/get-dashboard.ts";
import type { SiteFreshnessView } from "../use-cases/get-data-freshness.ts";
import type { LeaseExpiryView } from "../use-cases/get-lease-expiry.ts";
import type { OccupancyView } from "../use-cases/get-occupancy.ts";
import type { OccupancyDay } from "../use-cases/get-occupancy-history.ts";
import type { JournalLine } from "../use-cases/get-payment-journal.ts";
import type { Ageing, Debtor, SiteAgeing } from "../use-cases/get-receivables-ageing.ts";
import type { RentRollLine } from "../use-cases/get-rent-roll.ts";
import type { RentYieldLine } from "../use-cases/get-rent-yield.ts";
import type { RevenueLine } from "../use-cases/get-revenue.ts";
import type { AuditEntryView } from "../use-cases/list-audit-entries.ts";

export function toOccupancy(tally: Tally): Occupancy {
  const { unitsBp, areaBp } = vacancy(tally);
  const { units, areaHundredths: area } = tally;
  return {
    units: units.leased + units.vacant + units.reserved + units.maintenance + units.inactive,
    leasedUnits: units.leased,
    vacantUnits: units.vacant,
    reservedUnits: units.reserved,
    maintenanceUnits: units.maintenance,
    inactiveUnits: units.inactive,
    areaM2: areaText(area.leased + area.vacant + area.reserved + area.maintenance + area.inactive),
    leasedAreaM2: areaText(area.leased),
    vacantAreaM2: areaText(area.vacant),
    reservedAreaM2: areaText(area.reserved),
    maintenanceAreaM2: areaText(area.maintenance),
    inactiveAreaM2: areaText(area.inactive),
    vacancyRateUnitsBp: unitsBp,
    vacancyRateAreaBp: areaBp,
  };
}

export const toOccupancyResponse = (view: OccupancyView) => ({
  sites: view.sites.map((site) => ({
    siteId: site.siteId,
    total: toOccupancy(site.total),
    byKind: site.byKind.map((k) => ({ kind: k.kind, occupancy: toOccupancy(k.tally) })),
    byBuilding: site.byBuilding.map((b) => ({
      buildingId: b.buildingId ?? "",
      occupancy: toOccupancy(b.tally),
    })),
  })),
  total: toOccupancy(view.total),
});

export const toSiteFreshness = (site: SiteFreshnessView) => ({
  siteId: site.siteId,
  lastEventAt: site.lastEventAt?.toISOString() ?? "",
  quiet: site.quiet,
  activity: site.activity.map((a) => ({
    type: a.type,
    lastOccurredAt: a.lastOccurredAt.toISOString(),
    events: a.events.toString(),
  })),
});

export const toJournalLine = (line: JournalLine) => ({
  siteId: line.siteId,
  date: line.date,
  method: line.method,
  cashier: line.cashier,
  currencyCode: line.currency,
  payments: line.payments,
  receivedMinor: line.receivedMinor.toString(),
  reversed: line.reversed,
  reversedMinor: line.reversedMinor.toString(),
});

export const toLeaseExpiry = (view: LeaseExpiryView) => ({
  siteId: view.siteId ?? "",
  activeLeases: view.activeLeases,
  waleYearsByRent: view.waleYearsByRent === null ? "" : view.waleYearsByRent.toFixed(2),
  waleYearsByArea: view.waleYearsByArea === null ? "" : view.waleYearsByArea.toFixed(2),
  buckets: view.buckets.map((b) => ({
    month: b.month,
    leases: b.leases,
    areaM2: areaText(b.areaHundredths),
    monthlyRentMinor: b.monthlyRentMinor.toString(),
  })),
});

export const toRentRollLine = (line: RentRollLine) => ({
  siteId: line.siteId,
  leaseId: line.leaseId,
  reference: line.reference,
  customerId: line.customerId,
  customerName: line.customerName ?? "",
  unitCodes: line.unitCodes,
  areaM2: areaText(line.areaHundredths),
  monthlyRentMinor: line.monthlyRentMinor.toString(),
  ...(line.rentPerM2MonthMinor === null
    ? {}
    : { rentPerM2MonthMinor: line.rentPerM2MonthMinor.toString() }),
  startDate: line.startDate,
  endDate: line.endDate,
  depositHeldMinor: line.depositHeldMinor.toString(),
  currencyCode: line.currency,
  balanceMinor: line.balanceMinor.toString(),
  overdueMinor: line.overdueMinor.toString(),
  ...(line.nextEscalation
    ? {
        nextEscalation: {
          date: line.nextEscalation.date,
          kind: line.nextEscalation.kind,
          basisPoints: line.nextEscalation.basisPoints ?? 0,
          valueMinor: String(line.nextEscalation.valueMinor ?? 0),
        },
      }
    : {}),
});

export const toDashboard = (figures: DashboardFigures) => ({
  siteId: figures.siteId ?? "",
  occupancy: toOccupancy(figures.occupancy),
  activeLeases: figures.activeLeases,
  monthlyRentMinor: figures.monthlyRentMinor.toString(),
  expiringSoon: figures.expiringIn90Days,
  depositsHeldMinor: figures.depositsHeldMinor.toString(),
  collectedThisMonthMinor: figures.collectedThisMonthMinor.toString(),
  billedThisMonthMinor: figures.billedThisMonthMinor.toString(),
  billedThisMonthCollectedMinor: figures.billedThisMonthCollectedMinor.toString(),
  collectionRateBp: basisPoints(
    figures.billedThisMonthCollectedMinor,
    figures.billedThisMonthMinor,
  ),
  arrearsMinor: figures.arrearsMinor.toString(),
  lastEventAt: figures.lastEventAt?.toISOString() ?? "",
  quiet: figures.quiet,
});

const toAgeing = (ageing: Ageing) => ({
  notDueMinor: ageing.notDueMinor.toString(),
  overdue1to30Minor: ageing.overdue1to30Minor.toString(),
  overdue31to60Minor: ageing.overdue31to60Minor.toString(),
  overdue61to90Minor: ageing.overdue61to90Minor.toString(),
  overdueOver90Minor: ageing.overdueOver90Minor.toString(),
  openMinor: ageing.openMinor.toString(),
  openBills: ageing.openBills,
});

export const toSiteAgeing = (site: SiteAgeing) => ({
  siteId: site.siteId,
  currencyCode: site.currency,
  total: toAgeing(site.total),
  byFeeItem: site.byFeeItem.map((f) => ({ feeCode: f.feeCode, ageing: toAgeing(f.ageing) })),
});

export const toDebtor = (debtor: Debtor) => ({
  siteId: debtor.siteId,
  customerId: debtor.customerId,
  customerName: debtor.customerName,
  currencyCode: debtor.currency,
  ageing: toAgeing(debtor.ageing),
});

export const toCollectionLine = (line: CollectionLine) => ({
  siteId: line.siteId,
  month: line.month,
  feeCode: line.feeCode ?? "",
  currencyCode: line.currency,
  billedMinor: line.billedMinor.toString(),
  collectedMinor: line.collectedMinor.toString(),
  rateBp: line.rateBp,
  collectedInMonthMinor: line.collectedInMonthMinor.toString(),
  currentRateBp: line.currentRateBp,
  arrearsOpeningMinor: line.arrearsOpeningMinor.toString(),
  arrearsCollectedMinor: line.arrearsCollectedMinor.toString(),
  arrearsRateBp: line.arrearsRateBp,
});

export const toRevenueLine = (line: RevenueLine) => ({
  siteId: line.siteId,
  month: line.month,
  feeCode: line.feeCode,
  currencyCode: line.currency,
  bills: line.bills,
  billedMinor: line.billedMinor.toString(),
  waivedMinor: line.waivedMinor.toString(),
  netBilledMinor: line.netBilledMinor.toString(),
  collectedMinor: line.collectedMinor.toString(),
});

export const toAuditEntry = (entry: AuditEntryView) => ({
  eventId: entry.eventId,
  siteId: entry.siteId ?? "",
  objectType: entry.objectType,
  objectId: entry.objectId,
  action: entry.action,
  actor: entry.actor,
  occurredAt: entry.occurredAt.toISOString(),
  traceId: entry.traceId ?? "",
  changes: entry.changes.map((c) => ({
    field: c.field,
    ...("before" in c ? { beforeJson: JSON.stringify(c.before ?? null) } : {}),
    afterJson: JSON.stringify(c.after ?? null),
  })),
});

export const toOccupancyDay = (day: OccupancyDay) => ({
  siteId: day.siteId ?? "",
  date: day.date,
  occupancy: toOccupancy(day.tally),
});

export const toRentYieldLine = (line: RentYieldLine) => ({
  siteId: line.siteId,
  month: line.month,
  dimension: line.dimension,
  key: line.key ?? "",
  currencyCode: line.currency,
  units: line.units,
  areaM2: areaText(line.areaHundredths),
  billedRentMinor: line.billedRentMinor.toString(),
  ...(line.rentPerM2MonthMinor === null
    ? {}
    : { rentPerM2MonthMinor: line.rentPerM2MonthMinor.toString() }),
  listRentMinor: line.listRentMinor.toString(),
  ...(line.listRentPerM2MonthMinor === null
    ? {}
    : { listRentPerM2MonthMinor: line.listRentPerM2MonthMinor.toString() }),
  yieldBp: line.yieldBp,
});

export const toRebuildJob = (job: RebuildJob) => ({
  id: job.id,
  siteId: job.siteId ?? "",
  status: job.status,
  siteIds: job.siteIds,
  sitesDone: Math.min(job.siteIndex, job.siteIds.length),
  phase: job.phase,
  counts: job.counts as Record<string, number>,
  attempts: job.attempts,
  error: job.error ?? "",
  requestedBy: job.requestedBy,
  startedAt: job.startedAt.toISOString(),
  finishedAt: job.finishedAt?.toISOString() ?? "",
});
