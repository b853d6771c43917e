import { z } from "zod";

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
