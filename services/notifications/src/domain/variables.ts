/**
 * The values a message's template is filled with, from the facts at send time: a bill's
 * balance then (not when the message was queued), days counted in the site's civil dates, money
 * from minor units (money.ts), a payment's day in the site's time zone.
 */
import { type CivilDate, daysBetween, todayIn } from "@slms/primitives";
import { formatMoney } from "./money.ts";
import type { Language } from "./settings.ts";

export interface Names {
  customerName: string;
  siteName: string;
}

export interface BillFigures {
  billId: string;
  feeCode: string;
  periodStart: CivilDate;
  periodEnd: CivilDate;
  dueDate: CivilDate;
  currency: string;
  balanceMinor: number;
}

export function billVariables(bill: BillFigures, today: CivilDate, names: Names) {
  return {
    ...names,
    billId: bill.billId,
    feeCode: bill.feeCode,
    periodStart: bill.periodStart,
    periodEnd: bill.periodEnd,
    dueDate: bill.dueDate,
    amount: formatMoney(bill.balanceMinor, bill.currency),
    daysUntilDue: String(Math.max(daysBetween(today, bill.dueDate), 0)),
    daysOverdue: String(Math.max(daysBetween(bill.dueDate, today), 0)),
  };
}

export function leaseVariables(
  leaseId: string,
  facts: { endDate: string; daysLeft: number },
  names: Names,
) {
  return { ...names, leaseId, endDate: facts.endDate, daysLeft: String(facts.daysLeft) };
}

const methodNames: Record<string, Record<Language, string>> = {
  cash: { "zh-CN": "现金", en: "cash" },
  bank_transfer: { "zh-CN": "银行转账", en: "bank transfer" },
  card: { "zh-CN": "银行卡", en: "card" },
  wechat_pay: { "zh-CN": "微信支付", en: "WeChat Pay" },
  alipay: { "zh-CN": "支付宝", en: "Alipay" },
  other: { "zh-CN": "其他", en: "other" },
};

export function receiptVariables(
  paymentId: string,
  facts: {
    amountMinor: number;
    currency: string;
    receiptNumber: string;
    receivedAt: string;
    method: string;
  },
  context: Names & { timeZone: string; language: Language; receiptUrl: string },
) {
  const received = new Date(facts.receivedAt);
  return {
    customerName: context.customerName,
    siteName: context.siteName,
    paymentId,
    amount: formatMoney(facts.amountMinor, facts.currency),
    receiptNumber: facts.receiptNumber,
    receivedDate: Number.isNaN(received.getTime())
      ? facts.receivedAt
      : todayIn(context.timeZone, received),
    method: methodNames[facts.method]?.[context.language] ?? facts.method,
    receiptUrl: context.receiptUrl,
  };
}

/** What a finished billing run issued, in one currency. */
export interface RunTotal {
  currency: string;
  issued: number;
  issuedMinor: number;
}

const outcomes: Record<Language, { completed: string; failed: string; allSites: string }> = {
  "zh-CN": { completed: "已完成", failed: "出错中止（重新运行可继续）", allSites: "全部场地" },
  en: { completed: "completed", failed: "failed (run it again to resume)", allSites: "All sites" },
};

/**
 * A billing run's message: the amounts issued per currency (`¥15,000.00, US$20.00`; `0` when it
 * issued nothing), and a run over every site named as such.
 */
export function billingRunVariables(
  run: { runId: string; targetDate: string; failed: boolean; issued: number; totals: RunTotal[] },
  context: { siteName: string | null; language: Language },
) {
  const words = outcomes[context.language];
  return {
    siteName: context.siteName ?? words.allSites,
    runId: run.runId,
    targetDate: run.targetDate,
    outcome: run.failed ? words.failed : words.completed,
    issuedCount: String(run.issued),
    issuedAmount:
      run.totals.length === 0
        ? "0"
        : run.totals.map((t) => formatMoney(t.issuedMinor, t.currency)).join(", "),
  };
}

/** A waiver awaiting approval: who asked (their name when known), for how much, why. */
export function waiverVariables(
  waiver: {
    waiverId: string;
    billId: string;
    amountMinor: number;
    currency: string;
    reason: string;
    requestedBy: string;
  },
  names: Names & { requesterName: string | null },
) {
  return {
    siteName: names.siteName,
    customerName: names.customerName,
    waiverId: waiver.waiverId,
    billId: waiver.billId,
    amount: formatMoney(waiver.amountMinor, waiver.currency),
    reason: waiver.reason,
    requestedBy: names.requesterName || waiver.requestedBy,
  };
}

/** The counts a go-live import's workbook carried, as `onboarding.import.finished` states them. */
export interface ImportCounts {
  units: number;
  customers: number;
  leases: number;
  arrears: number;
  deposits: number;
  prepayments: number;
}

const importWords: Record<
  Language,
  {
    committed: string;
    failed: string;
    reconciled: string;
    unreconciled: string;
    notCommitted: string;
    noError: string;
    unexplained: string;
  }
> = {
  "zh-CN": {
    committed: "已提交",
    failed: "失败（已全部撤销，未留下任何数据）",
    reconciled: "与工作簿一致，精确到分",
    unreconciled: "与工作簿不一致，请核查",
    notCommitted: "未进行（导入未提交）",
    noError: "无",
    unexplained: "未说明原因",
  },
  en: {
    committed: "committed",
    failed: "failed (everything discarded, nothing of it remains)",
    reconciled: "every figure matches the workbook to the fen",
    unreconciled: "the figures do NOT match the workbook; please check them",
    notCommitted: "not done (nothing was committed)",
    noError: "none",
    unexplained: "no reason given",
  },
};

/**
 * A go-live import's message: committed or failed in the site's language, the workbook's
 * counts, whether the system's figures equal the workbook's to the fen (a failed import was not
 * reconciled: nothing of it remains), and why it failed (`none` when committed).
 */
export function importVariables(
  facts: {
    importId: string;
    status: "committed" | "failed";
    fileName: string;
    counts: ImportCounts;
    error: string;
    reconciled: boolean;
  },
  context: { siteName: string; language: Language },
) {
  const words = importWords[context.language];
  const failed = facts.status === "failed";
  return {
    siteName: context.siteName,
    importId: facts.importId,
    fileName: facts.fileName,
    outcome: failed ? words.failed : words.committed,
    units: String(facts.counts.units),
    customers: String(facts.counts.customers),
    leases: String(facts.counts.leases),
    arrears: String(facts.counts.arrears),
    deposits: String(facts.counts.deposits),
    prepayments: String(facts.counts.prepayments),
    reconciled: failed
      ? words.notCommitted
      : facts.reconciled
        ? words.reconciled
        : words.unreconciled,
    error: failed ? facts.error.trim() || words.unexplained : words.noError,
  };
}
