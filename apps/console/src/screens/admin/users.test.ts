import { describe, expect, it } from "vitest";
import { accessProblem, createUserBody, filterUsers, membershipsBySite, type User } from "./users";

const user = (over: Partial<User>): User => ({
  id: "usr_1",
  orgId: "org_1",
  email: "li.na@demo.slms",
  name: "Li Na 李娜",
  hqRole: null,
  disabled: false,
  memberships: [],
  createdAt: "2026-01-01T00:00:00Z",
  ...over,
});

describe("createUserBody", () => {
  it("trims, sends no HQ role as null and keeps only complete membership rows", () => {
    expect(
      createUserBody({
        name: "  Wang Fang ",
        email: " w@demo.slms ",
        password: " secret-password ",
        memberships: [
          { siteId: "sit_a", role: "cashier" },
          {},
          undefined,
          { siteId: "sit_b" },
          { siteId: "sit_c", role: "site_manager" },
        ],
      }),
    ).toEqual({
      name: "Wang Fang",
      email: "w@demo.slms",
      password: " secret-password ",
      hqRole: null,
      memberships: [
        { siteId: "sit_a", role: "cashier" },
        { siteId: "sit_c", role: "site_manager" },
      ],
    });
  });

  it("keeps an HQ role", () => {
    expect(createUserBody({ hqRole: "hq_auditor" })).toMatchObject({
      hqRole: "hq_auditor",
      memberships: [],
    });
  });
});

describe("accessProblem", () => {
  it("needs an HQ role or a site role, and one role per site", () => {
    expect(accessProblem(createUserBody({ memberships: [{}] }))).toBe("needsAccess");
    expect(accessProblem(createUserBody({ hqRole: "hq_admin" }))).toBeNull();
    expect(
      accessProblem(createUserBody({ memberships: [{ siteId: "sit_a", role: "clerk" }] })),
    ).toBeNull();
    expect(
      accessProblem(
        createUserBody({
          memberships: [
            { siteId: "sit_a", role: "clerk" },
            { siteId: "sit_a", role: "finance" },
          ],
        }),
      ),
    ).toBe("duplicateSite");
  });
});

describe("users list", () => {
  const codes = new Map([
    ["sit_a", "SZ-TOWER"],
    ["sit_b", "GZ-MARKET"],
  ]);

  it("names memberships by site code, sorted, unknown sites by id", () => {
    const u = user({
      memberships: [
        { siteId: "sit_a", role: "finance" },
        { siteId: "sit_z", role: "clerk" },
        { siteId: "sit_b", role: "clerk" },
      ],
    });
    expect(membershipsBySite(u, codes).map((m) => `${m.code}:${m.role}`)).toEqual([
      "GZ-MARKET:clerk",
      "SZ-TOWER:finance",
      "sit_z:clerk",
    ]);
  });

  it("filters by name or e-mail and by site, HQ roles at every site", () => {
    const users = [
      user({
        id: "1",
        name: "Zhang Wei 张伟",
        email: "manager@x",
        memberships: [{ siteId: "sit_a", role: "site_manager" }],
      }),
      user({
        id: "2",
        name: "Li Na 李娜",
        email: "clerk@x",
        memberships: [{ siteId: "sit_b", role: "clerk" }],
      }),
      user({ id: "3", name: "Admin", email: "admin@x", hqRole: "hq_admin" }),
    ];
    expect(filterUsers(users, "张伟", null).map((u) => u.id)).toEqual(["1"]);
    expect(filterUsers(users, " CLERK@", null).map((u) => u.id)).toEqual(["2"]);
    expect(filterUsers(users, "", "sit_a").map((u) => u.id)).toEqual(["1", "3"]);
    expect(filterUsers(users, "", null)).toHaveLength(3);
  });
});
