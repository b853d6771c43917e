import type { customerKinds, idDocumentTypes } from "@slms/contracts";
import type { FieldIssue } from "@slms/errors";

export type CustomerKindName = (typeof customerKinds)[number];
export type IdDocumentTypeName = (typeof idDocumentTypes)[number];

/** Document types each kind of customer may hold. `other` covers documents not listed. */
export const documentTypesOfKind: Record<CustomerKindName, readonly IdDocumentTypeName[]> = {
  person: ["resident_id", "passport", "hk_macao_taiwan_permit", "other"],
  company: ["unified_social_credit_code", "other"],
};

/**
 * The form ID numbers are compared, stored and shown in: upper-case, without the spaces and
 * hyphens people type or print between groups.
 */
export function normaliseIdNumber(raw: string): string {
  return raw.replaceAll(/[\s-]/g, "").toUpperCase();
}

/**
 * Checks a customer's identity fields together: the document type must suit the kind of
 * customer, and the number must be valid for the type. Returns the normalised number, or the
 * issues naming `idDocumentType` / `idNumber`.
 */
export function checkIdentity(
  kind: CustomerKindName,
  type: IdDocumentTypeName,
  rawNumber: string,
  today: Date = new Date(),
): { number: string } | { issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const allowed = documentTypesOfKind[kind];
  if (!allowed.includes(type)) {
    issues.push({ field: "idDocumentType", message: `must be ${orList(allowed)} for a ${kind}` });
  }
  const number = normaliseIdNumber(rawNumber);
  const problem = number === "" ? "is required" : idNumberProblem(type, number, today);
  if (problem) issues.push({ field: "idNumber", message: problem });
  return issues.length > 0 ? { issues } : { number };
}

function orList(items: readonly string[]): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** Why a normalised number is not a valid number of the type, or null when it is. */
export function idNumberProblem(
  type: IdDocumentTypeName,
  number: string,
  today: Date = new Date(),
): string | null {
  switch (type) {
    case "resident_id":
      return residentIdProblem(number, today);
    case "unified_social_credit_code":
      return socialCreditCodeProblem(number);
    case "passport":
    case "hk_macao_taiwan_permit":
    case "other":
      return /^[A-Z0-9]{5,20}$/.test(number) ? null : "must be 5–20 letters or digits";
  }
}

// GB 11643-1999: 17 digits (region, birth date YYYYMMDD, sequence) and an ISO 7064 MOD 11-2
// check character.
const residentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentCheckChars = "10X98765432";

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * residentWeights[i]!;
  return residentCheckChars[sum % 11]!;
}

function residentIdProblem(number: string, today: Date): string | null {
  if (!/^\d{17}[\dX]$/.test(number)) return "must be 18 characters: 17 digits and a digit or X";
  if (!isBirthDate(number.slice(6, 14), today)) return "has no valid birth date";
  if (residentIdCheckChar(number) !== number[17]) return "has a wrong check digit";
  return null;
}

function isBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid && date.getTime() <= today.getTime();
}

// GB 32100-2015: 18 characters of a 31-character alphabet (no I, O, Z, S, V); the last is a
// check character over the first 17 with weights 3^i mod 31.
const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a unified social credit code. */
export function socialCreditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += creditCodeAlphabet.indexOf(first17[i]!) * creditCodeWeights[i]!;
  }
  return creditCodeAlphabet[(31 - (sum % 31)) % 31]!;
}

function socialCreditCodeProblem(number: string): string | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(number)) {
    return "must be 18 digits or capital letters (not I, O, Z, S, V)";
  }
  if (!/^\d{6}$/.test(number.slice(2, 8)))
    return "must have a 6-digit region code in characters 3–8";
  if (socialCreditCodeCheckChar(number) !== number[17]) return "has a wrong check character";
  return null;
}

/**
 * How an ID number is shown to callers who may not read it: the last 4 characters, and for long
 * numbers (18-character resident IDs and credit codes) the first 4 too (`1101**********1234`),
 * the rest as `*`; a number of 8 characters or fewer keeps only its last 2. At least half of a
 * number stays hidden. Built from the plain parts stored beside the ciphertext, so showing it
 * decrypts nothing.
 */
export function maskIdNumber(parts: IdNumberPlainParts): string {
  const { length, prefix4, last4 } = parts;
  if (length <= 8) return "*".repeat(Math.max(length - 2, 0)) + last4.slice(-2);
  return prefix4 + "*".repeat(length - prefix4.length - 4) + last4;
}

/** Numbers at least this long show (and store in clear) their first 4 characters. */
const PREFIX_FROM_LENGTH = 16;

/** The characters of a number stored in clear: exactly what the mask shows, plus last4. */
export interface IdNumberPlainParts {
  length: number;
  /** First 4 characters of a number of 16 or more (the mask shows them), else "". */
  prefix4: string;
  /** Last 4 characters: the mask shows them (or the last 2), and suffix search uses them. */
  last4: string;
}

export function plainPartsOf(number: string): IdNumberPlainParts {
  return {
    length: number.length,
    prefix4: number.length >= PREFIX_FROM_LENGTH ? number.slice(0, 4) : "",
    last4: number.slice(-4),
  };
}
