import type { ReportingServiceDefinition } from "@slms/contracts/reporting";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { ReportingDeps } from "../deps.ts";
import { getCollectionRate } from "../use-cases/get-collection-rate.ts";
import { getDashboard } from "../use-cases/get-dashboard.ts";
import { getDataFreshness } from "../use-cases/get-data-freshness.ts";
import { getLeaseExpiry } from "../use-cases/get-lease-expiry.ts";
import { getOccupancy } from "../use-cases/get-occupancy.ts";
import { getOccupancyHistory } from "../use-cases/get-occupancy-history.ts";
import { getPaymentJournal } from "../use-cases/get-payment-journal.ts";
import { getRebuild } from "../use-cases/get-rebuild.ts";
import { getReceivablesAgeing } from "../use-cases/get-receivables-ageing.ts";
import { getRentRoll } from "../use-cases/get-rent-roll.ts";
import { getRentYield } from "../use-cases/get-rent-yield.ts";
import { getRevenue } from "../use-cases/get-revenue.ts";
import { listAuditEntries } from "../use-cases/list-audit-entries.ts";
import { startRebuild } from "../use-cases/start-rebuild.ts";
import {
  toAuditEntry,
  toCollectionLine,
  toDashboard,
  toDebtor,
  toJournalLine,
  toLeaseExpiry,
  toOccupancyDay,
  toOccupancyResponse,
  toRebuildJob,
  toRentRollLine,
  toRentYieldLine,
  toRevenueLine,
  toSiteAgeing,
  toSiteFreshness,
} from "./mappers.ts";

const caller = (context: CallContext) => requireCaller(context.caller);
/** Proto3 has no "unset" for plain strings: empty means absent. */
const present = (value: string | undefined) => (value ? value : undefined);

/** gRPC ⇄ use-cases. Only mapping here; rules live in the use-cases and domain. */
export function reportingHandlers(deps: ReportingDeps): UnaryHandlers<ReportingServiceDefinition> {
  return {
    GetOccupancy: async (req, ctx) =>
      toOccupancyResponse(await getOccupancy(deps, caller(ctx), present(req.siteId))),
    GetDataFreshness: async (req, ctx) => {
      const { sites, asOf } = await getDataFreshness(deps, caller(ctx), present(req.siteId), {
        quietAfterDays: req.quietAfterDays,
      });
      return { sites: sites.map(toSiteFreshness), asOf: asOf.toISOString() };
    },
    GetLeaseExpiry: async (req, ctx) => {
      const { sites, total } = await getLeaseExpiry(deps, caller(ctx), present(req.siteId), {
        months: req.months,
      });
      return { sites: sites.map(toLeaseExpiry), total: toLeaseExpiry(total) };
    },
    GetRentRoll: async (req, ctx) => {
      const page = await getRentRoll(deps, caller(ctx), present(req.siteId), {
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
      });
      return { lines: page.lines.map(toRentRollLine), nextPageToken: page.nextPageToken ?? "" };
    },
    GetDashboard: async (req, ctx) => {
      const { sites, total } = await getDashboard(deps, caller(ctx), present(req.siteId));
      return { sites: sites.map(toDashboard), total: toDashboard(total) };
    },
    GetPaymentJournal: async (req, ctx) => ({
      lines: (
        await getPaymentJournal(deps, caller(ctx), present(req.siteId), {
          fromDate: req.fromDate,
          toDate: req.toDate,
        })
      ).map(toJournalLine),
    }),
    GetReceivablesAgeing: async (req, ctx) => {
      const { sites, topDebtors } = await getReceivablesAgeing(
        deps,
        caller(ctx),
        present(req.siteId),
        { topDebtors: req.topDebtors },
      );
      return { sites: sites.map(toSiteAgeing), topDebtors: topDebtors.map(toDebtor) };
    },
    GetCollectionRate: async (req, ctx) => ({
      lines: (
        await getCollectionRate(deps, caller(ctx), present(req.siteId), {
          fromMonth: req.fromMonth,
          toMonth: req.toMonth,
        })
      ).map(toCollectionLine),
    }),
    GetRevenue: async (req, ctx) => ({
      lines: (
        await getRevenue(deps, caller(ctx), present(req.siteId), {
          fromDate: req.fromDate,
          toDate: req.toDate,
        })
      ).map(toRevenueLine),
    }),
    ListAuditEntries: async (req, ctx) => {
      const page = await listAuditEntries(deps, caller(ctx), present(req.siteId), {
        objectType: present(req.objectType),
        objectId: present(req.objectId),
        actor: present(req.actor),
        fromDate: req.fromDate,
        toDate: req.toDate,
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
      });
      return { entries: page.entries.map(toAuditEntry), nextPageToken: page.nextPageToken ?? "" };
    },
    GetOccupancyHistory: async (req, ctx) => {
      const { sites, total } = await getOccupancyHistory(deps, caller(ctx), present(req.siteId), {
        fromDate: req.fromDate,
        toDate: req.toDate,
      });
      return { sites: sites.map(toOccupancyDay), total: total.map(toOccupancyDay) };
    },
    GetRentYield: async (req, ctx) => ({
      lines: (
        await getRentYield(deps, caller(ctx), present(req.siteId), {
          fromMonth: req.fromMonth,
          toMonth: req.toMonth,
        })
      ).map(toRentYieldLine),
    }),
    StartRebuild: async (req, ctx) => ({
      job: toRebuildJob(
        await startRebuild(deps, caller(ctx), { siteId: present(req.siteId), wait: req.wait }),
      ),
    }),
    GetRebuild: async (req, ctx) => ({
      job: toRebuildJob(await getRebuild(deps, caller(ctx), req.id)),
    }),
  };
}
