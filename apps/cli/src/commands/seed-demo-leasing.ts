import { termsToProto, type WireTerms } from "@slms/contracts";
import type { Unit } from "@slms/contracts/assets";
import { residentIdCheckChar, socialCreditCodeCheckChar } from "@slms/customers/id-numbers";
import type { GatewayDeps } from "@slms/gateway/admin";
import type { Caller } from "@slms/grpc";

/** Deterministic pseudo-random numbers in [0, 1). */
export type Random = () => number;

const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高".split("");
const givenNames = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "强",
  "磊",
  "洋",
  "艳",
  "勇",
  "军",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
  "秀英",
  "建华",
  "晓东",
  "丽华",
];
const companyWords = [
  "华信",
  "恒达",
  "远航",
  "瑞丰",
  "金桥",
  "新锐",
  "汇通",
  "博雅",
  "嘉禾",
  "盛世",
];
const companyTrades = [
  "贸易有限公司",
  "科技有限公司",
  "餐饮管理有限公司",
  "物流有限公司",
  "咨询有限公司",
];
const regions = ["110101", "310104", "440305", "440106", "320102", "330106"];

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;
const pad = (n: number, width: number) => String(n).padStart(width, "0");

function residentId(random: Random, serial: number): string {
  const birth = `${1960 + Math.floor(random() * 40)}${pad(1 + Math.floor(random() * 12), 2)}${pad(1 + Math.floor(random() * 28), 2)}`;
  const first17 = `${pick(random, regions)}${birth}${pad(serial % 1000, 3)}`;
  return first17 + residentIdCheckChar(first17);
}

function creditCode(random: Random, serial: number): string {
  const first17 = `${`91${pick(random, regions)}${pad(Math.floor(random() * 1e5), 5)}${pad(serial, 4)}`.slice(
    0,
    16,
  )}X`;
  return first17 + socialCreditCodeCheckChar(first17);
}

/** Terms by kind of unit, varied the way real sites vary them. */
function termsFor(unit: Unit, random: Random): WireTerms {
  const base: WireTerms = {
    frequency: "monthly",
    alignment: "calendar",
    rent: { kind: "per_period", amountMinor: unit.listRentMonthly?.amountMinor ?? 0 },
    escalation: { kind: "none" },
    rentFree: [],
    billLeadDays: 10,
    dueDay: 5,
    depositMinor: 2 * (unit.listRentMonthly?.amountMinor ?? 0),
    fees: [],
    lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 },
    penalty: { kind: "months_of_rent", months: 2 },
  };
  const area = Math.round(Number(unit.grossAreaM2) * 100);
  switch (unit.kind) {
    case "UNIT_KIND_OFFICE":
      return {
        ...base,
        frequency: "quarterly",
        rent: {
          kind: "per_m2_month",
          rateMinorPerM2: 15_000 + Math.floor(random() * 6_000),
          areaHundredths: area,
        },
        escalation: { kind: "fixed_percent", basisPoints: random() < 0.5 ? 300 : 500 },
        fees: [
          {
            feeCode: "management",
            basis: "per_m2_month",
            amountMinor: 2_500,
            frequency: "monthly",
          },
        ],
        penalty: { kind: "months_of_rent", months: 3 },
        depositMinor: 3 * (unit.listRentMonthly?.amountMinor ?? 0),
      };
    case "UNIT_KIND_SHOP":
      return {
        ...base,
        escalation: { kind: "fixed_percent", basisPoints: 300 },
        fees: [
          {
            feeCode: "management",
            basis: "per_m2_month",
            amountMinor: 1_500,
            areaHundredths: area,
          },
        ],
      };
    case "UNIT_KIND_WAREHOUSE":
      return {
        ...base,
        frequency: "semi_annual",
        alignment: "lease_start",
        penalty: { kind: "fixed", amountMinor: 5_000_000 },
      };
    case "UNIT_KIND_PARKING_SURFACE":
    case "UNIT_KIND_PARKING_UNDERGROUND":
    case "UNIT_KIND_PARKING_GARAGE":
      return {
        ...base,
        frequency: random() < 0.5 ? "monthly" : "annual",
        depositMinor: 0,
        penalty: { kind: "none" },
      };
    default:
      return {
        ...base,
        fees: [
          { feeCode: "management", basis: "per_m2_month", amountMinor: 350, areaHundredths: area },
        ],
      };
  }
}

/**
 * About 65 customers and 60 active leases per site: people and companies with valid ID numbers,
 * leases over most of the units with terms that fit the unit kind (monthly flats, quarterly
 * per-m² offices with escalation and management fees, semi-annual warehouses, annual parking),
 * some with a rent-free first month, starting over the past two years and running past today.
 */
export async function seedLeasing(
  deps: GatewayDeps,
  hq: Caller,
  siteId: string,
  random: Random,
  today: string,
): Promise<{ customers: number; leases: number }> {
  const existing = await deps.leases.ListLeases({ siteId, pageSize: 1 }, { caller: hq });
  if (existing.leases.length > 0) return { customers: 0, leases: 0 };
  const units: Unit[] = [];
  let token = "";
  do {
    const page = await deps.assets.ListUnits(
      { siteId, pageSize: 500, pageToken: token },
      { caller: hq },
    );
    units.push(...page.units);
    token = page.nextPageToken;
  } while (token);

  const customerIds: string[] = [];
  for (let i = 0; i < 65; i++) {
    const company = random() < 0.3;
    const serial = Math.floor(random() * 1e6);
    const { customer } = await deps.customers
      .CreateCustomer(
        company
          ? {
              siteId,
              kind: "CUSTOMER_KIND_COMPANY",
              name: `${pick(random, ["上海", "深圳", "广州"])}${pick(random, companyWords)}${pick(random, companyTrades)}`,
              idDocumentType: "ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE",
              idNumber: creditCode(random, serial),
              phones: [`+86 21 ${pad(Math.floor(random() * 1e8), 8)}`],
              tags: ["company"],
              consentEmail: true,
            }
          : {
              siteId,
              kind: "CUSTOMER_KIND_PERSON",
              name: `${pick(random, surnames)}${pick(random, givenNames)}`,
              idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
              idNumber: residentId(random, serial),
              phones: [`13${pad(Math.floor(random() * 1e9), 9)}`],
              consentSms: random() < 0.8,
            },
        { caller: hq },
      )
      .catch(() => ({ customer: null })); // a generated ID number that happens to repeat: skip it
    if (customer) customerIds.push(customer.id);
  }

  let leases = 0;
  const leasable = units.filter((u) => u.status === "UNIT_STATUS_VACANT").slice(0, 60);
  for (const [i, unit] of leasable.entries()) {
    // Started within the past two years, running 2–3 years: every seeded lease is active today.
    let startDate = `${Number(today.slice(0, 4)) - Math.floor(random() * 2)}-${pad(1 + Math.floor(random() * 12), 2)}-01`;
    if (startDate > today) startDate = `${Number(startDate.slice(0, 4)) - 1}${startDate.slice(4)}`;
    const years = 2 + Math.floor(random() * 2);
    const endDate = `${Number(startDate.slice(0, 4)) + years}${startDate.slice(4)}`;
    const lastDay = new Date(Date.parse(`${endDate}T00:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    const terms = termsFor(unit, random);
    if (i % 4 === 0) terms.rentFree = [{ from: startDate, to: `${startDate.slice(0, 8)}28` }];
    const { lease } = await deps.leases.CreateLease(
      {
        siteId,
        reference: `${unit.code}-${startDate.slice(0, 7)}`,
        customerId: customerIds[i % customerIds.length]!,
        unitIds: [unit.id],
        startDate,
        endDate: lastDay,
        terms: termsToProto(terms),
      },
      { caller: hq },
    );
    await deps.leases.ActivateLease({ siteId, id: lease!.id }, { caller: hq });
    leases++;
  }
  return { customers: customerIds.length, leases };
}
