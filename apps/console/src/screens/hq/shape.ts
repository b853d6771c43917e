import type { Paths } from "../../api/client";

/** The JSON answer of a report route. */
export type Report<P extends keyof Paths> = Paths[P] extends {
  get: { responses: { 200: { content: { "application/json": infer R } } } };
}
  ? R
  : never;

export type Dashboard = Report<"/api/v1/reports/dashboard">;
export type SiteFigures = Dashboard["sites"][number];
export type Occupancy = SiteFigures["occupancy"];
export type Freshness = Report<"/api/v1/reports/data-freshness">;
export type Ageing = Report<"/api/v1/reports/receivables-ageing">;
export type AgeingFigures = Ageing["sites"][number]["total"];
export type CollectionRate = Report<"/api/v1/reports/collection-rate">;
export type CollectionLine = CollectionRate["lines"][number];
export type Revenue = Report<"/api/v1/reports/revenue">;
export type RevenueLine = Revenue["lines"][number];
export type RentYield = Report<"/api/v1/reports/rent-yield">;
export type YieldLine = RentYield["lines"][number];
export type LeaseExpiry = Report<"/api/v1/reports/lease-expiry">;
export type ExpiryProfile = LeaseExpiry["total"];
export type OccupancyReport = Report<"/api/v1/reports/occupancy">;
export type RentRoll = Report<"/api/v1/reports/rent-roll">;
export type RentRollItem = RentRoll["items"][number];
export type PaymentJournal = Report<"/api/v1/reports/payment-journal">;
export type JournalLine = PaymentJournal["lines"][number];
export type AuditTrail = Report<"/api/v1/reports/audit-trail">;
export type AuditItem = AuditTrail["items"][number];

/** A chart's data: one value per category in each series (the series' key, not yet its label). */
export interface SeriesData {
  categories: string[];
  series: { key: string; values: (number | null)[] }[];
}

/** Basis points as the percentage they stand for, exactly (`6250` → `"62.50%"`). */
export function formatBasisPoints(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return "—";
  const negative = bp < 0;
  const text = Math.abs(Math.round(bp)).toString().padStart(3, "0");
  return `${negative ? "-" : ""}${text.slice(0, -2)}.${text.slice(-2)}%`;
}

/** Basis points as a percentage number for a chart axis (`6250` → `62.5`). */
export const basisPointsToPercent = (bp: number): number => bp / 100;

/** The occupancy rate the API implies: 100% less its vacancy rate, in basis points. */
export const occupancyBasisPoints = (occupancy: Occupancy, by: "units" | "area"): number =>
  10_000 - (by === "units" ? occupancy.vacancyRateUnits : occupancy.vacancyRateArea);

export const occupancyStatuses = [
  "leased",
  "reserved",
  "maintenance",
  "vacant",
  "inactive",
] as const;
export type OccupancyStatus = (typeof occupancyStatuses)[number];

const unitsOf: Record<OccupancyStatus, (o: Occupancy) => number> = {
  leased: (o) => o.leasedUnits,
  reserved: (o) => o.reservedUnits,
  maintenance: (o) => o.maintenanceUnits,
  vacant: (o) => o.vacantUnits,
  inactive: (o) => o.inactiveUnits,
};

/** Units of each status per group (a stacked bar), leaving out statuses no group has. */
export function occupancyStacks(groups: { label: string; occupancy: Occupancy }[]): SeriesData {
  return {
    categories: groups.map((g) => g.label),
    series: occupancyStatuses
      .filter((status) => groups.some((g) => unitsOf[status](g.occupancy) > 0))
      .map((status) => ({ key: status, values: groups.map((g) => unitsOf[status](g.occupancy)) })),
  };
}

/** Units of each status per site: categories are the sites' labels. */
export function occupancyBySite(
  sites: SiteFigures[],
  label: (siteId: string | null) => string,
): SeriesData {
  return occupancyStacks(sites.map((s) => ({ label: label(s.siteId), occupancy: s.occupancy })));
}

export const ageingBuckets = [
  "notDueMinor",
  "overdue1to30Minor",
  "overdue31to60Minor",
  "overdue61to90Minor",
  "overdueOver90Minor",
] as const;
export type AgeingBucket = (typeof ageingBuckets)[number];

/** The open receivables of each site by ageing bucket (a stacked bar, minor units). */
export function ageingBySite(ageing: Ageing, label: (siteId: string) => string): SeriesData {
  return {
    categories: ageing.sites.map((s) => label(s.siteId)),
    series: ageingBuckets.map((bucket) => ({
      key: bucket,
      values: ageing.sites.map((s) => s.total[bucket]),
    })),
  };
}

/** One site's open receivables by fee item and bucket (a stacked bar, minor units). */
export function ageingByFeeItem(site: Ageing["sites"][number]): SeriesData {
  return {
    categories: site.byFeeItem.map((f) => f.feeCode),
    series: ageingBuckets.map((bucket) => ({
      key: bucket,
      values: site.byFeeItem.map((f) => f.ageing[bucket]),
    })),
  };
}

/** The buckets of several sites added up (one currency). */
export function sumAgeing(figures: AgeingFigures[]): AgeingFigures {
  const total: AgeingFigures = {
    notDueMinor: 0,
    overdue1to30Minor: 0,
    overdue31to60Minor: 0,
    overdue61to90Minor: 0,
    overdueOver90Minor: 0,
    openMinor: 0,
    openBills: 0,
  };
  for (const f of figures)
    for (const key of Object.keys(total) as (keyof AgeingFigures)[]) total[key] += f[key];
  return total;
}

/**
 * Collection rate per month (a line per site, percent), from the site's month totals (the lines
 * without a fee item); a month a site billed nothing is a gap, not 0%.
 */
export function collectionRateByMonth(
  lines: CollectionLine[],
  rate: "collectionRate" | "currentCollectionRate" | "arrearsCollectionRate" = "collectionRate",
): SeriesData {
  const totals = lines.filter((l) => l.feeCode === null);
  const months = [...new Set(totals.map((l) => l.month))].sort();
  const sites = [...new Set(totals.map((l) => l.siteId))];
  return {
    categories: months,
    series: sites.map((siteId) => ({
      key: siteId,
      values: months.map((month) => {
        const line = totals.find((l) => l.siteId === siteId && l.month === month);
        if (!line) return null;
        if (rate === "arrearsCollectionRate" && line.arrearsOpeningMinor === 0) return null;
        if (rate !== "arrearsCollectionRate" && line.billedMinor === 0) return null;
        return basisPointsToPercent(line[rate]);
      }),
    })),
  };
}

export const collectionRates = [
  "collectionRate",
  "currentCollectionRate",
  "arrearsCollectionRate",
] as const;

/** One site's three collection rates per month (a line each, percent). */
export function collectionRatesOfSite(lines: CollectionLine[], siteId: string): SeriesData {
  const own = lines.filter((l) => l.siteId === siteId);
  const shaped = collectionRates.map((rate) => collectionRateByMonth(own, rate));
  return {
    categories: shaped[0]?.categories ?? [],
    series: collectionRates.map((rate, i) => ({
      key: rate,
      values: shaped[i]?.series[0]?.values ?? [],
    })),
  };
}

/** Billed and collected per fee item across the lines (two bars per fee item, minor units). */
export function revenueByFeeItem(lines: RevenueLine[]): SeriesData {
  const byFee = new Map<string, { net: number; collected: number }>();
  for (const line of lines) {
    const entry = byFee.get(line.feeCode) ?? { net: 0, collected: 0 };
    entry.net += line.netBilledMinor;
    entry.collected += line.collectedMinor;
    byFee.set(line.feeCode, entry);
  }
  const fees = [...byFee.entries()].sort((a, b) => b[1].net - a[1].net);
  return {
    categories: fees.map(([fee]) => fee),
    series: [
      { key: "netBilledMinor", values: fees.map(([, v]) => v.net) },
      { key: "collectedMinor", values: fees.map(([, v]) => v.collected) },
    ],
  };
}

/** Net billed per month, one stacked series per fee item (minor units). */
export function revenueByMonth(lines: RevenueLine[]): SeriesData {
  const months = [...new Set(lines.map((l) => l.month))].sort();
  const fees = [...new Set(lines.map((l) => l.feeCode))].sort();
  return {
    categories: months,
    series: fees.map((fee) => ({
      key: fee,
      values: months.map((month) =>
        lines
          .filter((l) => l.month === month && l.feeCode === fee)
          .reduce((sum, l) => sum + l.netBilledMinor, 0),
      ),
    })),
  };
}

/**
 * Rent per m² per month of each site (the `total` lines; minor units per m² per month); a month
 * without rent billed is a gap.
 */
export function yieldByMonth(lines: YieldLine[]): SeriesData {
  const totals = lines.filter((l) => l.dimension === "total");
  const months = [...new Set(totals.map((l) => l.month))].sort();
  const sites = [...new Set(totals.map((l) => l.siteId))];
  return {
    categories: months,
    series: sites.map((siteId) => ({
      key: siteId,
      values: months.map(
        (month) =>
          totals.find((l) => l.siteId === siteId && l.month === month)?.rentPerM2MonthMinor ?? null,
      ),
    })),
  };
}

/** The latest month's `total` yield line of each site (for KPI and table). */
export function latestYield(lines: YieldLine[]): YieldLine[] {
  const latest = new Map<string, YieldLine>();
  for (const line of lines) {
    if (line.dimension !== "total") continue;
    const seen = latest.get(line.siteId);
    if (!seen || seen.month < line.month) latest.set(line.siteId, line);
  }
  return [...latest.values()];
}

/** Leases and their monthly rent expiring per month (bars: leases; line: rent, minor units). */
export function expiryByMonth(profile: ExpiryProfile): SeriesData {
  return {
    categories: profile.months.map((m) => m.month),
    series: [
      { key: "leases", values: profile.months.map((m) => m.leases) },
      { key: "monthlyRentMinor", values: profile.months.map((m) => m.monthlyRentMinor) },
    ],
  };
}

/** Payments received per day (net, minor units), one series per method. */
export function journalByDay(lines: JournalLine[]): SeriesData {
  const days = [...new Set(lines.map((l) => l.date))].sort();
  const methods = [...new Set(lines.map((l) => l.method))].sort();
  return {
    categories: days,
    series: methods.map((method) => ({
      key: method,
      values: days.map((day) =>
        lines
          .filter((l) => l.date === day && l.method === method)
          .reduce((sum, l) => sum + l.netMinor, 0),
      ),
    })),
  };
}

// ---- Data freshness ----

export type FreshnessLevel = "fresh" | "aging" | "quiet" | "never";

export interface SiteFreshness {
  siteId: string;
  lastEventAt: string | null;
  /** Milliseconds between the last event and the server's clock; null: nothing heard yet. */
  ageMs: number | null;
  level: FreshnessLevel;
}

/** Older than this (but not yet quiet) is worth a look. */
export const AGING_AFTER_MS = 24 * 3_600_000;

/**
 * How current each site's figures are: its last event against the server's clock (`asOf`);
 * `quiet` as the API judged it (no event for its quiet period), `aging` after a day without
 * events. Sites the user sees but the report never heard of are `never`. Worst first.
 */
export function siteFreshness(freshness: Freshness, siteIds: string[] = []): SiteFreshness[] {
  const asOf = Date.parse(freshness.asOf);
  const rows: SiteFreshness[] = freshness.sites.map((site) => {
    const ageMs = site.lastEventAt ? Math.max(0, asOf - Date.parse(site.lastEventAt)) : null;
    const level: FreshnessLevel =
      ageMs === null ? "never" : site.quiet ? "quiet" : ageMs > AGING_AFTER_MS ? "aging" : "fresh";
    return { siteId: site.siteId, lastEventAt: site.lastEventAt, ageMs, level };
  });
  for (const siteId of siteIds)
    if (!rows.some((r) => r.siteId === siteId))
      rows.push({ siteId, lastEventAt: null, ageMs: null, level: "never" });
  const rank: Record<FreshnessLevel, number> = { never: 0, quiet: 1, aging: 2, fresh: 3 };
  return rows.sort((a, b) => rank[a.level] - rank[b.level] || (b.ageMs ?? 0) - (a.ageMs ?? 0));
}

/** The worst level among the sites (`fresh` when there are none). */
export function worstFreshness(rows: SiteFreshness[]): FreshnessLevel {
  return rows[0]?.level ?? "fresh";
}

/** An age as its largest whole unit: `{unit: "minutes", count: 5}`; under a minute is `now`. */
export function ageParts(ms: number): {
  unit: "now" | "minutes" | "hours" | "days";
  count: number;
} {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return { unit: "now", count: 0 };
  if (minutes < 60) return { unit: "minutes", count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { unit: "hours", count: hours };
  return { unit: "days", count: Math.floor(hours / 24) };
}

// ---- Periods ----

/** `YYYY-MM` of a civil date `YYYY-MM-DD`. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** The month `n` months after `month` (negative: before). */
export function addMonths(month: string, n: number): string {
  const [year, mon] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const index = year * 12 + (mon - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The last day of a month, `YYYY-MM-DD`. */
export function lastDayOf(month: string): string {
  const [year, mon] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, "0")}`;
}

/** A month range as the day range the day-based reports take. */
export const daysOf = (from: string, to: string) => ({ from: `${from}-01`, to: lastDayOf(to) });

/** The default period: the `months` months up to and including today's. */
export function recentMonths(today: string, months = 6): { from: string; to: string } {
  const to = monthOf(today);
  return { from: addMonths(to, -(months - 1)), to };
}

/** The one currency of the sites, or null when they use several (totals would mix them). */
export function singleCurrency(currencies: string[]): string | null {
  const set = new Set(currencies);
  return set.size === 1 ? ([...set][0] ?? null) : null;
}
