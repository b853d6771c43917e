import { formatLocal } from "@slms/primitives/zoned";
import { amountInWords } from "./amount-in-words.ts";
import { formatMoney, minorDigits } from "./money.ts";
import { paymentMethodLabels } from "./payment-methods.ts";
import type { PaymentView } from "./views.ts";

/** A line of a receipt's allocation table. */
export interface ReceiptLine {
  label: string;
  amount: string;
}

/** Everything a printed receipt shows, as text: the renderer only lays it out. */
export interface Receipt {
  title: string;
  siteName: string;
  receiptNumber: string;
  /** Local time at the site, e.g. `2026-01-15 10:30 (Asia/Shanghai)`. */
  receivedAt: string;
  payer: string;
  customerId: string;
  /** The lease's reference as it was when paid, else its id; "" for no lease. */
  lease: string;
  method: string;
  reference: string;
  amount: string;
  /** Capital numerals (大写), e.g. 人民币壹万贰仟叁佰肆拾伍元陆角柒分; "" where not written. */
  amountInWords: string;
  lines: ReceiptLine[];
  /** Why no allocation lines are shown yet, or "". */
  allocationNote: string;
  /** The cashier's name as it was when paid, else their user id. */
  cashier: string;
  /** Set when the payment was reversed: the receipt is void. */
  voided: { reason: string; at: string } | null;
}

/** What the receipt knows about a bill a payment paid (from billing, when it could be asked). */
export interface BillLabel {
  feeName: string;
  periodStart: string;
  periodEnd: string;
}

const currencyNames: Record<string, string> = {
  CNY: "人民币",
  HKD: "港币",
  USD: "美元",
  EUR: "欧元",
};

/** Capital numerals with the currency's Chinese name; only for currencies counted in 元角分. */
export function amountInWordsFor(minor: number, currency: string): string {
  if (minorDigits(currency) !== 2) return "";
  return `${currencyNames[currency] ?? `${currency} `}${amountInWords(minor)}`;
}

/** The receipt of a payment at a site. */
export function buildReceipt(
  payment: PaymentView,
  site: { name: string; timeZone: string },
  bills: ReadonlyMap<string, BillLabel>,
): Receipt {
  const money = (minor: number) => formatMoney(minor, payment.currency);
  const method = paymentMethodLabels[payment.method];
  const lines: ReceiptLine[] = payment.allocations.map((a) => {
    const bill = bills.get(a.billId);
    const label = bill
      ? `${bill.feeName} ${bill.periodStart} ~ ${bill.periodEnd} (${a.billId})`
      : `账单 Bill ${a.billId}`;
    return { label, amount: money(a.amountMinor) };
  });
  if (payment.prepaidMinor > 0) {
    lines.push({ label: "预收款 Prepayment", amount: money(payment.prepaidMinor) });
  }
  const allocationNote =
    payment.allocationStatus === "allocated"
      ? ""
      : payment.allocationStatus === "pending"
        ? "分配处理中 Allocation pending"
        : "分配待核对 Allocation under review";
  const at = (instant: Date) => `${formatLocal(instant, site.timeZone)} (${site.timeZone})`;
  return {
    title: "收款收据 RECEIPT",
    siteName: site.name,
    receiptNumber: payment.receiptNumber,
    receivedAt: at(payment.receivedAt),
    payer: payment.payer,
    customerId: payment.customerId,
    lease: payment.leaseReference || (payment.leaseId ?? ""),
    method: `${method.zh} ${method.en}`,
    reference: payment.reference,
    amount: money(payment.amountMinor),
    amountInWords: amountInWordsFor(payment.amountMinor, payment.currency),
    lines,
    allocationNote,
    cashier: payment.recordedByName || payment.recordedBy,
    voided:
      payment.status === "reversed"
        ? {
            reason: payment.reversalReason ?? "",
            at: payment.reversedAt ? at(payment.reversedAt) : "",
          }
        : null,
  };
}
