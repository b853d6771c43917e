import { Descriptions } from "antd";
import { useTranslation } from "react-i18next";
import { formatMoney, minorToDecimal } from "../../format/money";
import { useFeeItems } from "./data";
import type { Terms } from "./lease-form";

/** One version of a lease's terms, in words. */
export function TermsView({ terms, currency }: { terms: Terms; currency: string }) {
  const { t, i18n } = useTranslation();
  const { nameOf } = useFeeItems();
  const money = (minor: number) => formatMoney(minor, currency, i18n.language);
  const hundredths = (value: number) => minorToDecimal(value, 2);
  const none = t("common.none");
  return (
    <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
      <Descriptions.Item label={t("leases.form.frequency")}>
        {t(`leases.frequencies.${terms.frequency}`)} · {t(`leases.alignments.${terms.alignment}`)}
      </Descriptions.Item>
      <Descriptions.Item label={t("leases.terms.rent")}>
        {terms.rent.kind === "per_period"
          ? t("leases.terms.perPeriod", { amount: money(terms.rent.amountMinor) })
          : t("leases.terms.perM2", {
              rate: money(terms.rent.rateMinorPerM2),
              area: hundredths(terms.rent.areaHundredths),
            })}
      </Descriptions.Item>
      <Descriptions.Item label={t("leases.terms.escalation")}>
        {terms.escalation.kind === "none"
          ? t("leases.escalationKinds.none")
          : terms.escalation.kind === "fixed_percent"
            ? t("leases.terms.percentPerYear", {
                percent: hundredths(terms.escalation.basisPoints),
              })
            : terms.escalation.steps
                .map((step) =>
                  t("leases.terms.stepFrom", { from: step.from, value: money(step.value) }),
                )
                .join("; ")}
      </Descriptions.Item>
      <Descriptions.Item label={t("leases.terms.rentFree")}>
        {terms.rentFree.length === 0
          ? none
          : terms.rentFree
              .map((period) => t("leases.terms.period", { from: period.from, to: period.to }))
              .join("; ")}
      </Descriptions.Item>
      <Descriptions.Item label={t("leases.terms.billing")}>
        {t("leases.terms.billingValue", { lead: terms.billLeadDays, due: terms.dueDay })}
      </Descriptions.Item>
      <Descriptions.Item label={t("leases.terms.deposit")}>
        {money(terms.depositMinor)}
      </Descriptions.Item>
      <Descriptions.Item label={t("leases.terms.fees")}>
        {terms.fees.length === 0
          ? none
          : terms.fees.map((fee) => (
              <div key={`${fee.feeCode}-${fee.basis}-${fee.amountMinor}`}>
                {t("leases.terms.feeLine", {
                  fee: nameOf(fee.feeCode),
                  amount: money(fee.amountMinor),
                  basis: t(`leases.feeBases.${fee.basis}`),
                })}
              </div>
            ))}
      </Descriptions.Item>
      <Descriptions.Item label={t("leases.terms.lateFee")}>
        {t("leases.terms.lateFeeValue", {
          grace: terms.lateFee.graceDays,
          daily: hundredths(terms.lateFee.dailyBasisPoints),
          cap: hundredths(terms.lateFee.capBasisPoints),
        })}
      </Descriptions.Item>
      <Descriptions.Item label={t("leases.terms.penalty")}>
        {terms.penalty.kind === "none"
          ? t("leases.penaltyKinds.none")
          : terms.penalty.kind === "months_of_rent"
            ? t("leases.terms.penaltyMonths", { months: terms.penalty.months })
            : money(terms.penalty.amountMinor)}
      </Descriptions.Item>
    </Descriptions>
  );
}
