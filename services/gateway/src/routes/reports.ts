import type {
  Ageing,
  AuditEntry,
  DashboardFigures,
  LeaseExpiry,
  Occupancy,
  OccupancyDay,
  RentRollLine,
} from "@slms/contracts/reporting";
import { z } from "zod";
import type { GatewayDeps } from "../deps.ts";
import { sitesGranting } from "../domain/roles.ts";
import { type ExportFormat, exportQuery, fileName, sendTable, type Table } from "../http/export.ts";
import { civilDate, id, pageQuery } from "../http/fields.ts";
import { type RouteResult, route } from "../http/route.ts";
import {
  ageingTable,
  auditTable,
  collectionTable,
  dashboardTable,
  expiryTable,
  freshnessTable,
  journalTable,
  occupancyHistoryTable,
  occupancyTable,
  rentRollTable,
  rentYieldTable,
  revenueTable,
} from "./report-tables.ts";

// Reports from the reporting service's read models, for one site (`siteId`) or every site the
// caller may see. A site outside the caller's scope is 404.

const tags = ["Reports"];

const siteFilter = z.strictObject({
  siteId: id.optional().describe("one site; absent: every site you can see"),
  ...exportQuery,
});

const freshnessQuery = siteFilter.extend({
  quietAfterDays: z.coerce
    .number()
    .int("must be a whole number from 1 to 366")
    .min(1, "must be a whole number from 1 to 366")
    .max(366, "must be a whole number from 1 to 366")
    .default(7)
    .describe("a site with no event for this many days is quiet"),
});

/** `from`…`to` (days in each site's time zone) beside `base`'s fields, in order, at most `maxDays` apart. */
function dayRange<S extends z.ZodRawShape>(base: z.ZodObject<S>, maxDays: number) {
  type Days = { from: string; to: string };
  return base
    .extend({
      from: civilDate.describe("first day, in each site's time zone"),
      to: civilDate.describe(`last day (at most ${maxDays} days after \`from\`)`),
    })
    .refine((q) => (q as Days).from <= (q as Days).to, {
      path: ["to"],
      message: "must not be before from",
    })
    .refine(
      (q) => Date.parse((q as Days).to) - Date.parse((q as Days).from) < maxDays * 86_400_000,
      {
        path: ["to"],
        message: `must be within ${maxDays} days of from`,
      },
    );
}

const journalQuery = dayRange(siteFilter, 366);

export const journalSchema = z.object({
  lines: z.array(
    z.object({
      siteId: z.string(),
      date: z.string().describe("the day received, in the site's time zone"),
      method: z.string(),
      cashierId: z.string(),
      cashierName: z.string().nullable().describe("null: no such user (e.g. a system import)"),
      currency: z.string(),
      payments: z.number(),
      receivedMinor: z.number(),
      reversed: z.number().describe("of those payments, how many were reversed since"),
      reversedMinor: z.number(),
      netMinor: z.number().describe("received less reversed"),
    }),
  ),
});

const ageingQuery = siteFilter.extend({
  top: z.coerce
    .number()
    .int("must be a whole number from 1 to 100")
    .min(1, "must be a whole number from 1 to 100")
    .max(100, "must be a whole number from 1 to 100")
    .default(10)
    .describe("how many debtors to list"),
});

const money = z.number().describe("minor units");
const ageingSchema = z.object({
  notDueMinor: money.describe("not yet due (due today included)"),
  overdue1to30Minor: money.describe("past due by 1–30 days"),
  overdue31to60Minor: money,
  overdue61to90Minor: money,
  overdueOver90Minor: money.describe("past due by more than 90 days"),
  openMinor: money.describe("all of the above"),
  openBills: z.number(),
});

export const ageingReportSchema = z.object({
  sites: z.array(
    z.object({
      siteId: z.string(),
      currency: z.string(),
      total: ageingSchema,
      byFeeItem: z.array(z.object({ feeCode: z.string(), ageing: ageingSchema })),
    }),
  ),
  topDebtors: z.array(
    z.object({
      siteId: z.string(),
      customerId: z.string(),
      customerName: z.string().nullable().describe("null: not known to reports yet"),
      currency: z.string(),
      ageing: ageingSchema,
    }),
  ),
});

const month = z
  .string()
  .max(7, "must be a month as YYYY-MM")
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as YYYY-MM")
  .describe("YYYY-MM");
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
const collectionQuery = siteFilter
  .extend({ from: month.describe("first month"), to: month.describe("last month (at most 24)") })
  .refine((q) => q.from <= q.to, { path: ["to"], message: "must not be before from" })
  .refine((q) => monthIndex(q.to) - monthIndex(q.from) < 24, {
    path: ["to"],
    message: "must be within 24 months of from",
  });

export const rentYieldSchema = z.object({
  lines: z.array(
    z.object({
      siteId: z.string(),
      month: z.string(),
      dimension: z.enum(["total", "building", "kind"]),
      key: z
        .string()
        .nullable()
        .describe("the building id or unit kind; null for the total and units outside buildings"),
      currency: z.string(),
      units: z.number().describe("units with rent billed for the month"),
      areaM2: z.string().describe("m², two decimals"),
      billedRentMinor: money.describe("rent billed for the month's days, shared by unit area"),
      rentPerM2MonthMinor: z.number().nullable(),
      listRentMinor: money.describe("the same units' list rent per month"),
      listRentPerM2MonthMinor: z.number().nullable(),
      yield: z.number().describe("billed over list rent, basis points"),
    }),
  ),
});

export const collectionSchema = z.object({
  lines: z.array(
    z.object({
      siteId: z.string(),
      month: z.string().describe("YYYY-MM: bills due in the month"),
      feeCode: z
        .string()
        .nullable()
        .describe("null: the site's month in total, before its fee items"),
      currency: z.string(),
      billedMinor: money.describe("bills due in the month, less waivers (应收)"),
      collectedMinor: money.describe("allocated to those bills to date (实收)"),
      collectionRate: z.number().describe("collected over billed, basis points"),
      collectedInMonthMinor: money.describe("of it, received by the month's last day"),
      currentCollectionRate: z.number().describe("current-period collection rate, basis points"),
      arrearsOpeningMinor: money.describe("owed at the month's start on bills due before it"),
      arrearsCollectedMinor: money.describe("received in the month against those arrears"),
      arrearsCollectionRate: z.number().describe("basis points"),
    }),
  ),
});

const revenueQuery = dayRange(siteFilter, 1830);

export const revenueSchema = z.object({
  lines: z.array(
    z.object({
      siteId: z.string(),
      month: z.string().describe("YYYY-MM"),
      feeCode: z.string(),
      currency: z.string(),
      bills: z.number().describe("bills whose period starts in the month (and the range)"),
      billedMinor: money,
      waivedMinor: money.describe("waived and credited on those bills"),
      netBilledMinor: money.describe("billed less waived"),
      collectedMinor: money.describe(
        "allocated on the month's days (in the range), less reversals",
      ),
    }),
  ),
});

const objectName = z
  .string()
  .max(100, "must be at most 100 characters")
  .regex(/^[\w:.-]+$/, "must be letters, digits, _ : . or -");
const auditQuery = dayRange(
  pageQuery.extend({
    siteId: id.optional().describe("one site; absent: every site you can audit"),
    ...exportQuery,
    objectType: objectName
      .optional()
      .describe("site, unit, customer, lease, bill, payment, deposit, user, fee_item"),
    objectId: objectName.optional().describe("the object's id"),
    actor: objectName.optional().describe("the user id who made the change"),
  }),
  366,
);

export const auditSchema = z.object({
  items: z.array(
    z.object({
      eventId: z.string(),
      siteId: z.string().nullable().describe("null: a change of no site"),
      objectType: z.string(),
      objectId: z.string(),
      action: z.string().describe("the event, e.g. customers.customer.updated"),
      actor: z.string().describe("the user id, or system:<job>"),
      actorName: z.string().nullable().describe("null: not a user (e.g. a system job)"),
      occurredAt: z.string(),
      traceId: z.string().nullable(),
      changes: z.array(
        z.object({
          field: z.string(),
          before: z.unknown().optional().describe("absent: the object was new"),
          after: z.unknown(),
        }),
      ),
    }),
  ),
  nextCursor: z.string().nullable(),
});

const historyQuery = dayRange(siteFilter, 366);

const expiryQuery = siteFilter.extend({
  months: z.coerce
    .number()
    .int("must be a whole number from 1 to 60")
    .min(1, "must be a whole number from 1 to 60")
    .max(60, "must be a whole number from 1 to 60")
    .default(24)
    .describe("months shown from the current one"),
});

export const expirySchema = z.object({
  siteId: z.string().nullable().describe("null: every site together"),
  activeLeases: z.number(),
  waleYearsByRent: z.string().nullable().describe("years, two decimals; null: no rent"),
  waleYearsByArea: z.string().nullable().describe("years, two decimals; null: no area"),
  months: z.array(
    z.object({
      month: z.string().describe("YYYY-MM, or `later` after the last month shown"),
      leases: z.number(),
      areaM2: z.string(),
      monthlyRentMinor: z.number(),
    }),
  ),
});

const rentRollQuery = pageQuery.extend({
  siteId: id.optional().describe("one site; absent: every site you can see"),
  ...exportQuery,
});

export const rentRollSchema = z.object({
  items: z.array(
    z.object({
      siteId: z.string(),
      leaseId: z.string(),
      reference: z.string(),
      customerId: z.string(),
      customerName: z
        .string()
        .nullable()
        .describe("null: the customer is not known to reports yet"),
      unitCodes: z.array(z.string()),
      areaM2: z.string().describe("gross area of the units, m²"),
      monthlyRentMinor: z.number(),
      rentPerM2MonthMinor: z.number().nullable().describe("null: no area known"),
      startDate: z.string(),
      endDate: z.string(),
      depositHeldMinor: z.number(),
      balanceMinor: z.number().describe("what the lease's bills still owe, due or not"),
      overdueMinor: z.number().describe("of it, past due"),
      nextEscalation: z
        .object({
          date: z.string().describe("the first day of the new rent"),
          kind: z.enum(["fixed_percent", "stepped"]),
          basisPoints: z.number().nullable().describe("fixed_percent: the rise"),
          valueMinor: z
            .number()
            .nullable()
            .describe("stepped: the new amount per period, or rate per m² for per-m² rent"),
        })
        .nullable()
        .describe("null: no escalation left in the lease"),
      currency: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

const area = z.string().describe("m², two decimals");
const basisPoints = z.number().describe("basis points of 100% (10000 = all), rounded half up");
export const occupancySchema = z.object({
  units: z.number(),
  leasedUnits: z.number(),
  vacantUnits: z.number(),
  reservedUnits: z.number(),
  maintenanceUnits: z.number(),
  inactiveUnits: z.number(),
  areaM2: area,
  leasedAreaM2: area,
  vacantAreaM2: area,
  reservedAreaM2: area,
  maintenanceAreaM2: area,
  inactiveAreaM2: area,
  vacancyRateUnits: basisPoints.describe("vacant units over units not inactive, basis points"),
  vacancyRateArea: basisPoints.describe("vacant area over area not inactive, basis points"),
});

export const occupancyReportSchema = z.object({
  sites: z.array(
    z.object({
      siteId: z.string(),
      total: occupancySchema,
      byKind: z.array(z.object({ kind: z.string(), occupancy: occupancySchema })),
      byBuilding: z.array(
        z.object({
          buildingId: z.string().nullable().describe("null: units outside any building"),
          occupancy: occupancySchema,
        }),
      ),
    }),
  ),
  total: occupancySchema,
});

const occupancyDaySchema = z.object({
  siteId: z.string().nullable().describe("null: every site together"),
  date: z.string(),
  occupancy: occupancySchema,
});
export const occupancyHistorySchema = z.object({
  sites: z.array(occupancyDaySchema),
  total: z.array(occupancyDaySchema),
});

export const freshnessSchema = z.object({
  asOf: z.string().describe("the server's clock: what quiet was measured against"),
  sites: z.array(
    z.object({
      siteId: z.string(),
      lastEventAt: z.string().nullable().describe("null: nothing heard of the site yet"),
      quiet: z.boolean(),
      activity: z.array(
        z.object({ type: z.string(), lastOccurredAt: z.string(), events: z.number() }),
      ),
    }),
  ),
});

export const dashboardSchema = z.object({
  siteId: z.string().nullable().describe("null: every site together"),
  occupancy: occupancySchema,
  activeLeases: z.number(),
  monthlyRentMinor: z.number().describe("rent per month of every active lease"),
  leasesEndingIn90Days: z
    .number()
    .describe("active leases ending within 90 days, or past their end"),
  depositsHeldMinor: z.number(),
  collectedThisMonthMinor: z
    .number()
    .describe("received this month (site time zone), less reversals"),
  billedThisMonthMinor: z.number().describe("bills due this month, less waivers"),
  billedThisMonthCollectedMinor: z.number().describe("of those, allocated to date"),
  collectionRate: z.number().describe("the two above, basis points"),
  arrearsMinor: z.number().describe("balances of bills past their due date"),
  lastEventAt: z.string().nullable(),
  quiet: z.boolean().describe("no event for 7 days"),
});

const occupancyOut = (o: Occupancy | null | undefined) => ({
  units: o?.units ?? 0,
  leasedUnits: o?.leasedUnits ?? 0,
  vacantUnits: o?.vacantUnits ?? 0,
  reservedUnits: o?.reservedUnits ?? 0,
  maintenanceUnits: o?.maintenanceUnits ?? 0,
  inactiveUnits: o?.inactiveUnits ?? 0,
  areaM2: o?.areaM2 ?? "0.00",
  leasedAreaM2: o?.leasedAreaM2 ?? "0.00",
  vacantAreaM2: o?.vacantAreaM2 ?? "0.00",
  reservedAreaM2: o?.reservedAreaM2 ?? "0.00",
  maintenanceAreaM2: o?.maintenanceAreaM2 ?? "0.00",
  inactiveAreaM2: o?.inactiveAreaM2 ?? "0.00",
  vacancyRateUnits: o?.vacancyRateUnitsBp ?? 0,
  vacancyRateArea: o?.vacancyRateAreaBp ?? 0,
});

const expiryOut = (e: LeaseExpiry | null | undefined) => ({
  siteId: e?.siteId || null,
  activeLeases: e?.activeLeases ?? 0,
  waleYearsByRent: e?.waleYearsByRent || null,
  waleYearsByArea: e?.waleYearsByArea || null,
  months: (e?.buckets ?? []).map((b) => ({
    month: b.month,
    leases: b.leases,
    areaM2: b.areaM2,
    monthlyRentMinor: Number(b.monthlyRentMinor),
  })),
});

const dashboardOut = (f: DashboardFigures | null | undefined) => ({
  siteId: f?.siteId || null,
  occupancy: occupancyOut(f?.occupancy),
  activeLeases: f?.activeLeases ?? 0,
  monthlyRentMinor: Number(f?.monthlyRentMinor ?? 0),
  leasesEndingIn90Days: f?.expiringSoon ?? 0,
  depositsHeldMinor: Number(f?.depositsHeldMinor ?? 0),
  collectedThisMonthMinor: Number(f?.collectedThisMonthMinor ?? 0),
  billedThisMonthMinor: Number(f?.billedThisMonthMinor ?? 0),
  billedThisMonthCollectedMinor: Number(f?.billedThisMonthCollectedMinor ?? 0),
  collectionRate: f?.collectionRateBp ?? 0,
  arrearsMinor: Number(f?.arrearsMinor ?? 0),
  lastEventAt: f?.lastEventAt || null,
  quiet: f?.quiet ?? true,
});

const rentRollLineOut = (l: RentRollLine) => ({
  siteId: l.siteId,
  leaseId: l.leaseId,
  reference: l.reference,
  customerId: l.customerId,
  customerName: l.customerName || null,
  unitCodes: l.unitCodes,
  areaM2: l.areaM2,
  monthlyRentMinor: Number(l.monthlyRentMinor),
  rentPerM2MonthMinor:
    l.rentPerM2MonthMinor === undefined || l.rentPerM2MonthMinor === null
      ? null
      : Number(l.rentPerM2MonthMinor),
  startDate: l.startDate,
  endDate: l.endDate,
  depositHeldMinor: Number(l.depositHeldMinor),
  balanceMinor: Number(l.balanceMinor),
  overdueMinor: Number(l.overdueMinor),
  nextEscalation: l.nextEscalation
    ? {
        date: l.nextEscalation.date,
        kind: l.nextEscalation.kind as "fixed_percent" | "stepped",
        basisPoints:
          l.nextEscalation.kind === "fixed_percent" ? l.nextEscalation.basisPoints : null,
        valueMinor:
          l.nextEscalation.kind === "stepped" ? Number(l.nextEscalation.valueMinor) : null,
      }
    : null,
  currency: l.currencyCode,
});

const ageingOut = (a: Ageing | null | undefined) => ({
  notDueMinor: Number(a?.notDueMinor ?? 0),
  overdue1to30Minor: Number(a?.overdue1to30Minor ?? 0),
  overdue31to60Minor: Number(a?.overdue31to60Minor ?? 0),
  overdue61to90Minor: Number(a?.overdue61to90Minor ?? 0),
  overdueOver90Minor: Number(a?.overdueOver90Minor ?? 0),
  openMinor: Number(a?.openMinor ?? 0),
  openBills: a?.openBills ?? 0,
});

/**
 * The report as JSON, or as a csv/xlsx file of its rows named after the report and its filters
 * (the site first, `all-sites` without one).
 */
function answer<R>(
  query: { format: ExportFormat; lang: "zh" | "en"; siteId?: string | undefined },
  body: unknown,
  table: () => Table<R>,
  filters: string[] = [],
): RouteResult {
  if (query.format === "json") return { status: 200, body };
  const format = query.format;
  const file = table();
  return {
    status: 200,
    body: null,
    stream: (res) =>
      sendTable(
        res,
        file,
        format,
        query.lang,
        fileName(file.name, [query.siteId, ...filters], format),
      ),
  };
}

/** The items of `first` and of every page after it, fetched one at a time as the file is written. */
async function* everyPage<P extends { nextPageToken: string }, T>(
  first: P,
  next: (pageToken: string) => Promise<P>,
  items: (page: P) => T[] | Promise<T[]>,
): AsyncGenerator<T> {
  for (let page = first; ; page = await next(page.nextPageToken)) {
    yield* await items(page);
    if (!page.nextPageToken) return;
  }
}

export function reportRoutes({ reporting, db }: GatewayDeps) {
  /** Users are the gateway's: the journal names its cashiers by id. */
  const namesOf = async (ids: string[]) =>
    new Map(
      (
        await db.user.findMany({
          where: { id: { in: [...new Set(ids)] } },
          select: { id: true, name: true },
        })
      ).map((u) => [u.id, u.name]),
    );

  return [
    route({
      method: "get",
      path: "/api/v1/reports/occupancy",
      operationId: "getOccupancyReport",
      summary: "Occupancy and vacancy by site, unit kind and building",
      tags,
      access: "reports.read",
      query: siteFilter,
      responses: {
        200: { description: "Units and area by status", schema: occupancyReportSchema },
      },
      handler: async ({ query, caller }) => {
        const report = await reporting.GetOccupancy({ siteId: query.siteId ?? "" }, { caller });
        const body = {
          sites: report.sites.map((site) => ({
            siteId: site.siteId,
            total: occupancyOut(site.total),
            byKind: site.byKind.map((k) => ({
              kind: k.kind,
              occupancy: occupancyOut(k.occupancy),
            })),
            byBuilding: site.byBuilding.map((b) => ({
              buildingId: b.buildingId || null,
              occupancy: occupancyOut(b.occupancy),
            })),
          })),
          total: occupancyOut(report.total),
        };
        return answer(query, body, () => occupancyTable(body));
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/data-freshness",
      operationId: "getDataFreshnessReport",
      summary: "When each site was last heard of, by kind of event (数据同步检查)",
      tags,
      access: "reports.read",
      query: freshnessQuery,
      responses: { 200: { description: "Freshness per site", schema: freshnessSchema } },
      handler: async ({ query, caller }) => {
        const report = await reporting.GetDataFreshness(
          { siteId: query.siteId ?? "", quietAfterDays: query.quietAfterDays },
          { caller },
        );
        const body = {
          asOf: report.asOf,
          sites: report.sites.map((site) => ({
            siteId: site.siteId,
            lastEventAt: site.lastEventAt || null,
            quiet: site.quiet,
            activity: site.activity.map((a) => ({
              type: a.type,
              lastOccurredAt: a.lastOccurredAt,
              events: Number(a.events),
            })),
          })),
        };
        return answer(query, body, () => freshnessTable(body), [`quiet-${query.quietAfterDays}d`]);
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/payment-journal",
      operationId: "getPaymentJournal",
      summary: "Payment journal (财务流水) by site, day, method and cashier",
      tags,
      access: "reports.read",
      query: journalQuery,
      responses: {
        200: { description: "Journal lines, by site, day, method, cashier", schema: journalSchema },
      },
      handler: async ({ query, caller }) => {
        const { lines } = await reporting.GetPaymentJournal(
          { siteId: query.siteId ?? "", fromDate: query.from, toDate: query.to },
          { caller },
        );
        const names = await namesOf(lines.map((l) => l.cashier));
        const body = {
          lines: lines.map((l) => ({
            siteId: l.siteId,
            date: l.date,
            method: l.method,
            cashierId: l.cashier,
            cashierName: names.get(l.cashier) ?? null,
            currency: l.currencyCode,
            payments: l.payments,
            receivedMinor: Number(l.receivedMinor),
            reversed: l.reversed,
            reversedMinor: Number(l.reversedMinor),
            netMinor: Number(l.receivedMinor) - Number(l.reversedMinor),
          })),
        };
        return answer(query, body, () => journalTable(body), [query.from, query.to]);
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/lease-expiry",
      operationId: "getLeaseExpiryReport",
      summary: "Lease expiry profile and WALE",
      tags,
      access: "reports.read",
      query: expiryQuery,
      responses: {
        200: {
          description: "Active leases by the month they end, per site and in total",
          schema: z.object({ sites: z.array(expirySchema), total: expirySchema }),
        },
      },
      handler: async ({ query, caller }) => {
        const report = await reporting.GetLeaseExpiry(
          { siteId: query.siteId ?? "", months: query.months },
          { caller },
        );
        const body = { sites: report.sites.map(expiryOut), total: expiryOut(report.total) };
        return answer(query, body, () => expiryTable(body), [`${query.months}-months`]);
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/rent-roll",
      operationId: "getRentRoll",
      summary: "Rent roll: every active lease with units, tenant, rent, dates and deposit",
      tags,
      access: "reports.read",
      query: rentRollQuery,
      responses: { 200: { description: "A page of the rent roll", schema: rentRollSchema } },
      handler: async ({ query, caller }) => {
        const pageOf = (pageToken: string) =>
          reporting.GetRentRoll(
            {
              siteId: query.siteId ?? "",
              // A file holds the whole rent roll, read 500 leases at a time.
              pageSize: query.format === "json" ? query.limit : 500,
              pageToken,
            },
            { caller },
          );
        // The first page before anything is sent: a site out of scope is a 404, not a cut file.
        const first = await pageOf(query.cursor ?? "");
        const body = {
          items: first.lines.map(rentRollLineOut),
          nextCursor: first.nextPageToken || null,
        };
        return answer(query, body, () =>
          rentRollTable(everyPage(first, pageOf, (page) => page.lines.map(rentRollLineOut))),
        );
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/dashboard",
      operationId: "getDashboard",
      summary: "HQ dashboard: each site's headline figures and their total",
      tags,
      access: "reports.read",
      query: siteFilter,
      responses: {
        200: {
          description: "Figures per site and for every site together (money added across sites)",
          schema: z.object({ sites: z.array(dashboardSchema), total: dashboardSchema }),
        },
      },
      handler: async ({ query, caller }) => {
        const report = await reporting.GetDashboard({ siteId: query.siteId ?? "" }, { caller });
        const body = { sites: report.sites.map(dashboardOut), total: dashboardOut(report.total) };
        return answer(query, body, () => dashboardTable(body));
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/receivables-ageing",
      operationId: "getReceivablesAgeing",
      summary: "Receivables ageing (应收账龄) by site and fee item, with the top debtors",
      tags,
      access: "reports.read",
      query: ageingQuery,
      responses: {
        200: { description: "Open balances by days past due", schema: ageingReportSchema },
      },
      handler: async ({ query, caller }) => {
        const report = await reporting.GetReceivablesAgeing(
          { siteId: query.siteId ?? "", topDebtors: query.top },
          { caller },
        );
        const body = {
          sites: report.sites.map((site) => ({
            siteId: site.siteId,
            currency: site.currencyCode,
            total: ageingOut(site.total),
            byFeeItem: site.byFeeItem.map((f) => ({
              feeCode: f.feeCode,
              ageing: ageingOut(f.ageing),
            })),
          })),
          topDebtors: report.topDebtors.map((d) => ({
            siteId: d.siteId,
            customerId: d.customerId,
            customerName: d.customerName || null,
            currency: d.currencyCode,
            ageing: ageingOut(d.ageing),
          })),
        };
        return answer(query, body, () => ageingTable(body), [`top-${query.top}`]);
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/collection-rate",
      operationId: "getCollectionRate",
      summary: "Collection rate (收缴率) per site, month and fee item, current period and arrears",
      tags,
      access: "reports.read",
      query: collectionQuery,
      responses: { 200: { description: "Lines per site and month", schema: collectionSchema } },
      handler: async ({ query, caller }) => {
        const { lines } = await reporting.GetCollectionRate(
          { siteId: query.siteId ?? "", fromMonth: query.from, toMonth: query.to },
          { caller },
        );
        const body = {
          lines: lines.map((l) => ({
            siteId: l.siteId,
            month: l.month,
            feeCode: l.feeCode || null,
            currency: l.currencyCode,
            billedMinor: Number(l.billedMinor),
            collectedMinor: Number(l.collectedMinor),
            collectionRate: l.rateBp,
            collectedInMonthMinor: Number(l.collectedInMonthMinor),
            currentCollectionRate: l.currentRateBp,
            arrearsOpeningMinor: Number(l.arrearsOpeningMinor),
            arrearsCollectedMinor: Number(l.arrearsCollectedMinor),
            arrearsCollectionRate: l.arrearsRateBp,
          })),
        };
        return answer(query, body, () => collectionTable(body), [query.from, query.to]);
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/revenue",
      operationId: "getRevenueReport",
      summary: "Revenue by fee item (按收费项目统计) per site and month",
      tags,
      access: "reports.read",
      query: revenueQuery,
      responses: {
        200: { description: "Lines per site, month and fee item", schema: revenueSchema },
      },
      handler: async ({ query, caller }) => {
        const { lines } = await reporting.GetRevenue(
          { siteId: query.siteId ?? "", fromDate: query.from, toDate: query.to },
          { caller },
        );
        const body = {
          lines: lines.map((l) => ({
            siteId: l.siteId,
            month: l.month,
            feeCode: l.feeCode,
            currency: l.currencyCode,
            bills: l.bills,
            billedMinor: Number(l.billedMinor),
            waivedMinor: Number(l.waivedMinor),
            netBilledMinor: Number(l.netBilledMinor),
            collectedMinor: Number(l.collectedMinor),
          })),
        };
        return answer(query, body, () => revenueTable(body), [query.from, query.to]);
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/audit-trail",
      operationId: "listAuditTrail",
      summary: "Audit trail: who changed what, when, before → after, from which trace",
      description:
        "HQ admins and auditors across the organisation; site managers for their sites only.",
      tags,
      access: "audit.read",
      query: auditQuery,
      serviceFields: { fromDate: "from", toDate: "to" },
      responses: { 200: { description: "A page of entries, newest first", schema: auditSchema } },
      handler: async ({ query, caller, principal }) => {
        // Only the sites where the caller's role may audit, not every site they work at.
        const scoped = { ...caller, siteIds: sitesGranting(principal, "audit.read") };
        const pageOf = (pageToken: string) =>
          reporting.ListAuditEntries(
            {
              siteId: query.siteId ?? "",
              objectType: query.objectType ?? "",
              objectId: query.objectId ?? "",
              actor: query.actor ?? "",
              fromDate: query.from,
              toDate: query.to,
              // A file holds every entry of the filter, read 500 at a time.
              pageSize: query.format === "json" ? query.limit : 500,
              pageToken,
            },
            { caller: scoped },
          );
        const entriesOut = async (entries: AuditEntry[]) => {
          const names = await namesOf(entries.map((e) => e.actor));
          return entries.map((e) => ({
            eventId: e.eventId,
            siteId: e.siteId || null,
            objectType: e.objectType,
            objectId: e.objectId,
            action: e.action,
            actor: e.actor,
            actorName: names.get(e.actor) ?? null,
            occurredAt: e.occurredAt,
            traceId: e.traceId || null,
            changes: e.changes.map((c) => ({
              field: c.field,
              ...(c.beforeJson === undefined || c.beforeJson === null
                ? {}
                : { before: JSON.parse(c.beforeJson) as unknown }),
              after: JSON.parse(c.afterJson) as unknown,
            })),
          }));
        };
        // The first page before anything is sent: a site out of scope is a 404, not a cut file.
        const first = await pageOf(query.cursor ?? "");
        const body = {
          items: await entriesOut(first.entries),
          nextCursor: first.nextPageToken || null,
        };
        return answer(
          query,
          body,
          () => auditTable(everyPage(first, pageOf, (page) => entriesOut(page.entries))),
          [query.from, query.to],
        );
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/occupancy-history",
      operationId: "getOccupancyHistory",
      summary: "Occupancy over time: units and area by status at the end of each day",
      tags,
      access: "reports.read",
      query: historyQuery,
      responses: {
        200: {
          description: "Per site and day, and per day in total",
          schema: occupancyHistorySchema,
        },
      },
      handler: async ({ query, caller }) => {
        const report = await reporting.GetOccupancyHistory(
          { siteId: query.siteId ?? "", fromDate: query.from, toDate: query.to },
          { caller },
        );
        const day = (d: OccupancyDay) => ({
          siteId: d.siteId || null,
          date: d.date,
          occupancy: occupancyOut(d.occupancy),
        });
        const body = { sites: report.sites.map(day), total: report.total.map(day) };
        return answer(query, body, () => occupancyHistoryTable(body), [query.from, query.to]);
      },
    }),
    route({
      method: "get",
      path: "/api/v1/reports/rent-yield",
      operationId: "getRentYield",
      summary: "Rent yield per m² (租金收益率) by site, building and unit kind, against list rent",
      tags,
      access: "reports.read",
      query: collectionQuery,
      responses: { 200: { description: "Lines per site and month", schema: rentYieldSchema } },
      handler: async ({ query, caller }) => {
        const { lines } = await reporting.GetRentYield(
          { siteId: query.siteId ?? "", fromMonth: query.from, toMonth: query.to },
          { caller },
        );
        const optional = (value: number | string | null | undefined) =>
          value === undefined || value === null ? null : Number(value);
        const body = {
          lines: lines.map((l) => ({
            siteId: l.siteId,
            month: l.month,
            dimension: l.dimension as "total" | "building" | "kind",
            key: l.key || null,
            currency: l.currencyCode,
            units: l.units,
            areaM2: l.areaM2,
            billedRentMinor: Number(l.billedRentMinor),
            rentPerM2MonthMinor: optional(l.rentPerM2MonthMinor),
            listRentMinor: Number(l.listRentMinor),
            listRentPerM2MonthMinor: optional(l.listRentPerM2MonthMinor),
            yield: l.yieldBp,
          })),
        };
        return answer(query, body, () => rentYieldTable(body), [query.from, query.to]);
      },
    }),
  ];
}
