import type { BillingServiceDefinition } from "@slms/contracts/billing";
import { type CallContext, requireCaller, type UnaryHandlers } from "@slms/grpc";
import type { BillingDeps } from "../deps.ts";
import { accrueLateFees } from "../use-cases/accrue-late-fees.ts";
import { allocatePayment } from "../use-cases/allocate-payment.ts";
import { billMeter } from "../use-cases/bill-meter.ts";
import { decideWaiver } from "../use-cases/decide-waiver.ts";
import { discardImport } from "../use-cases/discard-import.ts";
import { getBill } from "../use-cases/get-bill.ts";
import { getBillingRun } from "../use-cases/get-billing-run.ts";
import { getImportTotals } from "../use-cases/get-import-totals.ts";
import { getLeaseBalance } from "../use-cases/get-lease-balance.ts";
import { getStatement } from "../use-cases/get-statement.ts";
import { importOpeningBalances } from "../use-cases/import-opening-balances.ts";
import { listBillHistory } from "../use-cases/list-bill-history.ts";
import { listBills } from "../use-cases/list-bills.ts";
import { listFeeItems } from "../use-cases/list-fee-items.ts";
import { recordMeterReading } from "../use-cases/record-meter-reading.ts";
import { releaseImport } from "../use-cases/release-import.ts";
import { requestWaiver } from "../use-cases/request-waiver.ts";
import { reverseAllocation } from "../use-cases/reverse-allocation.ts";
import { rollBackImport } from "../use-cases/roll-back-import.ts";
import { startBillingRun } from "../use-cases/start-billing-run.ts";
import { upsertFeeItem } from "../use-cases/upsert-fee-item.ts";
import { withdrawPrepayment } from "../use-cases/withdraw-prepayment.ts";
import { billStatusIn, toBill, toBillHistory, toRun, toWaiver } from "./mappers.ts";

const caller = (context: CallContext) => requireCaller(context.caller);
const present = (value: string | undefined) => (value ? value : undefined);

/** gRPC ⇄ use-cases. Only mapping here. */
export function billingHandlers(deps: BillingDeps): UnaryHandlers<BillingServiceDefinition> {
  return {
    ListFeeItems: async (_req, ctx) => ({ items: await listFeeItems(deps, caller(ctx)) }),
    UpsertFeeItem: async (req, ctx) => ({
      item: await upsertFeeItem(
        deps,
        caller(ctx),
        req.item ?? { code: "", name: "", category: "" },
      ),
    }),
    StartBillingRun: async (req, ctx) => {
      const { run, preview, previewTotals } = await startBillingRun(deps, caller(ctx), {
        siteId: present(req.siteId),
        targetDate: req.targetDate,
        dryRun: req.dryRun,
        wait: req.wait,
        leaseIds: req.leaseIds.length > 0 ? req.leaseIds : undefined,
      });
      return {
        run: toRun(run),
        preview: preview.map(toBill),
        previewAmountMinor: previewTotals?.amountMinor ?? 0,
        previewLeases: previewTotals?.leases ?? 0,
        leasesKnown: previewTotals?.leasesKnown ?? 0,
      };
    },
    GetBillingRun: async (req, ctx) => ({
      run: toRun(
        await getBillingRun(deps, caller(ctx), { siteId: present(req.siteId), runId: req.id }),
      ),
    }),
    ListBills: async (req, ctx) => {
      const page = await listBills(deps, caller(ctx), {
        siteId: req.siteId,
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
        status: billStatusIn(req.status),
        leaseId: present(req.leaseId),
        customerId: present(req.customerId),
        periodFrom: present(req.periodFrom),
        periodTo: present(req.periodTo),
        overdue: req.overdue,
      });
      return { bills: page.items.map(toBill), nextPageToken: page.nextPageToken ?? "" };
    },
    ListBillHistory: async (req, ctx) => {
      const page = await listBillHistory(deps, caller(ctx), {
        siteId: req.siteId,
        pageSize: req.pageSize,
        pageToken: present(req.pageToken),
      });
      return { bills: page.items.map(toBillHistory), nextPageToken: page.nextPageToken ?? "" };
    },
    GetBill: async (req, ctx) => {
      const { bill, entries } = await getBill(deps, caller(ctx), {
        siteId: req.siteId,
        billId: req.id,
      });
      return {
        bill: toBill(bill),
        entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })),
      };
    },
    AllocatePayment: async (req, ctx) =>
      allocatePayment(deps, caller(ctx), {
        siteId: req.siteId,
        paymentId: req.paymentId,
        customerId: req.customerId,
        leaseId: present(req.leaseId),
        amountMinor: req.amountMinor,
        currency: req.currencyCode,
        billIds: req.billIds,
        receivedAt: req.receivedAt,
        source: req.paymentId.startsWith("dep") ? "deposit" : "payment",
      }),
    ReverseAllocation: async (req, ctx) =>
      reverseAllocation(deps, caller(ctx), {
        siteId: req.siteId,
        paymentId: req.paymentId,
        reason: req.reason,
      }),
    WithdrawPrepayment: async (req, ctx) =>
      withdrawPrepayment(deps, caller(ctx), {
        siteId: req.siteId,
        customerId: req.customerId,
        leaseId: present(req.leaseId),
        amountMinor: req.amountMinor,
        reference: req.reference,
        reason: req.reason,
      }),
    RequestWaiver: async (req, ctx) => ({
      waiver: toWaiver(
        await requestWaiver(deps, caller(ctx), {
          siteId: req.siteId,
          billId: req.billId,
          amountMinor: req.amountMinor,
          reason: req.reason,
        }),
      ),
    }),
    DecideWaiver: async (req, ctx) => ({
      waiver: toWaiver(
        await decideWaiver(deps, caller(ctx), {
          siteId: req.siteId,
          waiverId: req.id,
          approve: req.approve,
          note: req.note,
        }),
      ),
    }),
    RecordMeterReading: async (req, ctx) => {
      const reading = await recordMeterReading(deps, caller(ctx), {
        siteId: req.siteId,
        meterCode: req.meterCode,
        kind: req.kind as "water",
        unitId: present(req.unitId),
        sharedUnitIds: req.sharedUnitIds,
        readingDate: req.readingDate,
        valueMilli: req.valueMilli,
      });
      return { reading };
    },
    BillMeter: async (req, ctx) => {
      const result = await billMeter(deps, caller(ctx), {
        siteId: req.siteId,
        meterCode: req.meterCode,
        fromDate: req.fromDate,
        toDate: req.toDate,
        unitPriceMinor: req.unitPriceMinor,
        totalCostMinor: req.totalCostMinor,
      });
      return {
        consumptionMilli: result.consumptionMilli,
        totalMinor: result.totalMinor,
        bills: result.bills.map(toBill),
      };
    },
    GetStatement: async (req, ctx) => {
      const s = await getStatement(deps, caller(ctx), {
        siteId: req.siteId,
        customerId: req.customerId,
        leaseId: present(req.leaseId),
        fromDate: req.fromDate,
        toDate: req.toDate,
      });
      return {
        openingBalanceMinor: s.openingBalanceMinor,
        chargesMinor: s.chargesMinor,
        paymentsMinor: s.paymentsMinor,
        creditsMinor: s.creditsMinor,
        closingBalanceMinor: s.closingBalanceMinor,
        prepaymentMinor: s.prepaymentMinor,
        currencyCode: s.currency,
        lines: s.lines,
      };
    },
    GetLeaseBalance: async (req, ctx) => {
      const b = await getLeaseBalance(deps, caller(ctx), {
        siteId: req.siteId,
        leaseId: req.leaseId,
      });
      return {
        openMinor: b.openMinor,
        overdueMinor: b.overdueMinor,
        prepaymentMinor: b.prepaymentMinor,
        currencyCode: b.currency,
      };
    },
    AccrueLateFees: async (req, ctx) =>
      accrueLateFees(deps, caller(ctx), {
        siteId: present(req.siteId),
        throughDate: present(req.throughDate),
      }),
    ImportOpeningBalances: async (req, ctx) =>
      importOpeningBalances(deps, caller(ctx), {
        siteId: req.siteId,
        batchId: req.batchId,
        bills: req.bills,
        prepayments: req.prepayments,
      }),
    ReleaseImport: async (req, ctx) => ({
      state: await releaseImport(deps, caller(ctx), { siteId: req.siteId, batchId: req.batchId }),
    }),
    DiscardImport: async (req, ctx) => ({
      state: await discardImport(deps, caller(ctx), { siteId: req.siteId, batchId: req.batchId }),
    }),
    GetImportTotals: async (req, ctx) =>
      getImportTotals(deps, caller(ctx), { siteId: req.siteId, batchId: req.batchId }),
    RollBackImport: async (req, ctx) => ({
      state: await rollBackImport(deps, caller(ctx), {
        siteId: req.siteId,
        batchId: req.batchId,
        checkOnly: req.checkOnly,
        leaseIds: req.leaseIds,
        customerIds: req.customerIds,
      }),
    }),
  };
}
