import { describe, expect, it } from "vitest";
import {
  type Decision,
  decide,
  grantsOf,
  type Permission,
  type Principal,
  permissions,
} from "./roles.ts";

const principal = (partial: Partial<Principal>): Principal => ({
  userId: "usr_1",
  orgId: "org_1",
  hqRole: null,
  sites: {},
  ...partial,
});

const admin = principal({ hqRole: "hq_admin" });
const auditor = principal({ hqRole: "hq_auditor" });
const clerkA = principal({ sites: { sit_a: "clerk" } });
const cashierA = principal({ sites: { sit_a: "cashier" } });
const managerA = principal({ sites: { sit_a: "site_manager" } });

describe("decide", () => {
  const cases: [string, Principal, Permission, string | undefined, Decision][] = [
    ["admin creates sites", admin, "sites.create", undefined, "allow"],
    ["admin writes units anywhere", admin, "units.write", "sit_z", "allow"],
    ["auditor reads anywhere", auditor, "units.read", "sit_z", "allow"],
    ["auditor cannot write", auditor, "units.write", "sit_a", "forbidden"],
    ["auditor cannot create sites", auditor, "sites.create", undefined, "forbidden"],
    ["clerk reads own site", clerkA, "units.read", "sit_a", "allow"],
    ["clerk writes own site", clerkA, "units.write", "sit_a", "allow"],
    ["clerk cannot see site B", clerkA, "units.read", "sit_b", "not_found"],
    ["clerk cannot write site B", clerkA, "units.write", "sit_b", "not_found"],
    ["clerk cannot update the site", clerkA, "sites.update", "sit_a", "forbidden"],
    ["clerk cannot create sites", clerkA, "sites.create", undefined, "forbidden"],
    ["clerk lists sites (filtered by the service)", clerkA, "sites.read", undefined, "allow"],
    ["cashier cannot write units", cashierA, "units.write", "sit_a", "forbidden"],
    ["manager updates own site", managerA, "sites.update", "sit_a", "allow"],
    ["manager cannot manage users", managerA, "users.manage", undefined, "forbidden"],
    ["no memberships: nothing", principal({}), "sites.read", undefined, "forbidden"],
    ["clerk writes leases", clerkA, "leases.write", "sit_a", "allow"],
    ["clerk cannot terminate leases", clerkA, "leases.terminate", "sit_a", "forbidden"],
    ["manager terminates leases", managerA, "leases.terminate", "sit_a", "allow"],
    ["cashier reads customers", cashierA, "customers.read", "sit_a", "allow"],
    ["cashier cannot register customers", cashierA, "customers.write", "sit_a", "forbidden"],
    ["auditor reads leases anywhere", auditor, "leases.read", "sit_z", "allow"],
    ["auditor cannot terminate", auditor, "leases.terminate", "sit_a", "forbidden"],
  ];
  it.each(cases)("%s", (_name, who, permission, siteId, expected) => {
    expect(decide(who, permission, siteId)).toBe(expected);
  });
});

describe("grantsOf", () => {
  it("lists exactly what decide allows, per site and organisation-wide", () => {
    const orgWide: Permission[] = [
      "sites.create",
      "users.read",
      "users.manage",
      "notifications.templates",
      "apiClients.read",
      "apiClients.manage",
      "accounting.read",
      "accounting.manage",
    ];
    const twoSites = principal({ sites: { sit_a: "cashier", sit_b: "site_manager" } });
    for (const who of [admin, auditor, clerkA, cashierA, managerA, twoSites, principal({})]) {
      const grants = grantsOf(who);
      for (const permission of permissions) {
        if (orgWide.includes(permission)) {
          expect(grants.organisation.includes(permission), permission).toBe(
            decide(who, permission) === "allow",
          );
          continue;
        }
        for (const siteId of ["sit_a", "sit_b", "sit_z"]) {
          const granted =
            grants.everySite.includes(permission) ||
            (grants.sites[siteId] ?? []).includes(permission);
          expect(granted, `${permission} at ${siteId}`).toBe(
            decide(who, permission, siteId) === "allow",
          );
        }
      }
    }
  });

  it("gives a cashier payments but not billing runs, and HQ admin users", () => {
    expect(grantsOf(cashierA).sites.sit_a).toContain("payments.record");
    expect(grantsOf(cashierA).sites.sit_a).not.toContain("billing.run");
    expect(grantsOf(cashierA).organisation).toEqual([]);
    expect(grantsOf(admin).organisation).toContain("users.manage");
    expect(grantsOf(admin).everySite).toContain("billing.run");
    expect(grantsOf(auditor).everySite).not.toContain("billing.run");
    expect(grantsOf(auditor).everySite).toContain("audit.read" as Permission);
  });
});
