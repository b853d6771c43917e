/**
 * Message templates: text with `{{variable}}` placeholders, one per kind, language and channel
 * (e-mail has a subject; SMS only a body; webhooks carry the e-mail text). These are the built-in
 * ones; an organisation or a site may override any of them (saved overrides are checked with
 * {@link checkTemplate}, so a message never goes out with a placeholder left in it).
 */
import type { FieldIssue } from "@slms/errors";
import type { Language } from "./settings.ts";

export const kinds = [
  "bill_reminder",
  "dunning",
  "lease_expiring",
  "payment_receipt",
  "billing_run_completed",
  "waiver_requested",
  "import_finished",
] as const;
export type Kind = (typeof kinds)[number];
/** The kinds that go to staff only (in-app inbox and e-mail), never to a tenant. */
export const staffKinds = ["billing_run_completed", "waiver_requested", "import_finished"] as const;
export const templateChannels = ["email", "sms"] as const;
export type TemplateChannel = (typeof templateChannels)[number];

const billVariables = ["billId", "feeCode", "periodStart", "periodEnd", "dueDate", "amount"];

/** The variables each kind's templates may use. */
export const kindVariables: Record<Kind, readonly string[]> = {
  bill_reminder: ["customerName", "siteName", ...billVariables, "daysUntilDue"],
  dunning: ["customerName", "siteName", ...billVariables, "daysOverdue"],
  lease_expiring: ["customerName", "siteName", "leaseId", "endDate", "daysLeft"],
  payment_receipt: [
    "customerName",
    "siteName",
    "paymentId",
    "amount",
    "receiptNumber",
    "receivedDate",
    "method",
    "receiptUrl",
  ],
  billing_run_completed: [
    "siteName",
    "runId",
    "targetDate",
    "outcome",
    "issuedCount",
    "issuedAmount",
  ],
  waiver_requested: [
    "siteName",
    "customerName",
    "waiverId",
    "billId",
    "amount",
    "reason",
    "requestedBy",
  ],
  import_finished: [
    "siteName",
    "importId",
    "fileName",
    "outcome",
    "units",
    "customers",
    "leases",
    "arrears",
    "deposits",
    "prepayments",
    "reconciled",
    "error",
  ],
};

export interface TemplateText {
  /** Empty for SMS. */
  subject: string;
  body: string;
}

type BuiltIns = Record<Kind, Record<Language, Record<TemplateChannel, TemplateText>>>;

export const builtInTemplates: BuiltIns = {
  bill_reminder: {
    "zh-CN": {
      email: {
        subject: "【{{siteName}}】账单将于 {{dueDate}} 到期",
        body:
          "{{customerName}}，您好：\n\n您在{{siteName}}的账单 {{billId}}（{{feeCode}}，{{periodStart}} 至 {{periodEnd}}）" +
          "将于 {{dueDate}} 到期，还有 {{daysUntilDue}} 天。待付金额：{{amount}}。\n\n如已支付，请忽略本邮件。",
      },
      sms: {
        subject: "",
        body: "【{{siteName}}】{{customerName}}，您的账单{{billId}}将于{{dueDate}}到期，待付{{amount}}。",
      },
    },
    en: {
      email: {
        subject: "[{{siteName}}] Bill due on {{dueDate}}",
        body:
          "Dear {{customerName}},\n\nYour bill {{billId}} at {{siteName}} ({{feeCode}}, {{periodStart}} to " +
          "{{periodEnd}}) is due on {{dueDate}}, in {{daysUntilDue}} days. Amount due: {{amount}}.\n\n" +
          "If you have already paid, please ignore this message.",
      },
      sms: {
        subject: "",
        body: "[{{siteName}}] {{customerName}}, bill {{billId}} is due on {{dueDate}}: {{amount}}.",
      },
    },
  },
  dunning: {
    "zh-CN": {
      email: {
        subject: "【{{siteName}}】账单 {{billId}} 已逾期 {{daysOverdue}} 天",
        body:
          "{{customerName}} 在{{siteName}}的账单 {{billId}}（{{feeCode}}，{{periodStart}} 至 {{periodEnd}}）" +
          "已于 {{dueDate}} 到期，现已逾期 {{daysOverdue}} 天，未付金额：{{amount}}。\n\n请尽快支付。如已支付，请忽略本邮件。",
      },
      sms: {
        subject: "",
        body: "【{{siteName}}】{{customerName}}的账单{{billId}}已逾期{{daysOverdue}}天，未付{{amount}}，请尽快支付。",
      },
    },
    en: {
      email: {
        subject: "[{{siteName}}] Bill {{billId}} is {{daysOverdue}} days overdue",
        body:
          "The bill {{billId}} of {{customerName}} at {{siteName}} ({{feeCode}}, {{periodStart}} to " +
          "{{periodEnd}}) was due on {{dueDate}} and is now {{daysOverdue}} days overdue. " +
          "Outstanding: {{amount}}.\n\nPlease pay as soon as possible. If you have already paid, " +
          "please ignore this message.",
      },
      sms: {
        subject: "",
        body: "[{{siteName}}] Bill {{billId}} of {{customerName}} is {{daysOverdue}} days overdue: {{amount}} outstanding.",
      },
    },
  },
  lease_expiring: {
    "zh-CN": {
      email: {
        subject: "【{{siteName}}】租约 {{leaseId}} 将于 {{daysLeft}} 天后到期",
        body:
          "{{customerName}} 在{{siteName}}的租约 {{leaseId}} 将于 {{endDate}} 到期，" +
          "还有 {{daysLeft}} 天。请及时安排续约或退租。",
      },
      sms: {
        subject: "",
        body: "【{{siteName}}】租约{{leaseId}}将于{{endDate}}到期（{{daysLeft}}天后），请及时办理续约或退租。",
      },
    },
    en: {
      email: {
        subject: "[{{siteName}}] Lease {{leaseId}} ends in {{daysLeft}} days",
        body:
          "The lease {{leaseId}} of {{customerName}} at {{siteName}} ends on " +
          "{{endDate}}, in {{daysLeft}} days. Please arrange its renewal or the move-out.",
      },
      sms: {
        subject: "",
        body: "[{{siteName}}] Lease {{leaseId}} ends on {{endDate}} ({{daysLeft}} days).",
      },
    },
  },
  payment_receipt: {
    "zh-CN": {
      email: {
        subject: "【{{siteName}}】收款确认 {{receiptNumber}}",
        body:
          "{{customerName}}，您好：\n\n我们已于 {{receivedDate}} 收到您的付款 {{amount}}（{{method}}），" +
          "收据号 {{receiptNumber}}。\n收据：{{receiptUrl}}\n\n谢谢！",
      },
      sms: {
        subject: "",
        body: "【{{siteName}}】已收到您的付款{{amount}}，收据号{{receiptNumber}}。",
      },
    },
    en: {
      email: {
        subject: "[{{siteName}}] Payment received, receipt {{receiptNumber}}",
        body:
          "Dear {{customerName}},\n\nWe received your payment of {{amount}} ({{method}}) on " +
          "{{receivedDate}}, receipt {{receiptNumber}}.\nReceipt: {{receiptUrl}}\n\nThank you.",
      },
      sms: {
        subject: "",
        body: "[{{siteName}}] Payment of {{amount}} received, receipt {{receiptNumber}}.",
      },
    },
  },
  billing_run_completed: {
    "zh-CN": {
      email: {
        subject: "【{{siteName}}】计费运行{{outcome}}：新开账单 {{issuedCount}} 张",
        body:
          "计费运行 {{runId}}（计费至 {{targetDate}}）{{outcome}}。\n" +
          "新开账单 {{issuedCount}} 张，合计 {{issuedAmount}}。",
      },
      sms: {
        subject: "",
        body: "【{{siteName}}】计费运行{{outcome}}，新开账单{{issuedCount}}张，合计{{issuedAmount}}。",
      },
    },
    en: {
      email: {
        subject: "[{{siteName}}] Billing run {{outcome}}: {{issuedCount}} bills issued",
        body:
          "The billing run {{runId}} (up to {{targetDate}}) {{outcome}}.\n" +
          "Bills issued: {{issuedCount}}, totalling {{issuedAmount}}.",
      },
      sms: {
        subject: "",
        body: "[{{siteName}}] Billing run {{outcome}}: {{issuedCount}} bills, {{issuedAmount}}.",
      },
    },
  },
  waiver_requested: {
    "zh-CN": {
      email: {
        subject: "【{{siteName}}】减免申请待审批：{{amount}}",
        body:
          "{{requestedBy}} 申请减免 {{customerName}} 的账单 {{billId}} 共 {{amount}}，原因：{{reason}}。\n" +
          "减免单 {{waiverId}} 等待审批（申请人本人不能审批）。",
      },
      sms: {
        subject: "",
        body: "【{{siteName}}】{{requestedBy}}申请减免账单{{billId}}共{{amount}}，待审批。",
      },
    },
    en: {
      email: {
        subject: "[{{siteName}}] Waiver awaiting approval: {{amount}}",
        body:
          "{{requestedBy}} asks to waive {{amount}} of the bill {{billId}} of {{customerName}}. " +
          "Reason: {{reason}}.\nThe waiver {{waiverId}} awaits approval (not by the requester).",
      },
      sms: {
        subject: "",
        body: "[{{siteName}}] {{requestedBy}} asks to waive {{amount}} of bill {{billId}}: awaiting approval.",
      },
    },
  },
  import_finished: {
    "zh-CN": {
      email: {
        subject: "【{{siteName}}】期初数据导入{{outcome}}：{{fileName}}",
        body:
          "工作簿 {{fileName}} 的期初数据导入（{{importId}}）{{outcome}}。\n" +
          "单元 {{units}} 个，客户 {{customers}} 位，租约 {{leases}} 份，期初欠费 {{arrears}} 笔，" +
          "押金 {{deposits}} 笔，预收款 {{prepayments}} 笔。\n" +
          "对账：{{reconciled}}。\n错误：{{error}}",
      },
      sms: {
        subject: "",
        body: "【{{siteName}}】期初数据导入{{outcome}}：{{fileName}}（单元{{units}}，租约{{leases}}）。对账：{{reconciled}}。",
      },
    },
    en: {
      email: {
        subject: "[{{siteName}}] Import of {{fileName}} {{outcome}}",
        body:
          "The go-live import {{importId}} of the workbook {{fileName}} {{outcome}}.\n" +
          "Units: {{units}}, customers: {{customers}}, leases: {{leases}}, opening arrears: " +
          "{{arrears}}, deposits: {{deposits}}, prepayments: {{prepayments}}.\n" +
          "Reconciliation: {{reconciled}}.\nError: {{error}}",
      },
      sms: {
        subject: "",
        body: "[{{siteName}}] Import of {{fileName}} {{outcome}}: {{units}} units, {{leases}} leases. Reconciliation: {{reconciled}}.",
      },
    },
  },
};

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * The problems of a template text for a kind: each placeholder naming a variable the kind does
 * not have, and stray braces (`{{name` or `name}}`), as field issues.
 */
export function checkTemplate(kind: Kind, text: TemplateText, fieldPrefix = ""): FieldIssue[] {
  const allowed = kindVariables[kind];
  const issues: FieldIssue[] = [];
  for (const field of ["subject", "body"] as const) {
    const value = text[field];
    for (const match of value.matchAll(placeholder)) {
      const name = match[1] ?? "";
      if (!allowed.includes(name)) {
        issues.push({
          field: `${fieldPrefix}${field}`,
          message: `unknown variable "${name}" (${kind} has ${allowed.join(", ")})`,
        });
      }
    }
    const rest = value.replace(placeholder, "");
    if (rest.includes("{{") || rest.includes("}}")) {
      issues.push({ field: `${fieldPrefix}${field}`, message: "has an unclosed {{ or a stray }}" });
    }
  }
  return issues;
}

/** The text with every placeholder replaced by its value (checked templates only). */
export function renderTemplate(
  text: TemplateText,
  values: Readonly<Record<string, string>>,
): TemplateText {
  const fill = (value: string) =>
    value.replace(placeholder, (_, name: string) => {
      const replacement = values[name];
      if (replacement === undefined) throw new Error(`no value for template variable ${name}`);
      return replacement;
    });
  return { subject: fill(text.subject), body: fill(text.body) };
}

/** Appended to every message to a tenant: how to stop them (the SMS keyword is the provider's). */
export function optOutFooter(channel: TemplateChannel, language: Language): string {
  if (channel === "sms") return language === "en" ? " Reply T to opt out." : "回T退订";
  return language === "en"
    ? "\n\n--\nTo stop these messages, reply with “unsubscribe”."
    : "\n\n--\n如不希望再收到此类通知，请回复“退订”。";
}
