import type { UnitStatusName } from "@slms/contracts";
import type { Caller } from "@slms/grpc";
import { normaliseIdNumber } from "../domain/identity.ts";
import { identityKey } from "../domain/keys.ts";
import type { ParsedWorkbook } from "../domain/parse.ts";
import type { ExistingSite } from "../domain/plan.ts";
import type { Owners } from "../sources.ts";

/** Sheet columns holding ID numbers a row may name an existing customer by. */
const idNumberColumns: readonly [string, string][] = [
  ["customers", "idNumber"],
  ["leases", "customerIdNumber"],
  ["prepayments", "customerIdNumber"],
];

/** Sheets whose rows may name a customer by name alone (validate-customers.ts `resolveCustomer`). */
const customerNamingSheets = ["leases", "prepayments"] as const;

/**
 * What the site already holds that a workbook may name: its units (by code), its customers
 * holding the ID numbers the workbook mentions (customers finds them by blind index) or bearing
 * a name a row gives alone, its leases (by reference), and the organisation's fee codes — read
 * page by page, never a call per row.
 */
export async function existingSite(
  owners: Owners,
  caller: Caller,
  siteId: string,
  parsed: ParsedWorkbook,
): Promise<ExistingSite> {
  const call = { caller };
  const units: NonNullable<ExistingSite["units"]>[number][] = [];
  for (let token = "", first = true; first || token; first = false) {
    const page = await owners.assets.ListUnits({ siteId, pageSize: 500, pageToken: token }, call);
    for (const u of page.units)
      units.push({
        id: u.id,
        code: u.code,
        status: u.status.replace(/^UNIT_STATUS_/, "").toLowerCase() as UnitStatusName,
        grossAreaHundredths: Math.round(Number(u.grossAreaM2) * 100),
      });
    token = page.nextPageToken;
  }
  const leases: NonNullable<ExistingSite["leases"]>[number][] = [];
  for (let token = "", first = true; first || token; first = false) {
    const page = await owners.contracts.ListLeases(
      { siteId, pageSize: 500, pageToken: token },
      call,
    );
    for (const l of page.leases)
      leases.push({ id: l.id, reference: l.reference, customerId: l.customerId });
    token = page.nextPageToken;
  }
  const idNumbers = new Set<string>();
  for (const [sheet, column] of idNumberColumns) {
    for (const row of parsed.sheets[sheet as keyof typeof parsed.sheets]?.rows ?? []) {
      const text = row.text[column];
      if (text) idNumbers.add(normaliseIdNumber(text));
    }
  }
  const customers: NonNullable<ExistingSite["customers"]>[number][] = [];
  const numbers = [...idNumbers].filter((n) => n.length > 0);
  for (let i = 0; i < numbers.length; i += 10_000) {
    const found = await owners.customers.FindCustomersByIdNumber(
      { siteId, idNumbers: numbers.slice(i, i + 10_000) },
      call,
    );
    for (const c of found.customers)
      customers.push({ id: c.customerId, name: c.name, idNumber: normaliseIdNumber(c.idNumber) });
  }
  const customersByName = await siteCustomersNamed(owners, caller, siteId, namesAlone(parsed));
  const { items } = await owners.billing.ListFeeItems({}, call);
  return { units, customers, customersByName, leases, feeCodes: items.map((f) => f.code) };
}

/** {@link identityKey} of every customer name a row gives without an ID number. */
function namesAlone(parsed: ParsedWorkbook): Set<string> {
  const names = new Set<string>();
  for (const sheet of customerNamingSheets) {
    for (const row of parsed.sheets[sheet]?.rows ?? []) {
      const name = row.values.customerName;
      if (row.values.customerIdNumber === undefined && typeof name === "string" && name !== "") {
        names.add(identityKey(name));
      }
    }
  }
  return names;
}

/**
 * The site's customers bearing one of these names. Customers' search (`query`) matches part of a
 * name by ILIKE, not by identityKey (full-width letters, brackets), and would be a call per
 * name; so the site's customers are paged through — none or few at a site going live — and only
 * when some row names a customer by name alone.
 */
async function siteCustomersNamed(
  owners: Owners,
  caller: Caller,
  siteId: string,
  names: Set<string>,
): Promise<NonNullable<ExistingSite["customersByName"]>[number][]> {
  const found: NonNullable<ExistingSite["customersByName"]>[number][] = [];
  if (names.size === 0) return found;
  for (let token = "", first = true; first || token; first = false) {
    const page = await owners.customers.ListCustomers(
      { siteId, pageSize: 500, pageToken: token },
      { caller },
    );
    for (const c of page.customers)
      if (names.has(identityKey(c.name))) found.push({ id: c.id, name: c.name });
    token = page.nextPageToken;
  }
  return found;
}
