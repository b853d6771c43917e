/**
 * A site's notification rules and their defaults. A site that never saved settings uses
 * {@link defaultSettings}: a reminder 3 days before the due date; dunning 1 and 7 days after to
 * the tenant, 15 days after to the tenant and the site manager, 30 days after to the site manager
 * and finance; SMS held between 21:00 and 08:00 local time; at most 3 messages per recipient and
 * channel a day; messages in zh-CN; tenants reached by e-mail and SMS.
 */

export const audiences = ["tenant", "site_manager", "finance", "leasing"] as const;
export type Audience = (typeof audiences)[number];
/** The staff roles that have e-mail recipients per site. */
export const staffRoles = ["site_manager", "finance", "leasing"] as const;
export type StaffRole = (typeof staffRoles)[number];
export const channels = ["email", "sms", "webhook"] as const;
export type Channel = (typeof channels)[number];
export const tenantChannels = ["email", "sms"] as const;
export type TenantChannel = (typeof tenantChannels)[number];
export const languages = ["zh-CN", "en"] as const;
export type Language = (typeof languages)[number];

export interface LadderStep {
  /** Days after the due date. */
  afterDays: number;
  audiences: Audience[];
}

export interface Settings {
  reminderDaysBefore: number;
  /** By afterDays ascending, each afterDays once. */
  ladder: LadderStep[];
  /** Minutes of the local day: SMS wait from quietStartMinute until quietEndMinute. */
  quietStartMinute: number;
  quietEndMinute: number;
  dailyLimit: number;
  language: Language;
  tenantChannels: TenantChannel[];
  leaseAlertTenant: boolean;
  webhookUrl: string | null;
  webhookSecret: string | null;
}

export const defaultSettings: Readonly<Settings> = Object.freeze({
  reminderDaysBefore: 3,
  ladder: [
    { afterDays: 1, audiences: ["tenant"] },
    { afterDays: 7, audiences: ["tenant"] },
    { afterDays: 15, audiences: ["tenant", "site_manager"] },
    { afterDays: 30, audiences: ["site_manager", "finance"] },
  ],
  quietStartMinute: 21 * 60,
  quietEndMinute: 8 * 60,
  dailyLimit: 3,
  language: "zh-CN",
  tenantChannels: ["email", "sms"],
  leaseAlertTenant: false,
  webhookUrl: null,
  webhookSecret: null,
} satisfies Settings);

/** "HH:MM" ⇄ minutes of the day. */
export const minuteOfDay = (text: string): number => {
  const [h, m] = text.split(":").map(Number) as [number, number];
  return h * 60 + m;
};
export const clockText = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** A ladder step's name in the delivery log: `d+7`. */
export const ladderStepName = (afterDays: number) => `d+${afterDays}`;
