/** How money moves, as the payments proto's PaymentMethod (domain names, lower case). */
export const paymentMethods = [
  "cash",
  "bank_transfer",
  "card",
  "wechat_pay",
  "alipay",
  "other",
] as const;

export type PaymentMethodName = (typeof paymentMethods)[number];

/** Labels printed on receipts. */
export const paymentMethodLabels: Record<PaymentMethodName, { zh: string; en: string }> = {
  cash: { zh: "现金", en: "Cash" },
  bank_transfer: { zh: "银行转账", en: "Bank transfer" },
  card: { zh: "银行卡", en: "Card" },
  wechat_pay: { zh: "微信支付", en: "WeChat Pay" },
  alipay: { zh: "支付宝", en: "Alipay" },
  other: { zh: "其他", en: "Other" },
};
