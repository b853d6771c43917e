import { DatePicker, type FormItemProps } from "antd";
import type { Rule } from "antd/es/form";
import dayjs, { type Dayjs } from "dayjs";
import type { TFunction } from "i18next";
import { decimalToMinor } from "../../format/money";

/** Form.Item props that keep a DatePicker's value as a civil date `YYYY-MM-DD` in the form. */
export const civilDate: Pick<FormItemProps, "getValueProps" | "normalize"> = {
  getValueProps: (value: string | undefined) => ({ value: value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null | undefined) => (value ? value.format("YYYY-MM-DD") : undefined),
};

export function CivilDatePicker(props: { "aria-label"?: string; disabled?: boolean }) {
  return <DatePicker format="YYYY-MM-DD" style={{ width: "100%" }} {...props} />;
}

/** A required decimal with at most `digits` decimals, not negative. */
export function decimalRule(
  t: TFunction,
  digits: number,
  problem: "amount" | "percent" | "area",
  required = true,
): Rule {
  return {
    validator: async (_, value: string | undefined) => {
      if (value === undefined || value.trim() === "") {
        if (required) throw new Error(t("leases.problems.required"));
        return;
      }
      const minor = decimalToMinor(value, digits);
      if (minor === null || minor < 0) throw new Error(t(`leases.problems.${problem}`));
    },
  };
}

export function requiredRule(t: TFunction): Rule {
  return { required: true, message: t("leases.problems.required") };
}
