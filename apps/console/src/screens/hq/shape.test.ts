import { describe, expect, it } from "vitest";
import {
  addMonths,
  ageingBySite,
  ageParts,
  type CollectionLine,
  collectionRateByMonth,
  collectionRatesOfSite,
  daysOf,
  expiryByMonth,
  formatBasisPoints,
  type JournalLine,
  journalByDay,
  lastDayOf,
  latestYield,
  type Occupancy,
  occupancyBasisPoints,
  occupancyBySite,
  type RevenueLine,
  recentMonths,
  revenueByFeeItem,
  revenueByMonth,
  type SiteFigures,
  singleCurrency,
  siteFreshness,
  sumAgeing,
  worstFreshness,
  type YieldLine,
  yieldByMonth,
} from "./shape";

const occupancy = (leased: number, vacant: number, extra: Partial<Occupancy> = {}): Occupancy => ({
  units: leased + vacant,
  leasedUnits: leased,
  vacantUnits: vacant,
  reservedUnits: 0,
  maintenanceUnits: 0,
  inactiveUnits: 0,
  areaM2: "100.00",
  leasedAreaM2: "40.00",
  vacantAreaM2: "60.00",
  reservedAreaM2: "0.00",
  maintenanceAreaM2: "0.00",
  inactiveAreaM2: "0.00",
  vacancyRateUnits: Math.round((vacant / (leased + vacant)) * 10_000),
  vacancyRateArea: 6000,
  ...extra,
});

const figures = (siteId: string, occ: Occupancy): SiteFigures => ({
  siteId,
  occupancy: occ,
  activeLeases: occ.leasedUnits,
  monthlyRentMinor: 0,
  leasesEndingIn90Days: 0,
  depositsHeldMinor: 0,
  collectedThisMonthMinor: 0,
  billedThisMonthMinor: 0,
  billedThisMonthCollectedMinor: 0,
  collectionRate: 0,
  arrearsMinor: 0,
  lastEventAt: null,
  quiet: false,
});

const collection = (
  siteId: string,
  month: string,
  feeCode: string | null,
  billedMinor: number,
  collectionRate: number,
  extra: Partial<CollectionLine> = {},
): CollectionLine => ({
  siteId,
  month,
  feeCode,
  currency: "CNY",
  billedMinor,
  collectedMinor: Math.round((billedMinor * collectionRate) / 10_000),
  collectionRate,
  collectedInMonthMinor: 0,
  currentCollectionRate: collectionRate / 2,
  arrearsOpeningMinor: 0,
  arrearsCollectedMinor: 0,
  arrearsCollectionRate: 0,
  ...extra,
});

const revenue = (month: string, feeCode: string, net: number, collected: number): RevenueLine => ({
  siteId: "sit_a",
  month,
  feeCode,
  currency: "CNY",
  bills: 1,
  billedMinor: net,
  waivedMinor: 0,
  netBilledMinor: net,
  collectedMinor: collected,
});

const yieldLine = (
  siteId: string,
  month: string,
  dimension: YieldLine["dimension"],
  perM2: number | null,
): YieldLine => ({
  siteId,
  month,
  dimension,
  key: null,
  currency: "CNY",
  units: 1,
  areaM2: "10.00",
  billedRentMinor: 1000,
  rentPerM2MonthMinor: perM2,
  listRentMinor: 1000,
  listRentPerM2MonthMinor: 100,
  yield: 10_000,
});

describe("percentages from basis points", () => {
  it("formats exactly, with two decimals", () => {
    expect(formatBasisPoints(6250)).toBe("62.50%");
    expect(formatBasisPoints(10_000)).toBe("100.00%");
    expect(formatBasisPoints(5)).toBe("0.05%");
    expect(formatBasisPoints(0)).toBe("0.00%");
    expect(formatBasisPoints(-125)).toBe("-1.25%");
    expect(formatBasisPoints(null)).toBe("—");
  });

  it("takes occupancy as 100% less the API's vacancy rate", () => {
    const occ = occupancy(60, 100);
    expect(occupancyBasisPoints(occ, "units")).toBe(10_000 - 6250);
    expect(occupancyBasisPoints(occ, "area")).toBe(4000);
  });
});

describe("occupancy by site", () => {
  it("stacks each status's units per site, leaving out statuses no site has", () => {
    const data = occupancyBySite(
      [figures("sit_a", occupancy(3, 1)), figures("sit_b", occupancy(0, 5, { reservedUnits: 2 }))],
      (id) => (id === "sit_a" ? "A" : "B"),
    );
    expect(data.categories).toEqual(["A", "B"]);
    expect(data.series).toEqual([
      { key: "leased", values: [3, 0] },
      { key: "reserved", values: [0, 2] },
      { key: "vacant", values: [1, 5] },
    ]);
  });
});

describe("ageing", () => {
  const bucket = (notDue: number, over90: number) => ({
    notDueMinor: notDue,
    overdue1to30Minor: 1,
    overdue31to60Minor: 0,
    overdue61to90Minor: 0,
    overdueOver90Minor: over90,
    openMinor: notDue + 1 + over90,
    openBills: 2,
  });

  it("gives each bucket a series over the sites", () => {
    const data = ageingBySite(
      {
        sites: [
          { siteId: "sit_a", currency: "CNY", total: bucket(100, 7), byFeeItem: [] },
          { siteId: "sit_b", currency: "CNY", total: bucket(50, 0), byFeeItem: [] },
        ],
        topDebtors: [],
      },
      (id) => id.toUpperCase(),
    );
    expect(data.categories).toEqual(["SIT_A", "SIT_B"]);
    expect(data.series.map((s) => s.key)).toEqual([
      "notDueMinor",
      "overdue1to30Minor",
      "overdue31to60Minor",
      "overdue61to90Minor",
      "overdueOver90Minor",
    ]);
    expect(data.series[0]?.values).toEqual([100, 50]);
    expect(data.series[4]?.values).toEqual([7, 0]);
  });

  it("adds sites up bucket by bucket", () => {
    expect(sumAgeing([bucket(100, 7), bucket(50, 0)])).toEqual({
      notDueMinor: 150,
      overdue1to30Minor: 2,
      overdue31to60Minor: 0,
      overdue61to90Minor: 0,
      overdueOver90Minor: 7,
      openMinor: 159,
      openBills: 4,
    });
  });
});

describe("collection rate by month", () => {
  const lines = [
    collection("sit_a", "2026-02", null, 1000, 9000),
    collection("sit_a", "2026-02", "rent", 800, 10_000),
    collection("sit_a", "2026-01", null, 1000, 5000),
    collection("sit_b", "2026-02", null, 0, 0),
  ];

  it("uses the sites' month totals only, months in order, percent", () => {
    const data = collectionRateByMonth(lines);
    expect(data.categories).toEqual(["2026-01", "2026-02"]);
    expect(data.series).toEqual([
      { key: "sit_a", values: [50, 90] },
      // nothing billed: a gap, not 0%
      { key: "sit_b", values: [null, null] },
    ]);
  });

  it("gives one site's three rates", () => {
    const data = collectionRatesOfSite(
      [
        ...lines,
        collection("sit_a", "2026-03", null, 1000, 2000, {
          arrearsOpeningMinor: 500,
          arrearsCollectionRate: 4000,
        }),
      ],
      "sit_a",
    );
    expect(data.categories).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(data.series).toEqual([
      { key: "collectionRate", values: [50, 90, 20] },
      { key: "currentCollectionRate", values: [25, 45, 10] },
      { key: "arrearsCollectionRate", values: [null, null, 40] },
    ]);
  });
});

describe("revenue", () => {
  const lines = [
    revenue("2026-01", "rent", 1000, 900),
    revenue("2026-02", "rent", 1000, 1000),
    revenue("2026-01", "water", 300, 0),
    revenue("2026-02", "management", 2500, 100),
  ];

  it("adds each fee item's months up, biggest first", () => {
    expect(revenueByFeeItem(lines)).toEqual({
      categories: ["management", "rent", "water"],
      series: [
        { key: "netBilledMinor", values: [2500, 2000, 300] },
        { key: "collectedMinor", values: [100, 1900, 0] },
      ],
    });
  });

  it("stacks fee items per month, 0 where a fee item has no line", () => {
    expect(revenueByMonth(lines)).toEqual({
      categories: ["2026-01", "2026-02"],
      series: [
        { key: "management", values: [0, 2500] },
        { key: "rent", values: [1000, 1000] },
        { key: "water", values: [300, 0] },
      ],
    });
  });
});

describe("rent yield", () => {
  const lines = [
    yieldLine("sit_a", "2026-02", "total", 120),
    yieldLine("sit_a", "2026-01", "total", 100),
    yieldLine("sit_a", "2026-01", "kind", 999),
    yieldLine("sit_b", "2026-02", "total", null),
  ];

  it("draws the total lines per site and month", () => {
    expect(yieldByMonth(lines)).toEqual({
      categories: ["2026-01", "2026-02"],
      series: [
        { key: "sit_a", values: [100, 120] },
        { key: "sit_b", values: [null, null] },
      ],
    });
  });

  it("picks each site's latest total line", () => {
    expect(latestYield(lines).map((l) => [l.siteId, l.month])).toEqual([
      ["sit_a", "2026-02"],
      ["sit_b", "2026-02"],
    ]);
  });
});

describe("lease expiry and journal", () => {
  it("gives leases and rent per month", () => {
    const data = expiryByMonth({
      siteId: null,
      activeLeases: 3,
      waleYearsByRent: "1.50",
      waleYearsByArea: "1.20",
      months: [
        { month: "2026-12", leases: 2, areaM2: "10.00", monthlyRentMinor: 500 },
        { month: "later", leases: 1, areaM2: "5.00", monthlyRentMinor: 300 },
      ],
    });
    expect(data).toEqual({
      categories: ["2026-12", "later"],
      series: [
        { key: "leases", values: [2, 1] },
        { key: "monthlyRentMinor", values: [500, 300] },
      ],
    });
  });

  it("adds net receipts per day and method (several cashiers)", () => {
    const line = (date: string, method: string, cashierId: string, net: number): JournalLine => ({
      siteId: "sit_a",
      date,
      method,
      cashierId,
      cashierName: null,
      currency: "CNY",
      payments: 1,
      receivedMinor: net,
      reversed: 0,
      reversedMinor: 0,
      netMinor: net,
    });
    expect(
      journalByDay([
        line("2026-01-02", "cash", "u1", 100),
        line("2026-01-02", "cash", "u2", 50),
        line("2026-01-01", "alipay", "u1", 70),
      ]),
    ).toEqual({
      categories: ["2026-01-01", "2026-01-02"],
      series: [
        { key: "alipay", values: [70, 0] },
        { key: "cash", values: [0, 150] },
      ],
    });
  });
});

describe("data freshness", () => {
  const asOf = "2026-12-07T12:00:00.000Z";
  const hoursBefore = (h: number) => new Date(Date.parse(asOf) - h * 3_600_000).toISOString();

  it("measures each site against the server's clock, worst first", () => {
    const rows = siteFreshness(
      {
        asOf,
        sites: [
          { siteId: "fresh", lastEventAt: hoursBefore(1), quiet: false, activity: [] },
          { siteId: "quiet", lastEventAt: hoursBefore(24 * 9), quiet: true, activity: [] },
          { siteId: "aging", lastEventAt: hoursBefore(30), quiet: false, activity: [] },
        ],
      },
      ["fresh", "quiet", "aging", "unknown"],
    );
    expect(rows.map((r) => [r.siteId, r.level])).toEqual([
      ["unknown", "never"],
      ["quiet", "quiet"],
      ["aging", "aging"],
      ["fresh", "fresh"],
    ]);
    expect(rows[3]?.ageMs).toBe(3_600_000);
    expect(worstFreshness(rows)).toBe("never");
    expect(worstFreshness([])).toBe("fresh");
  });

  it("says an age in its largest whole unit", () => {
    expect(ageParts(30_000)).toEqual({ unit: "now", count: 0 });
    expect(ageParts(5 * 60_000)).toEqual({ unit: "minutes", count: 5 });
    expect(ageParts(3 * 3_600_000)).toEqual({ unit: "hours", count: 3 });
    expect(ageParts(47 * 3_600_000)).toEqual({ unit: "hours", count: 47 });
    expect(ageParts(9 * 86_400_000)).toEqual({ unit: "days", count: 9 });
  });
});

describe("periods", () => {
  it("steps months across years", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-06", -17)).toBe("2025-01");
  });

  it("knows the last day of a month, leap years too", () => {
    expect(lastDayOf("2026-02")).toBe("2026-02-28");
    expect(lastDayOf("2028-02")).toBe("2028-02-29");
    expect(lastDayOf("2026-12")).toBe("2026-12-31");
    expect(daysOf("2026-01", "2026-04")).toEqual({ from: "2026-01-01", to: "2026-04-30" });
  });

  it("defaults to the last months up to today's", () => {
    expect(recentMonths("2026-03-15", 6)).toEqual({ from: "2025-10", to: "2026-03" });
  });

  it("totals money only in one currency", () => {
    expect(singleCurrency(["CNY", "CNY"])).toBe("CNY");
    expect(singleCurrency(["CNY", "HKD"])).toBeNull();
    expect(singleCurrency([])).toBeNull();
  });
});
