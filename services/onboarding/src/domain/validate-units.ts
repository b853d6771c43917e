/**
 * The 单元 (units) sheet, by the assets service's rules: code format (services/assets/src/domain/
 * fields.ts `code`), name and floor lengths, kind, areas with at most 2 decimals and usable not
 * above gross (services/assets/src/domain/area.ts `checkAreas`), list rent an amount. Codes are
 * unique in the site: a code twice in the sheet, or already at the site, is an error.
 */
import type { UnitKindName, UnitStatusName } from "@slms/contracts";
import { type Context, report, rowMessage, rowReadable, value } from "./context.ts";
import { identityKey, rowKey } from "./keys.ts";
import type { ParsedRow, ParsedSheet } from "./parse.ts";
import type { PlannedUnit } from "./plan.ts";
import { checkAmount } from "./validate-money.ts";

/** Assets' unit code: 1–40 letters, digits, `.`, `_`, `/` or `-`, starting with a letter or digit. */
export const unitCodePattern = /^[\p{L}\p{N}][\p{L}\p{N}._/-]{0,39}$/u;

/** Assets keeps areas as decimals of at most 9 whole digits (services/assets/src/domain/area.ts). */
const MAX_AREA_HUNDREDTHS = 99_999_999_999;

/** A unit code of the workbook, valid or not (so leases naming it are not told it is missing). */
export interface WorkbookUnit {
  row: ParsedRow;
  code: string;
  status: UnitStatusName | undefined;
  grossAreaHundredths: number | undefined;
  planned: PlannedUnit | null;
}

/** Checks the units sheet; returns its units by {@link identityKey} of the code. */
export function checkUnits(
  ctx: Context,
  sheet: ParsedSheet | undefined,
): Map<string, WorkbookUnit> {
  const units = new Map<string, WorkbookUnit>();
  if (!sheet) return units;
  const existing = new Set((ctx.existing.units ?? []).map((unit) => identityKey(unit.code)));
  for (const row of sheet.rows) {
    const before = ctx.errors.length;
    const code = value<string>(ctx, sheet, row, "code", true);
    const name = value<string>(ctx, sheet, row, "name");
    const kind = value<UnitKindName>(ctx, sheet, row, "kind", true);
    const gross = value<number>(ctx, sheet, row, "grossArea", true);
    const usable = value<number>(ctx, sheet, row, "usableArea");
    const listRent = value<number>(ctx, sheet, row, "listRent") ?? 0;
    const status = value<UnitStatusName>(ctx, sheet, row, "status");

    let key: string | undefined;
    if (code !== undefined) {
      key = identityKey(code);
      const earlier = units.get(key);
      if (!unitCodePattern.test(code)) {
        report(ctx, sheet, row, "code", {
          zh: "应为 1–40 位字母、数字或 . _ / -，以字母或数字开头",
          en: "must be 1–40 letters, digits, '.', '_', '/' or '-'",
        });
      } else if (earlier) {
        report(
          ctx,
          sheet,
          row,
          "code",
          rowMessage(
            (r) => `与${r}的单元编码重复`,
            (r) => `repeats the unit code of ${r}`,
            earlier.row.row,
          ),
        );
      } else if (existing.has(key)) {
        report(ctx, sheet, row, "code", {
          zh: "本项目已有该单元编码",
          en: "is already a unit of the site",
        });
      }
    }
    if (gross !== undefined && (gross === 0 || gross > MAX_AREA_HUNDREDTHS)) {
      report(ctx, sheet, row, "grossArea", {
        zh: "应大于 0，整数部分最多 9 位",
        en: "must be above 0 with at most 9 whole digits",
      });
    }
    if (usable !== undefined && gross !== undefined && usable > gross) {
      report(ctx, sheet, row, "usableArea", {
        zh: "不能大于建筑面积",
        en: "must not exceed the gross area",
      });
    }
    checkAmount(ctx, sheet, row, "listRent", listRent);

    const valid =
      ctx.errors.length === before &&
      rowReadable(row) &&
      code !== undefined &&
      kind !== undefined &&
      gross !== undefined;
    const planned: PlannedUnit | null = valid
      ? {
          sheet: "units",
          row: row.row,
          key: rowKey(ctx.siteKey, "units", key!),
          code,
          name: name || code,
          building: value<string>(ctx, sheet, row, "building") ?? "",
          floor: value<string>(ctx, sheet, row, "floor") ?? "",
          kind,
          grossAreaHundredths: gross,
          usableAreaHundredths: usable ?? gross,
          listRentMonthlyMinor: listRent,
          status: status ?? "vacant",
        }
      : null;
    if (key !== undefined && !units.has(key)) {
      units.set(key, { row, code: code!, status, grossAreaHundredths: gross, planned });
    }
  }
  return units;
}
