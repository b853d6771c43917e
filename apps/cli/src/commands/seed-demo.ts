import type { SiteKind, UnitKind } from "@slms/contracts/assets";
import { isDomainError } from "@slms/errors";
import { createUser, type GatewayDeps, systemCaller } from "@slms/gateway/admin";
import type { Caller } from "@slms/grpc";
import type { Logger } from "@slms/logging";
import { withPlatform } from "../handles.ts";
import { seedLeasing } from "./seed-demo-leasing.ts";
import { seedMoney } from "./seed-demo-money.ts";

/** Password of every demo user; printed by the command. */
export const DEMO_PASSWORD = "demo-password-2026";

interface DemoSite {
  code: string;
  name: string;
  kind: SiteKind;
  address: string;
  buildings: {
    code: string;
    name: string;
    floors: number;
    units: {
      prefix: string;
      kind: UnitKind;
      count: number;
      area: [number, number];
      rentPerM2: number;
    }[];
  }[];
  /** Units outside any building (parking, stalls in the open). */
  open: { prefix: string; kind: UnitKind; count: number; area: [number, number]; rent: number }[];
}

const demoSites: DemoSite[] = [
  {
    code: "SH-GARDEN",
    name: "Shanghai Garden Residences 上海花园公寓",
    kind: "SITE_KIND_RESIDENTIAL",
    address: "88 Hongqiao Road, Shanghai",
    buildings: [
      {
        code: "B1",
        name: "Block 1",
        floors: 18,
        units: [
          {
            prefix: "B1",
            kind: "UNIT_KIND_HIGH_RISE_FLAT",
            count: 54,
            area: [65, 120],
            rentPerM2: 95,
          },
        ],
      },
      {
        code: "B2",
        name: "Block 2",
        floors: 18,
        units: [
          { prefix: "B2", kind: "UNIT_KIND_APARTMENT", count: 54, area: [55, 95], rentPerM2: 90 },
        ],
      },
      {
        code: "V",
        name: "Villas",
        floors: 3,
        units: [
          { prefix: "V", kind: "UNIT_KIND_VILLA", count: 8, area: [220, 320], rentPerM2: 110 },
        ],
      },
      {
        code: "SA",
        name: "Serviced Apartments",
        floors: 10,
        units: [
          {
            prefix: "SA",
            kind: "UNIT_KIND_SERVICED_APARTMENT",
            count: 20,
            area: [40, 70],
            rentPerM2: 150,
          },
        ],
      },
    ],
    open: [
      {
        prefix: "P",
        kind: "UNIT_KIND_PARKING_UNDERGROUND",
        count: 24,
        area: [12, 15],
        rent: 80_000,
      },
    ],
  },
  {
    code: "SZ-TOWER",
    name: "Shenzhen Bay Tower 深圳湾大厦",
    kind: "SITE_KIND_OFFICE",
    address: "1 Keyuan Road, Shenzhen",
    buildings: [
      {
        code: "T",
        name: "Tower",
        floors: 30,
        units: [
          { prefix: "T", kind: "UNIT_KIND_OFFICE", count: 60, area: [120, 900], rentPerM2: 180 },
          { prefix: "G", kind: "UNIT_KIND_SHOP", count: 6, area: [60, 200], rentPerM2: 260 },
        ],
      },
    ],
    open: [
      { prefix: "PG", kind: "UNIT_KIND_PARKING_GARAGE", count: 20, area: [15, 18], rent: 120_000 },
      { prefix: "ST", kind: "UNIT_KIND_STORAGE", count: 6, area: [8, 20], rent: 60_000 },
    ],
  },
  {
    code: "GZ-MARKET",
    name: "Guangzhou Riverside Market 广州江畔市场",
    kind: "SITE_KIND_MARKET",
    address: "200 Binjiang Road, Guangzhou",
    buildings: [
      {
        code: "H",
        name: "Market Hall",
        floors: 2,
        units: [{ prefix: "H", kind: "UNIT_KIND_SHOP", count: 40, area: [10, 40], rentPerM2: 150 }],
      },
      {
        code: "W",
        name: "Warehouse",
        floors: 1,
        units: [
          { prefix: "W", kind: "UNIT_KIND_WAREHOUSE", count: 6, area: [200, 600], rentPerM2: 40 },
        ],
      },
    ],
    open: [
      {
        prefix: "PS",
        kind: "UNIT_KIND_PARKING_SURFACE",
        count: 20,
        area: [12, 12.5],
        rent: 40_000,
      },
      { prefix: "EQ", kind: "UNIT_KIND_EQUIPMENT", count: 4, area: [1, 1], rent: 150_000 },
    ],
  },
];

/** Deterministic pseudo-random numbers, so every demo database looks the same. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Seeds a realistic demo organisation: three sites of different kinds with buildings and about
 * 320 units, one user per role, ~195 customers and ~180 active leases with varied terms, and
 * their bills, deposits and payments up to today (some late, some in arrears, some ahead). Safe to
 * run twice: what exists is left as it is.
 */
export function seedDemo(logger: Logger, orgCode: string) {
  return withPlatform(logger, (deps) => seedDemoData(deps, logger, orgCode));
}

/** The seeding itself, on an open platform (`start` with SLMS_SEED_DEMO uses it directly). */
export async function seedDemoData(deps: GatewayDeps, logger: Logger, orgCode: string) {
  const orgId = await organisationId(deps, orgCode);
  const hq: Caller = {
    actor: "system:seed-demo",
    orgId,
    siteIds: "all",
    roles: ["system", "hq_admin"],
  };
  const random = sequence(2026);
  let units = 0;
  const siteIds: Record<string, string> = {};
  for (const demo of demoSites) {
    const siteId = await ensureSite(deps, hq, demo);
    siteIds[demo.code] = siteId;
    const existing = await deps.assets.ListUnits({ siteId, pageSize: 1 }, { caller: hq });
    if (existing.units.length > 0) continue;
    for (const building of demo.buildings) {
      const { building: created } = await deps.assets.CreateBuilding(
        { siteId, code: building.code, name: building.name, floors: building.floors },
        { caller: hq },
      );
      for (const group of building.units) {
        const perFloor = new Map<number, number>();
        for (let i = 0; i < group.count; i++) {
          const floor = 1 + Math.floor((i * building.floors) / group.count);
          const n = (perFloor.get(floor) ?? 0) + 1;
          perFloor.set(floor, n);
          const area = round2(group.area[0] + random() * (group.area[1] - group.area[0]));
          await deps.assets.CreateUnit(
            {
              siteId,
              buildingId: created!.id,
              code: `${group.prefix}-${String(floor).padStart(2, "0")}${String(n).padStart(2, "0")}`,
              name: `${building.name} ${floor}F #${n}`,
              kind: group.kind,
              floor: String(floor),
              grossAreaM2: area.toFixed(2),
              usableAreaM2: round2(area * 0.8).toFixed(2),
              listRentMonthlyMinor: Math.round(area * group.rentPerM2) * 100,
            },
            { caller: hq },
          );
          units++;
        }
      }
    }
    for (const group of demo.open) {
      for (let i = 1; i <= group.count; i++) {
        await deps.assets.CreateUnit(
          {
            siteId,
            code: `${group.prefix}-${String(i).padStart(3, "0")}`,
            name: `${group.prefix} ${i}`,
            kind: group.kind,
            grossAreaM2: round2(group.area[0] + random() * (group.area[1] - group.area[0])).toFixed(
              2,
            ),
            listRentMonthlyMinor: group.rent,
          },
          { caller: hq },
        );
        units++;
      }
    }
  }
  const users = await ensureUsers(deps, orgId, siteIds);
  let customers = 0;
  let leases = 0;
  for (const siteId of Object.values(siteIds)) {
    const seeded = await seedLeasing(
      deps,
      hq,
      siteId,
      random,
      new Date().toISOString().slice(0, 10),
    );
    customers += seeded.customers;
    leases += seeded.leases;
  }
  const money = { bills: 0, payments: 0, deposits: 0 };
  for (const siteId of Object.values(siteIds)) {
    const seeded = await seedMoney(deps, hq, siteId, new Date());
    money.bills += seeded.bills;
    money.payments += seeded.payments;
    money.deposits += seeded.deposits;
  }
  logger.info(
    { orgId, sites: demoSites.length, unitsCreated: units, users, customers, leases, ...money },
    "demo data seeded",
  );
  return { orgId, siteIds, unitsCreated: units, users, customers, leases, ...money };
}

async function organisationId(deps: GatewayDeps, code: string): Promise<string> {
  try {
    return (await deps.assets.GetOrganisation({ code }, { caller: systemCaller })).organisation!.id;
  } catch (error) {
    if (!isDomainError(error) || error.kind !== "not_found") throw error;
    const created = await deps.assets.CreateOrganisation(
      { code, name: "Demo Property Group" },
      { caller: systemCaller },
    );
    return created.organisation!.id;
  }
}

async function ensureSite(deps: GatewayDeps, hq: Caller, demo: DemoSite): Promise<string> {
  const { sites } = await deps.assets.ListSites({ pageSize: 500 }, { caller: hq });
  const found = sites.find((s) => s.code === demo.code);
  if (found) return found.id;
  const { site } = await deps.assets.CreateSite(
    {
      code: demo.code,
      name: demo.name,
      kind: demo.kind,
      timeZone: "Asia/Shanghai",
      currencyCode: "CNY",
      address: demo.address,
    },
    { caller: hq },
  );
  return site!.id;
}

async function ensureUsers(deps: GatewayDeps, orgId: string, siteIds: Record<string, string>) {
  const garden = siteIds["SH-GARDEN"]!;
  const tower = siteIds["SZ-TOWER"]!;
  const market = siteIds["GZ-MARKET"]!;
  const people = [
    {
      email: "auditor@demo.slms",
      name: "Hu Jing 胡静 (HQ auditor)",
      hqRole: "hq_auditor" as const,
      memberships: [],
    },
    {
      email: "clerk.garden@demo.slms",
      name: "Li Na 李娜",
      memberships: [{ siteId: garden, role: "clerk" as const }],
    },
    {
      email: "cashier.garden@demo.slms",
      name: "Wang Fang 王芳",
      memberships: [{ siteId: garden, role: "cashier" as const }],
    },
    {
      email: "manager.tower@demo.slms",
      name: "Zhang Wei 张伟",
      memberships: [{ siteId: tower, role: "site_manager" as const }],
    },
    {
      email: "finance.tower@demo.slms",
      name: "Chen Jie 陈杰",
      memberships: [{ siteId: tower, role: "finance" as const }],
    },
    {
      email: "clerk.market@demo.slms",
      name: "Liu Yang 刘洋",
      memberships: [{ siteId: market, role: "clerk" as const }],
    },
  ];
  const created: string[] = [];
  for (const person of people) {
    try {
      await createUser(deps.db, async () => true, orgId, "system:demo-seed", {
        ...person,
        password: DEMO_PASSWORD,
      });
      created.push(person.email);
    } catch (error) {
      if (!isDomainError(error) || error.kind !== "conflict") throw error;
    }
  }
  return created;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
