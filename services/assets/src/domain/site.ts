import { type SiteKindName, siteKinds } from "@slms/contracts";

export { siteKinds };
export type SiteKind = SiteKindName;

const zones = new Set(Intl.supportedValuesOf("timeZone"));
const currencies = new Set(Intl.supportedValuesOf("currency"));

/** Whether the text is an IANA time zone this runtime knows ("Asia/Shanghai", "UTC"). */
export function isTimeZone(value: string): boolean {
  return zones.has(value) || value === "UTC";
}

/** Whether the text is an ISO 4217 currency code ("CNY"). */
export function isCurrency(value: string): boolean {
  return currencies.has(value);
}
