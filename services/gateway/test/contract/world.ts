import { expect } from "vitest";
import { ADMIN, type Harness } from "../harness.ts";

/**
 * A small organisation for contract tests, built through the public API only: two sites, A and
 * B, each with one of every kind of object a route can name, and a user per role. Tests attack
 * site B from site A (and the other way round) and send hostile input to every route.
 */
export interface SiteWorld {
  siteId: string;
  code: string;
  buildingId: string;
  /** Leased by `leaseId`. */
  unitId: string;
  /** Vacant; the draft lease names it. */
  spareUnitId: string;
  /** The tenant of `leaseId`. */
  customerId: string;
  /** A customer of the site with no lease. */
  otherCustomerId: string;
  /** Active, with bills, a payment, a pending waiver and a deposit. */
  leaseId: string;
  draftLeaseId: string;
  billId: string;
  runId: string;
  paymentId: string;
  waiverId: string;
  meterCode: string;
}

export type Role = "clerk" | "cashier" | "finance" | "site_manager";

export interface World {
  h: Harness;
  admin: string;
  a: SiteWorld;
  b: SiteWorld;
  /** Site users of A, by role. */
  atA: Record<Role, string>;
  /** Site users of B, by role. */
  atB: Record<Role, string>;
  /** Finance at both A and B: allowed at B, so only scoping to the path can stop it at A. */
  dual: string;
  /** HQ auditor: reads every site, writes none. */
  auditor: string;
}

export const PASSWORD = "contract-password-1";
let sequence = 0;
/** Unique per process: codes, references, Idempotency-Keys. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++sequence}`;

/** A valid resident ID number (GB 11643 check digit), different each call. */
export function residentId(): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const serial = String(100 + (++sequence % 900)).slice(-3);
  const day = String(1 + (Math.floor(sequence / 900) % 28)).padStart(2, "0");
  const first17 = `110101198001${day}${serial}`;
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return first17 + "10X98765432"[sum % 11];
}

const pad = (n: number) => String(n).padStart(2, "0");
/** Today in Shanghai (the sites' zone), and month starts around it. */
export function calendar(now = new Date()) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(now);
  const [y, m] = today.split("-").map(Number) as [number, number];
  const monthStart = (offset: number) => {
    const index = y * 12 + (m - 1) + offset;
    return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
  };
  const dayBefore = (date: string) =>
    new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { today, monthStart, dayBefore };
}

/** Monthly rent terms every lease of the world uses. */
export const leaseTerms = (rentMinor = 500_000) => ({
  frequency: "monthly",
  alignment: "calendar",
  rent: { kind: "per_period", amountMinor: rentMinor },
  escalation: { kind: "none" },
  rentFree: [],
  billLeadDays: 10,
  dueDay: 5,
  depositMinor: 2 * rentMinor,
  fees: [],
  lateFee: { graceDays: 5, dailyBasisPoints: 5, capBasisPoints: 2_000 },
  penalty: { kind: "months_of_rent", months: 1 },
});

async function ok(
  response: Promise<{ status: number; body: unknown }>,
  status: number,
  what: string,
): Promise<
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies
  any
> {
  const answer = await response;
  if (answer.status !== status) {
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

async function buildSite(h: Harness, admin: string, code: string): Promise<SiteWorld> {
  const { today, monthStart, dayBefore } = calendar();
  const call = (method: string, path: string, body?: unknown, key = false) =>
    h.api(method, path, {
      token: admin,
      ...(body === undefined ? {} : { body }),
      ...(key ? { headers: { "Idempotency-Key": unique("world") } } : {}),
    });
  const site = await ok(
    call("POST", "/api/v1/sites", {
      code,
      name: `Site ${code}`,
      kind: "office",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
    }),
    201,
    "site",
  );
  const s = `/api/v1/sites/${site.id}`;
  const building = await ok(
    call("POST", `${s}/buildings`, { code: "T1", name: "Tower 1", floors: 20 }),
    201,
    "building",
  );
  const unit = (unitCode: string) =>
    ok(
      call("POST", `${s}/units`, {
        code: unitCode,
        name: `Unit ${unitCode}`,
        kind: "office",
        buildingId: building.id,
        grossAreaM2: 120.5,
        listRentMonthlyMinor: 500_000,
      }),
      201,
      "unit",
    );
  const leased = await unit("T1-0101");
  const spare = await unit("T1-0102");
  const customer = (name: string) =>
    ok(
      call("POST", `${s}/customers`, {
        kind: "person",
        name,
        idDocumentType: "resident_id",
        idNumber: residentId(),
      }),
      201,
      "customer",
    );
  const tenant = await customer(`租户${code}`);
  const other = await customer(`访客${code}`);
  const start = monthStart(-2);
  const end = dayBefore(monthStart(10));
  const lease = await ok(
    call("POST", `${s}/leases`, {
      reference: `${code}-L1`,
      customerId: tenant.id,
      unitIds: [leased.id],
      startDate: start,
      endDate: end,
      terms: leaseTerms(),
    }),
    201,
    "lease",
  );
  await ok(call("POST", `${s}/leases/${lease.id}/activate`), 200, "activate");
  const draft = await ok(
    call("POST", `${s}/leases`, {
      reference: `${code}-L2`,
      customerId: other.id,
      unitIds: [spare.id],
      startDate: monthStart(1),
      endDate: dayBefore(monthStart(13)),
      terms: leaseTerms(),
    }),
    201,
    "draft lease",
  );

  // Billing learns of the lease from contracts' event: run until the lease's bills exist.
  let runId = "";
  let billId = "";
  const deadline = Date.now() + 20_000;
  while (!billId) {
    if (Date.now() > deadline) throw new Error(`billing never billed lease ${lease.id}`);
    const started = await ok(
      call("POST", `${s}/billing-runs`, { targetDate: today }, true),
      202,
      "run",
    );
    runId = started.run.id;
    for (;;) {
      const run = await ok(call("GET", `${s}/billing-runs/${runId}`), 200, "run status");
      if (run.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const bills = await ok(call("GET", `${s}/bills?leaseId=${lease.id}`), 200, "bills");
    billId = bills.items[0]?.id ?? "";
  }
  const receivedAt = new Date().toISOString();
  const payment = await ok(
    call(
      "POST",
      `${s}/payments`,
      { customerId: tenant.id, leaseId: lease.id, method: "cash", amountMinor: 100, receivedAt },
      true,
    ),
    201,
    "payment",
  );
  const waiver = await ok(
    call("POST", `${s}/bills/${billId}/waivers`, { amountMinor: 60_000, reason: "goodwill" }, true),
    201,
    "waiver",
  );
  expect(waiver.status).toBe("pending");
  await ok(
    call(
      "POST",
      `${s}/meter-readings`,
      {
        meterCode: "E-1",
        kind: "electricity",
        unitId: leased.id,
        readingDate: start,
        valueMilli: 1_000_000,
      },
      true,
    ),
    201,
    "meter reading",
  );
  await ok(
    call(
      "POST",
      `${s}/leases/${lease.id}/deposits`,
      { customerId: tenant.id, method: "bank_transfer", amountMinor: 1_000_000, receivedAt },
      true,
    ),
    201,
    "deposit",
  );
  return {
    siteId: site.id,
    code,
    buildingId: building.id,
    unitId: leased.id,
    spareUnitId: spare.id,
    customerId: tenant.id,
    otherCustomerId: other.id,
    leaseId: lease.id,
    draftLeaseId: draft.id,
    billId,
    runId,
    paymentId: payment.id,
    waiverId: waiver.id,
    meterCode: "E-1",
  };
}

export async function buildWorld(h: Harness, label: string): Promise<World> {
  const admin = await h.login(ADMIN.email, ADMIN.password);
  const [a, b] = await Promise.all([
    buildSite(h, admin, `${label}-A`),
    buildSite(h, admin, `${label}-B`),
  ]);
  const user = async (
    name: string,
    memberships: { siteId: string; role: Role }[],
    hqRole: string | null = null,
  ) => {
    const email = `${name}@${label.toLowerCase()}.test`;
    await ok(
      h.api("POST", "/api/v1/users", {
        token: admin,
        body: { email, name, password: PASSWORD, memberships, hqRole },
      }),
      201,
      `user ${name}`,
    );
    return h.login(email, PASSWORD);
  };
  const roles: Role[] = ["clerk", "cashier", "finance", "site_manager"];
  const usersAt = async (site: SiteWorld, tag: string) => {
    const tokens = await Promise.all(
      roles.map((role) => user(`${role}-${tag}`, [{ siteId: site.siteId, role }])),
    );
    return Object.fromEntries(roles.map((role, i) => [role, tokens[i]!])) as Record<Role, string>;
  };
  return {
    h,
    admin,
    a,
    b,
    atA: await usersAt(a, "a"),
    atB: await usersAt(b, "b"),
    dual: await user("dual", [
      { siteId: a.siteId, role: "finance" },
      { siteId: b.siteId, role: "finance" },
    ]),
    auditor: await user("auditor", [], "hq_auditor"),
  };
}
