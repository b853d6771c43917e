import { createDatabase } from "@slms/db";
import { DomainError } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { createTestDatabase } from "@slms/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AssetsDeps } from "../src/deps.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { migrationsDir } from "../src/service.ts";
import { createOrganisation } from "../src/use-cases/create-organisation.ts";
import { createSite } from "../src/use-cases/create-site.ts";
import { createUnit } from "../src/use-cases/create-unit.ts";
import { listUnits } from "../src/use-cases/list-units.ts";

const system: Caller = { actor: "system:test", orgId: "system", siteIds: "all", roles: ["system"] };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let deps: AssetsDeps;
let hq: Caller;
let siteId: string;

beforeAll(async () => {
  database = await createTestDatabase({ migrationsDir, label: "list_units" });
  const { prisma, pool } = createDatabase(PrismaClient, { url: database.url, poolMax: 2 });
  deps = { db: prisma, pool, outboxWritten: () => {} };
  const organisation = await createOrganisation(deps, system, { code: "LIST", name: "List" });
  hq = { actor: "usr_hq", orgId: organisation.id, siteIds: "all", roles: ["hq_admin"] };
  const site = await createSite(deps, hq, {
    code: "T-1",
    name: "Tower",
    kind: "office",
    timeZone: "Asia/Shanghai",
    currency: "CNY",
  });
  siteId = site.id;
  await createUnit(deps, hq, siteId, {
    code: "B-2",
    name: "Corner Suite",
    kind: "office",
    grossAreaM2: "120.5",
    listRentMonthlyMinor: 9_007_199_254_740_991,
  });
  await createUnit(deps, hq, siteId, {
    code: "A-1",
    name: "Shop on the corner",
    kind: "shop",
    grossAreaM2: 80,
    usableAreaM2: "72.25",
    listRentMonthlyMinor: 1_250_000,
  });
});

afterAll(async () => {
  await deps?.db.$disconnect();
  await database?.close();
});

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("listUnits", () => {
  it("reads units as views: areas as 2-dp strings, rent as a safe integer, the site's currency", async () => {
    const { items, nextPageToken } = await listUnits(deps, hq, siteId, {});
    expect(nextPageToken).toBeNull();
    expect(items.map((u) => u.code)).toEqual(["A-1", "B-2"]);
    expect(items[0]).toMatchObject({
      kind: "shop",
      status: "vacant",
      grossAreaM2: "80.00",
      usableAreaM2: "72.25",
      listRentMonthlyMinor: 1_250_000,
      currency: "CNY",
      buildingId: null,
      siteId,
      orgId: hq.orgId,
    });
    expect(items[0]!.createdAt).toBeInstanceOf(Date);
    expect(items[1]!.listRentMonthlyMinor).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("filters by kind, status and text (code prefix or name, case-insensitive) and pages by code", async () => {
    const codes = async (request: Parameters<typeof listUnits>[3]) =>
      (await listUnits(deps, hq, siteId, request)).items.map((u) => u.code);
    expect(await codes({ kind: "shop" })).toEqual(["A-1"]);
    expect(await codes({ status: "leased" })).toEqual([]);
    expect(await codes({ query: "CORNER" })).toEqual(["A-1", "B-2"]);
    expect(await codes({ query: "b-" })).toEqual(["B-2"]);
    expect(await codes({ query: "-2" })).toEqual([]); // codes match by prefix only
    expect(await codes({ query: "   " })).toEqual(["A-1", "B-2"]);
    const first = await listUnits(deps, hq, siteId, { pageSize: 1 });
    expect(first.items.map((u) => u.code)).toEqual(["A-1"]);
    const second = await listUnits(deps, hq, siteId, {
      pageSize: 1,
      pageToken: first.nextPageToken!,
    });
    expect(second.items.map((u) => u.code)).toEqual(["B-2"]);
    expect(second.nextPageToken).toBeNull();
  });

  it("refuses unknown kinds and statuses and over-long text, naming the field", async () => {
    const bad = [
      [{ kind: "castle" }, "kind"],
      [{ status: "UNIT_STATUS_BOGUS" }, "status"],
      [{ query: "x".repeat(201) }, "query"],
    ] as const;
    for (const [request, field] of bad) {
      const error = await failure(listUnits(deps, hq, siteId, request as never));
      expect(error.kind).toBe("invalid");
      expect(error.details.map((d) => d.field)).toEqual([field]);
    }
  });

  it("lists exactly the named units of the site, with the other filters and in pages", async () => {
    const other = await createSite(deps, hq, {
      code: "T-2",
      name: "Annex",
      kind: "office",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
    });
    const elsewhere = await createUnit(deps, hq, other.id, {
      code: "A-1",
      name: "Annex shop",
      kind: "shop",
      grossAreaM2: 10,
      listRentMonthlyMinor: 1,
    });
    const { items: all } = await listUnits(deps, hq, siteId, {});
    const ids = [...all.map((u) => u.id), elsewhere.id, "unt_nothing"];
    const codes = async (request: Parameters<typeof listUnits>[3]) =>
      (await listUnits(deps, hq, siteId, { ids, ...request })).items.map((u) => u.code);
    expect(await codes({})).toEqual(["A-1", "B-2"]);
    expect(await codes({ ids: [all[1]!.id, elsewhere.id] })).toEqual(["B-2"]);
    expect(await codes({ kind: "shop" })).toEqual(["A-1"]);
    const first = await listUnits(deps, hq, siteId, { ids, pageSize: 1 });
    const second = await listUnits(deps, hq, siteId, {
      ids,
      pageSize: 1,
      pageToken: first.nextPageToken!,
    });
    expect([...first.items, ...second.items].map((u) => u.code)).toEqual(["A-1", "B-2"]);
    expect(second.nextPageToken).toBeNull();
  });

  it("refuses more than 500 ids and a malformed id, naming the field", async () => {
    const bad = [
      [Array.from({ length: 501 }, (_, i) => `unt_${i}`), "ids"],
      [["unt_1", ""], "ids.1"],
    ] as const;
    for (const [ids, field] of bad) {
      const error = await failure(listUnits(deps, hq, siteId, { ids: [...ids] }));
      expect(error.kind).toBe("invalid");
      expect(error.details.map((d) => d.field)).toEqual([field]);
    }
  });

  it("hides sites of other organisations and outside the caller's scope", async () => {
    const stranger: Caller = { ...hq, orgId: "org_other" };
    expect((await failure(listUnits(deps, stranger, siteId, {}))).kind).toBe("not_found");
    const elsewhere: Caller = { ...hq, siteIds: ["site_other"] };
    expect((await failure(listUnits(deps, elsewhere, siteId, {}))).kind).toBe("not_found");
  });
});
