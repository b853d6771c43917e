import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decide, type Permission, type Principal } from "../src/domain/roles.ts";
import { prepare, send } from "./contract/call.ts";
import { type Operation, operationsOf } from "./contract/openapi.ts";
import { referenceFields, validRequests } from "./contract/requests.ts";
import { changedTables, type RowCounter, rowCounter } from "./contract/row-counts.ts";
import { buildWorld, type Role, type SiteWorld, type World } from "./contract/world.ts";
import { startHarness } from "./harness.ts";

// Generated from /api/v1/openapi.json: every route with {siteId}, as every role of one site, is
// aimed at the other site three ways — the other site's path; this site's path with the other
// site's object ids; this site's request with one body or query reference swapped for the other
// site's object. Never a 2xx that writes or shows the other site's data, never a 500; nothing is
// written anywhere, and both sites read the same afterwards. Both directions (A→B, B→A).

let world: World;
let operations: Operation[];
let counter: RowCounter;
const tally = { requests: 0, routes: 0, callers: 0 };

beforeAll(async () => {
  const h = await startHarness("matrix", { apiRateLimitPerMinute: 0 });
  world = await buildWorld(h, "MX");
  operations = operationsOf((await h.api("GET", "/api/v1/openapi.json")).body).filter((op) =>
    op.pathParams.includes("siteId"),
  );
  counter = await rowCounter(h.databaseUrls);
}, 120_000);

afterAll(async () => {
  await counter?.close();
  await world?.h.close();
  console.info(
    `site-isolation matrix: ${tally.routes} routes with {siteId} × ${tally.callers} callers, ${tally.requests} requests`,
  );
});

interface Attacker {
  name: string;
  token: string;
  principal: Principal;
  /** May legitimately act at the target site (so its own path there is not an attack). */
  atTarget: boolean;
}

function attackers(home: SiteWorld, target: SiteWorld, local: Record<Role, string>): Attacker[] {
  const principal = (sites: Record<string, Role>, hqRole: Principal["hqRole"] = null) => ({
    userId: "",
    orgId: "",
    hqRole,
    sites,
  });
  return [
    ...(Object.entries(local) as [Role, string][]).map(([role, token]) => ({
      name: `${role} of ${home.code}`,
      token,
      principal: principal({ [home.siteId]: role }),
      atTarget: false,
    })),
    {
      name: "finance at both sites",
      token: world.dual,
      principal: principal({ [home.siteId]: "finance", [target.siteId]: "finance" }),
      atTarget: true,
    },
    {
      name: "HQ auditor",
      token: world.auditor,
      principal: principal({}, "hq_auditor"),
      atTarget: true,
    },
    { name: "HQ admin", token: world.admin, principal: principal({}, "hq_admin"), atTarget: true },
  ];
}

/** What each site looks like to HQ: compared before and after the attacks. */
async function snapshot(site: SiteWorld): Promise<string> {
  const s = `/api/v1/sites/${site.siteId}`;
  const reads = [
    s,
    `${s}/buildings`,
    `${s}/units?limit=500`,
    `${s}/units/${site.unitId}/status-history`,
    `${s}/customers?limit=500`,
    `${s}/leases?limit=500`,
    `${s}/leases/${site.leaseId}/schedule`,
    `${s}/bills?limit=500`,
    `${s}/bills/${site.billId}`,
    `${s}/payments?limit=500`,
    `${s}/leases/${site.leaseId}/deposits`,
    `${s}/leases/${site.leaseId}/balance`,
  ];
  const answers = await Promise.all(
    reads.map((path) => world.h.api("GET", path, { token: world.admin })),
  );
  return JSON.stringify(answers.map((a) => [a.status, a.body]));
}

/** The ids of `site`'s objects: none may appear in an answer given at the other site's path. */
const idsOf = (site: SiteWorld) =>
  [site.buildingId, site.unitId, site.spareUnitId, site.customerId, site.otherCustomerId].concat([
    site.leaseId,
    site.draftLeaseId,
    site.billId,
    site.paymentId,
    site.waiverId,
    site.runId,
  ]);

/** Every way of aiming `op` at `target` from `home`'s path. */
function attacks(op: Operation, home: SiteWorld, target: SiteWorld) {
  const make = validRequests[op.operationId];
  if (!make)
    throw new Error(`no valid request for ${op.operationId}: add it to contract/requests.ts`);
  const list: {
    name: string;
    prepared: ReturnType<typeof prepare>;
    ownPath: boolean;
    /** A list filtered by the other site's object may answer 200 — with nothing of it. */
    filterOnly: boolean;
  }[] = [];
  list.push({
    name: "the other site's path",
    prepared: prepare(op, target, make(target)),
    ownPath: false,
    filterOnly: false,
  });
  const homeRequest = prepare(op, home, make(home));
  const targetRequest = prepare(op, target, make(target));
  const objectParams = op.pathParams.filter(
    (p) => p !== "siteId" && targetRequest.path[p] !== homeRequest.path[p],
  );
  if (objectParams.length > 0) {
    list.push({
      name: `own path, the other site's ${objectParams.join(", ")}`,
      prepared: { ...homeRequest, path: { ...targetRequest.path, siteId: home.siteId } },
      ownPath: true,
      filterOnly: false,
    });
  }
  for (const [field, key] of Object.entries(referenceFields)) {
    const swap = (value: unknown) => (Array.isArray(value) ? [target[key]] : target[key]);
    const body = homeRequest.body as Record<string, unknown> | undefined;
    if (body && field in body) {
      list.push({
        name: `own path, body ${field} of the other site`,
        prepared: { ...homeRequest, body: { ...body, [field]: swap(body[field]) } },
        ownPath: true,
        filterOnly: false,
      });
    }
    if (field in homeRequest.query) {
      list.push({
        name: `own path, query ${field} of the other site`,
        prepared: { ...homeRequest, query: { ...homeRequest.query, [field]: String(target[key]) } },
        ownPath: true,
        filterOnly: op.method === "GET" && op.pathParams.length === 1,
      });
    }
  }
  return list;
}

describe.each([
  ["A", "B"],
  ["B", "A"],
] as const)("site %s's users against site %s", (homeName, targetName) => {
  it("never reach the other site: 404 where they may act, 403 where their role may not, never 2xx with its data, never 500, nothing written", async () => {
    const home = homeName === "A" ? world.a : world.b;
    const target = targetName === "A" ? world.a : world.b;
    const local = homeName === "A" ? world.atA : world.atB;
    const before = await counter.counts();
    const snapshots = [await snapshot(home), await snapshot(target)];
    const failures: string[] = [];
    const targetIds = idsOf(target);
    const callers = attackers(home, target, local);
    tally.callers = callers.length;
    tally.routes = operations.length;
    for (const op of operations) {
      for (const attacker of callers) {
        for (const attack of attacks(op, home, target)) {
          if (!attack.ownPath && attacker.atTarget) continue; // allowed there: not an attack
          const siteOfPath = attack.ownPath ? home.siteId : target.siteId;
          const permitted =
            op.permission === null ||
            decide(attacker.principal, op.permission as Permission, siteOfPath) === "allow";
          const response = await send(world.h, op, attacker.token, attack.prepared);
          tally.requests++;
          const where = `${op.method} ${op.path} as ${attacker.name}, ${attack.name}: ${response.status} ${response.text.slice(0, 200)}`;
          if (response.status >= 500) failures.push(`500: ${where}`);
          else if (!attack.ownPath && !attacker.atTarget && response.status !== 404) {
            failures.push(`expected 404 (site outside scope): ${where}`);
          } else if (response.status < 300) {
            const leaked = targetIds.filter((id) => response.text.includes(id));
            if (!attack.filterOnly || leaked.length > 0) {
              failures.push(`2xx${leaked.length ? ` showing ${leaked.join(", ")}` : ""}: ${where}`);
            }
          } else if (attack.ownPath && !permitted && response.status !== 403) {
            failures.push(`expected 403 (role may not): ${where}`);
          } else if (attack.ownPath && permitted && response.status !== 404) {
            failures.push(`expected 404 (other site's object): ${where}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await counter.counts())).toEqual([]);
    expect([await snapshot(home), await snapshot(target)]).toEqual(snapshots);
  }, 300_000);
});
