/**
 * What a valid workbook becomes: typed requests for each owning service, in the order a commit
 * makes them (units → customers → leases → opening arrears, deposits, prepayments). Every row
 * carries the sheet and row it came from and an idempotency key (keys.ts) that is the same
 * every time the same site imports the same row, so a resumed import never creates it twice.
 *
 * Money is integer minor units of the site's currency, areas hundredths of a m², dates
 * `YYYY-MM-DD`. References between rows say whether the other object is in this workbook (by
 * its row's key) or already at the site (by its id).
 */
import type { LeaseTermsData, UnitKindName, UnitStatusName } from "@slms/contracts";
import type { CustomerKindName, IdDocumentTypeName } from "./identity.ts";
import type { SheetKey } from "./sheets.ts";

export interface RowOrigin {
  sheet: SheetKey;
  /** The spreadsheet's row number. */
  row: number;
  /** Idempotency key of the row's request (keys.ts). */
  key: string;
}

export interface PlannedUnit extends RowOrigin {
  code: string;
  name: string;
  /** Building name as written ("" for none); the site's buildings are matched by name. */
  building: string;
  floor: string;
  kind: UnitKindName;
  grossAreaHundredths: number;
  usableAreaHundredths: number;
  listRentMonthlyMinor: number;
  /**
   * As the sheet says it (validate-units.ts `checkLetStatuses`). A leased unit is made vacant
   * (assets cannot import a unit leased): the hold of the plan's lease letting it leases it.
   */
  status: UnitStatusName;
}

export interface PlannedCustomer extends RowOrigin {
  kind: CustomerKindName;
  name: string;
  idDocumentType: IdDocumentTypeName;
  /** Normalised (upper-case, no spaces or hyphens). */
  idNumber: string;
  /** Normalised phone numbers. */
  phones: string[];
  email: string;
  emergencyContact: { name: string; phone: string; relation: string };
  tags: string[];
  consentSms: boolean;
  consentEmail: boolean;
}

export type CustomerRef =
  | { in: "workbook"; key: string; idNumber: string }
  | { in: "site"; customerId: string };

export type UnitRef =
  | { in: "workbook"; key: string; code: string }
  | { in: "site"; unitId: string; code: string };

export type LeaseRef =
  | { in: "workbook"; key: string; reference: string }
  | { in: "site"; leaseId: string; reference: string };

/** An active lease: created, then activated (which holds its units). */
export interface PlannedLease extends RowOrigin {
  reference: string;
  customer: CustomerRef;
  units: UnitRef[];
  startDate: string;
  endDate: string;
  /** Version 1 of the terms, in the shape `contracts.lease.*` events and the gateway use. */
  terms: LeaseTermsData;
}

/** A bill of kind `opening_arrears` (billing). */
export interface PlannedArrear extends RowOrigin {
  lease: LeaseRef;
  customer: CustomerRef;
  feeCode: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  amountMinor: number;
  note: string;
}

/** Deposit money held (payments' deposit ledger, `received`). */
export interface PlannedDeposit extends RowOrigin {
  lease: LeaseRef;
  customer: CustomerRef;
  amountMinor: number;
  receivedDate: string;
  method: "cash" | "bank_transfer" | "card" | "wechat_pay" | "alipay" | "other";
  reference: string;
}

/** A prepayment balance of a customer (billing), optionally of one lease. */
export interface PlannedPrepayment extends RowOrigin {
  customer: CustomerRef;
  lease: LeaseRef | null;
  amountMinor: number;
  receivedDate: string;
  note: string;
}

/**
 * The workbook's own totals, for the reconciliation report ("parallel run"): what the system
 * must hold and bill after the commit, to the fen.
 */
export interface SheetTotals {
  units: { count: number; grossAreaHundredths: number; usableAreaHundredths: number };
  customers: { count: number };
  /**
   * Monthly rent roll: each lease's base rent per month, rounded half up — a per-period rent
   * over its months, a per-m² rate times the area (services/reporting/src/domain/rent.ts).
   */
  leases: { count: number; monthlyRentRollMinor: number };
  arrears: { count: number; totalMinor: number; byFeeCode: Record<string, number> };
  deposits: { count: number; heldMinor: number };
  prepayments: { count: number; totalMinor: number };
}

export interface ImportPlan {
  siteKey: string;
  currency: string;
  /** The go-live date the plan was validated for. */
  asOf: string;
  units: PlannedUnit[];
  customers: PlannedCustomer[];
  leases: PlannedLease[];
  arrears: PlannedArrear[];
  deposits: PlannedDeposit[];
  prepayments: PlannedPrepayment[];
  totals: SheetTotals;
}

/**
 * What the site already holds that the workbook may name. The caller looks these up (for
 * customers, by the workbook's ID numbers and by the names rows give alone) before validating.
 */
export interface ExistingSite {
  units?: readonly {
    id: string;
    code: string;
    status: UnitStatusName;
    grossAreaHundredths?: number;
  }[];
  /** `idNumber` normalised. */
  customers?: readonly { id: string; name: string; idNumber: string }[];
  /**
   * The site's customers a row may name by name alone (no ID number): at least every one whose
   * name is, by `identityKey`, a name such a row gives. May repeat customers of `customers`.
   */
  customersByName?: readonly { id: string; name: string }[];
  leases?: readonly { id: string; reference: string; customerId: string }[];
  /** Fee item codes of the organisation's catalogue; absent: any well-formed code. */
  feeCodes?: readonly string[];
}
