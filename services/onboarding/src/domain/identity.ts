/**
 * A customer's identity and contact rules, restated from the customers service so the dry run
 * refuses what registering would refuse, with messages in Chinese and English:
 * services/customers/src/domain/id-numbers.ts (document types per kind, normalised numbers,
 * GB 11643 resident IDs, GB 32100 unified social credit codes) and
 * services/customers/src/domain/contact.ts (phones, e-mail). Keep them in step.
 */
import type { customerKinds, idDocumentTypes } from "@slms/contracts";
import type { Message } from "./vocabulary.ts";

export type CustomerKindName = (typeof customerKinds)[number];
export type IdDocumentTypeName = (typeof idDocumentTypes)[number];

/** Document types each kind of customer may hold. */
export const documentTypesOfKind: Record<CustomerKindName, readonly IdDocumentTypeName[]> = {
  person: ["resident_id", "passport", "hk_macao_taiwan_permit", "other"],
  company: ["unified_social_credit_code", "other"],
};

/** Upper-case, without the spaces and hyphens people type between groups. */
export function normaliseIdNumber(raw: string): string {
  return raw.replaceAll(/[\s-]/g, "").toUpperCase();
}

/**
 * Why a normalised number is not valid for its document type, or null. `today` (`YYYY-MM-DD`)
 * bounds a resident ID's birth date.
 */
export function idNumberProblem(
  type: IdDocumentTypeName,
  number: string,
  today: string,
): Message | null {
  if (number === "") return { zh: "必填", en: "is required" };
  switch (type) {
    case "resident_id":
      return residentIdProblem(number, today);
    case "unified_social_credit_code":
      return socialCreditCodeProblem(number);
    case "passport":
    case "hk_macao_taiwan_permit":
    case "other":
      return /^[A-Z0-9]{5,20}$/.test(number)
        ? null
        : { zh: "应为 5–20 位字母或数字", en: "must be 5–20 letters or digits" };
  }
}

const residentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentCheckChars = "10X98765432";

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * residentWeights[i]!;
  return residentCheckChars[sum % 11]!;
}

function residentIdProblem(number: string, today: string): Message | null {
  if (!/^\d{17}[\dX]$/.test(number)) {
    return {
      zh: "身份证号应为 18 位：17 位数字加 1 位数字或 X",
      en: "must be 18 characters: 17 digits and a digit or X",
    };
  }
  const birth = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (!isBirthDate(birth, today)) return { zh: "出生日期无效", en: "has no valid birth date" };
  if (residentIdCheckChar(number) !== number[17]) {
    return { zh: "校验位错误", en: "has a wrong check digit" };
  }
  return null;
}

function isBirthDate(date: string, today: string): boolean {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  if (year < 1900) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  const valid =
    d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  return valid && date <= today;
}

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

function socialCreditCodeProblem(number: string): Message | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(number)) {
    return {
      zh: "统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）",
      en: "must be 18 digits or capital letters (not I, O, Z, S, V)",
    };
  }
  if (!/^\d{6}$/.test(number.slice(2, 8))) {
    return {
      zh: "第 3–8 位应为 6 位行政区划码",
      en: "must have a 6-digit region code in characters 3–8",
    };
  }
  if (socialCreditCodeCheckChar(number) !== number[17]) {
    return { zh: "校验位错误", en: "has a wrong check character" };
  }
  return null;
}

/** Digits, a leading `+` kept; spaces, hyphens, dots and brackets dropped. */
export function normalisePhone(raw: string): string {
  return raw.trim().replaceAll(/[\s\-().]/g, "");
}

export function isPhone(phone: string): boolean {
  return /^\+?\d{6,20}$/.test(phone);
}

export const phoneRule: Message = {
  zh: "电话应为 6–20 位数字，可带 +",
  en: "must be 6–20 digits with an optional leading +",
};

const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function isEmail(email: string): boolean {
  return email.length <= 254 && emailPattern.test(email);
}

export const emailRule: Message = {
  zh: "应为电子邮箱地址，如 name@example.com",
  en: "must be an e-mail address such as name@example.com",
};
