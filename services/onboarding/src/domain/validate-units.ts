/**
 * The 单元 (units) sheet, by the assets service's rules: code format (services/assets/src/domain/
 * fields.ts `code`), name and floor lengths, kind, areas with at most 2 decimals and usable not
 * above gross (services/assets/src/domain/area.ts `checkAreas`), list rent an amount. Codes are
 * unique in the site: a code twice in the sheet, or already at the site, is an error. A status
 * must agree with the leases sheet ({@link checkLetStatuses}).
 */
import type { UnitKindName, UnitStatusName } from "@slms/contracts";
import { type Context, report, rowMessage, rowReadable, value } from "./context.ts";
import { identityKey, rowKey } from "./keys.ts";
import type { ParsedRow, ParsedSheet } from "./parse.ts";
import type { PlannedUnit } from "./plan.ts";
import type { LeaseIndex } from "./validate-leases.ts";
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

/**
 * The units sheet's statuses against the leases of the workbook, as the commit makes them: a unit
 * is made in its status (assets ImportUnits: vacant, reserved, maintenance or inactive), then the
 * hold of a lease leases it if it is vacant or reserved and the lease has started (assets
 * ImportUnitHolds, as HoldUnits; later, the status sync). As of the go-live date, so:
 * - 已出租 (leased): a lease of the workbook lets the unit on that day — nothing else leases it;
 * - 预留 (reserved): no lease of the workbook lets it on that day (its hold would lease it); one
 *   starting later leaves it reserved until it starts;
 * - 维修中, 停用 (maintenance, inactive): no lease of the workbook lets it at all — assets refuses
 *   to hold an inactive unit and never leases one under maintenance; validate-leases.ts reports
 *   it on the lease's row.
 */
export function checkLetStatuses(
  ctx: Context,
  sheet: ParsedSheet | undefined,
  units: ReadonlyMap<string, WorkbookUnit>,
  leases: Pick<LeaseIndex, "letUnits" | "letOnGoLive">,
): void {
  if (!sheet) return;
  const goLive = ctx.asOf;
  for (const [code, unit] of units) {
    const onGoLive = leases.letOnGoLive.has(code);
    if (unit.status === "leased" && !leases.letUnits.has(code)) {
      report(ctx, sheet, unit.row, "status", {
        zh: "标为已出租，但“合同”表中没有租用该单元的合同",
        en: "says leased, but no lease of the Leases sheet lets the unit",
      });
    } else if (unit.status === "leased" && !onGoLive) {
      report(ctx, sheet, unit.row, "status", {
        zh: `标为已出租，但“合同”表中租用该单元的合同在上线日期（${goLive}）之后才开始，在此之前应为空置或预留`,
        en: `says leased, but the leases of the Leases sheet letting the unit start after the go-live date (${goLive}): it is vacant or reserved until then`,
      });
    } else if (unit.status === "reserved" && onGoLive) {
      report(ctx, sheet, unit.row, "status", {
        zh: `标为预留，但“合同”表中有合同在上线日期（${goLive}）租用该单元，应为已出租`,
        en: `says reserved, but a lease of the Leases sheet lets the unit on the go-live date (${goLive}): it is leased`,
      });
    }
  }
}
