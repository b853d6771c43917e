import { daysBetween, isCivilDate } from "@slms/primitives/civil-date";
import { type ZodRawShape, z } from "zod";

// The ranges reports take: days (`fromDate`…`toDate`) or months (`fromMonth`…`toMonth`), in
// order and no longer than the report allows; the error names `toDate`/`toMonth`.

const civilDate = z.string().refine(isCivilDate, "must be a date as YYYY-MM-DD");

type Days = { fromDate: string; toDate: string };
const bothDates = (r: Days) => isCivilDate(r.fromDate) && isCivilDate(r.toDate);

/** `fromDate`…`toDate` (YYYY-MM-DD), in order, at most `maxDays` days; beside `shape`'s fields. */
export const dateRange = <S extends ZodRawShape>(maxDays: number, shape: S = {} as S) =>
  z
    .object({ ...shape, fromDate: civilDate, toDate: civilDate })
    .refine((r) => !bothDates(r as Days) || (r as Days).fromDate <= (r as Days).toDate, {
      path: ["toDate"],
      message: "must not be before fromDate",
    })
    .refine(
      (r) => {
        const { fromDate, toDate } = r as Days;
        return (
          !bothDates(r as Days) || fromDate > toDate || daysBetween(fromDate, toDate) < maxDays
        );
      },
      { path: ["toDate"], message: `must be within ${maxDays} days of fromDate` },
    );

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as YYYY-MM");
const isMonth = (value: string) => month.safeParse(value).success;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

/** A request's `fromMonth`…`toMonth` (YYYY-MM), in order and at most `maxMonths` months. */
export const monthRange = (maxMonths: number) =>
  z
    .object({ fromMonth: month, toMonth: month })
    .refine((r) => !isMonth(r.fromMonth) || r.fromMonth <= r.toMonth, {
      path: ["toMonth"],
      message: "must not be before fromMonth",
    })
    .refine(
      (r) =>
        !isMonth(r.fromMonth) ||
        !isMonth(r.toMonth) ||
        monthIndex(r.toMonth) - monthIndex(r.fromMonth) < maxMonths,
      { path: ["toMonth"], message: `must be within ${maxMonths} months of fromMonth` },
    );
