import type { Caller } from "@slms/grpc";
import { paymentView } from "../db/rows.ts";
import { findPaymentInScope } from "../db/scope.ts";
import type { PaymentsDeps } from "../deps.ts";
import { type BillLabel, buildReceipt } from "../domain/receipt.ts";
import { renderReceiptPdf } from "../receipt/render-receipt.ts";

/**
 * A payment's receipt as a printable PDF (A5 landscape, Chinese rendered), void-marked if the
 * payment was reversed. What each allocated bill was for is asked of billing; if billing cannot
 * answer, the receipt shows the bill ids instead of failing.
 */
export async function getReceiptPdf(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  paymentId: string,
): Promise<{ pdf: Buffer; fileName: string }> {
  const payment = paymentView(
    await findPaymentInScope(deps.db, caller, siteId, paymentId, "paymentId"),
  );
  const site = await deps.sites.facts(caller, siteId);
  const bills = await billLabels(
    deps,
    caller,
    siteId,
    payment.allocations.map((a) => a.billId),
  );
  const pdf = await renderReceiptPdf(buildReceipt(payment, site, bills));
  return { pdf, fileName: `receipt-${payment.receiptNumber}.pdf` };
}

async function billLabels(
  deps: PaymentsDeps,
  caller: Caller,
  siteId: string,
  billIds: string[],
): Promise<Map<string, BillLabel>> {
  const labels = new Map<string, BillLabel>();
  if (billIds.length === 0) return labels;
  try {
    const { items } = await deps.billing.ListFeeItems({}, { caller });
    const names = new Map(items.map((item) => [item.code, `${item.nameZh} ${item.name}`.trim()]));
    for (const billId of billIds) {
      const { bill } = await deps.billing.GetBill({ siteId, id: billId }, { caller });
      if (!bill) continue;
      labels.set(billId, {
        feeName: names.get(bill.feeCode) ?? bill.feeCode,
        periodStart: bill.periodStart,
        periodEnd: bill.periodEnd,
      });
    }
  } catch (error) {
    deps.logger.warn({ err: error, siteId }, "receipt printed without bill details");
  }
  return labels;
}
