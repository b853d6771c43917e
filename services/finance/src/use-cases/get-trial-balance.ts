import type { TrialBalance } from "@slms/contracts/finance";
import { invalid, parseInput } from "@slms/errors";
import { addDays, EARLIEST_DATE, isDateInRange, startOfDayIn, todayIn } from "@slms/primitives";
import { z } from "zod";
import { sumJournal } from "../db/trial-balance.ts";
import type { FinanceDeps } from "../deps.ts";
import type { EdgeClient } from "../domain/edge-caller.ts";
import { siteInScope } from "./site-in-scope.ts";

const date = z
  .string()
  .refine((v) => v === "" || isDateInRange(v), "must be a date YYYY-MM-DD (2000–2099)");

const input = z.object({ site_id: z.string(), from_date: date, to_date: date });

export interface GetTrialBalanceInput {
  siteId: string;
  fromDate: string;
  toDate: string;
}

/**
 * A site's trial balance over a period of civil dates in the site's time zone: per account the
 * balance of the entries posted before the period, the period's debits and credits, and the
 * closing balance. An entry is posted on the civil date of its change's `occurred_at` at the
 * site. Empty `from_date`: from the first change (no opening balance); empty `to_date`: today at
 * the site. The site must be in the client's scope (NOT_FOUND otherwise).
 */
export async function getTrialBalance(
  deps: FinanceDeps,
  client: EdgeClient,
  request: GetTrialBalanceInput,
): Promise<TrialBalance> {
  const value = parseInput(
    input,
    { site_id: request.siteId, from_date: request.fromDate, to_date: request.toDate },
    "request",
  );
  const site = await siteInScope(deps, client, value.site_id);
  const zone = site.timeZone;
  const to = value.to_date || todayIn(zone, deps.clock());
  const from = value.from_date || EARLIEST_DATE;
  if (from > to)
    throw invalid("invalid request", [{ field: "from_date", message: "is after to_date" }]);
  const { accounts, top } = await sumJournal(deps.db, {
    orgId: client.orgId,
    siteId: site.id,
    start: value.from_date ? startOfDayIn(from, zone) : null,
    end: startOfDayIn(addDays(to, 1), zone),
  });
  const money = (amountMinor: number) => ({ currencyCode: site.currencyCode, amountMinor });
  let debit = 0;
  let credit = 0;
  for (const account of accounts) {
    debit += account.periodDebitMinor;
    credit += account.periodCreditMinor;
  }
  return {
    siteId: site.id,
    fromDate: from,
    toDate: to,
    accounts: accounts.map((account) => ({
      siteId: site.id,
      accountCode: account.code,
      accountName: account.name,
      openingBalance: money(account.openingMinor),
      periodDebit: money(account.periodDebitMinor),
      periodCredit: money(account.periodCreditMinor),
      closingBalance: money(
        account.openingMinor + account.periodDebitMinor - account.periodCreditMinor,
      ),
    })),
    periodDebit: money(debit),
    periodCredit: money(credit),
    throughPosition: top,
  };
}
