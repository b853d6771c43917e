import {
  EARLIEST_DATE,
  isAmountInRange,
  isDateInRange,
  LATEST_DATE,
  MAX_AMOUNT_MINOR,
} from "@slms/primitives/bounds";
import { type Context, report } from "./context.ts";
import type { ParsedRow, ParsedSheet } from "./parse.ts";
import type { Message } from "./vocabulary.ts";

// The platform's bounds (@slms/primitives/bounds): amounts 0 … 10¹¹ minor units, civil dates
// 2000-01-01 … 2099-12-31. Cells are read as yuan, so messages say yuan.

const maxYuan = (MAX_AMOUNT_MINOR / 100).toLocaleString("en");

export const amountMessage: Message = {
  zh: `金额应在 0 到 ${maxYuan} 元之间`,
  en: `must be an amount from 0 to ${maxYuan}`,
};

export const positiveAmountMessage: Message = {
  zh: `金额应大于 0，最多 ${maxYuan} 元`,
  en: `must be an amount above 0, at most ${maxYuan}`,
};

export const dateRangeMessage: Message = {
  zh: `日期应在 ${EARLIEST_DATE} 到 ${LATEST_DATE} 之间`,
  en: `must be a date from ${EARLIEST_DATE} to ${LATEST_DATE}`,
};

/** Reports an amount out of bounds; true when it is in them. */
export function checkAmount(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  field: string,
  amount: number | undefined,
  positive = false,
): boolean {
  if (amount === undefined || isAmountInRange(amount, positive)) return true;
  report(ctx, sheet, row, field, positive ? positiveAmountMessage : amountMessage);
  return false;
}

/** Reports a date out of bounds; true when it is in them. */
export function checkDate(
  ctx: Context,
  sheet: ParsedSheet,
  row: ParsedRow,
  field: string,
  date: string | undefined,
): boolean {
  if (date === undefined || isDateInRange(date)) return true;
  report(ctx, sheet, row, field, dateRangeMessage);
  return false;
}
