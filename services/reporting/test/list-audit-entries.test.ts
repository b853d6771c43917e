import type { DomainError } from "@slms/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEvent } from "../src/use-cases/apply-event.ts";
import { listAuditEntries } from "../src/use-cases/list-audit-entries.ts";
import { event, hq, readModels, siteCreated, staffAt } from "./support.ts";

let models: Awaited<ReturnType<typeof readModels>>;
const customer = (name: string, phones: string[], at: string, actor = "usr_clerk") => ({
  ...event(
    "customers.customer.updated",
    "sit_a",
    {
      customerId: "cus_a",
      siteId: "sit_a",
      kind: "company",
      name,
      phones,
      email: "",
      tags: [],
      consentSms: false,
      consentEmail: false,
    },
    at,
  ),
  actor,
  traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
});

beforeAll(async () => {
  models = await readModels("audit_trail");
  const apply = (e: Parameters<typeof applyEvent>[1]) => applyEvent(models.deps, e);
  await apply(siteCreated("sit_a", "Asia/Shanghai", "2026-06-01T00:00:00.000Z"));
  await apply(siteCreated("sit_b", "Asia/Shanghai", "2026-06-01T00:00:00.000Z"));
  await apply({
    ...customer("Alpha", ["13800000000"], "2026-06-02T01:00:00.000Z"),
    type: "customers.customer.created",
  });
  await apply(customer("Alpha Ltd", ["13800000000"], "2026-06-03T01:00:00.000Z"));
  await apply(customer("Alpha Ltd", ["13900000000"], "2026-06-04T17:00:00.000Z", "usr_mgr"));
  // An update from before the last one, heard of late: shown as sent, changes nothing known.
  await apply(customer("Alpha Old", ["13800000000"], "2026-06-02T12:00:00.000Z"));
  await apply(
    event(
      "assets.unit.status_changed",
      "sit_b",
      {
        unitId: "unt_b",
        siteId: "sit_b",
        kind: "office",
        from: "vacant",
        to: "leased",
        reason: "lease",
        changedAt: "2026-06-03T00:00:00.000Z",
      },
      "2026-06-03T00:00:00.000Z",
    ),
  );
});
afterAll(async () => {
  await models?.close();
});

const june = { fromDate: "2026-06-01", toDate: "2026-06-30" };

describe("ListAuditEntries", () => {
  it("shows who changed which fields of an object, from what to what, with the trace", async () => {
    const { entries } = await listAuditEntries(models.deps, hq, "sit_a", {
      ...june,
      objectType: "customer",
      objectId: "cus_a",
    });
    expect(entries.map((e) => [e.action, e.actor, e.occurredAt.toISOString(), e.changes])).toEqual([
      [
        "customers.customer.updated",
        "usr_mgr",
        "2026-06-04T17:00:00.000Z",
        [{ field: "phones", before: ["13800000000"], after: ["13900000000"] }],
      ],
      [
        "customers.customer.updated",
        "usr_clerk",
        "2026-06-03T01:00:00.000Z",
        [{ field: "name", before: "Alpha", after: "Alpha Ltd" }],
      ],
      [
        "customers.customer.updated",
        "usr_clerk",
        "2026-06-02T12:00:00.000Z",
        expect.arrayContaining([{ field: "name", after: "Alpha Old" }]),
      ],
      [
        "customers.customer.created",
        "usr_clerk",
        "2026-06-02T01:00:00.000Z",
        expect.arrayContaining([{ field: "name", after: "Alpha" }]),
      ],
    ]);
    expect(entries[0]!.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(entries.every((e) => e.siteId === "sit_a" && e.objectType === "customer")).toBe(true);
  });

  it("narrows to a user and to days in the site's time zone", async () => {
    const byManager = await listAuditEntries(models.deps, hq, undefined, {
      ...june,
      actor: "usr_mgr",
    });
    expect(byManager.entries.map((e) => e.actor)).toEqual(["usr_mgr"]);
    // 4 June 17:00Z is 5 June in Shanghai.
    const fifth = await listAuditEntries(models.deps, hq, undefined, {
      fromDate: "2026-06-05",
      toDate: "2026-06-05",
    });
    expect(fifth.entries.map((e) => e.occurredAt.toISOString())).toEqual([
      "2026-06-04T17:00:00.000Z",
    ]);
  });

  it("pages newest first without repeating or skipping an entry", async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listAuditEntries(models.deps, hq, undefined, {
        ...june,
        pageSize: 2,
        pageToken,
      });
      seen.push(...page.entries.map((e) => e.eventId));
      if (!page.nextPageToken) break;
      pageToken = page.nextPageToken;
    }
    const all = await listAuditEntries(models.deps, hq, undefined, june);
    expect(seen).toEqual(all.entries.map((e) => e.eventId));
    expect(new Set(seen).size).toBe(all.entries.length);
    expect(all.entries.length).toBe(7); // 2 sites, 4 customer events, 1 unit status change
  });

  it("never shows an ID number, even from an event that carries one", async () => {
    const leaky = customer("Alpha Ltd", ["13900000000"], "2026-06-20T01:00:00.000Z");
    await applyEvent(models.deps, {
      ...leaky,
      data: { ...(leaky.data as object), idNumber: "110101199003074578", secret: "s3cret" },
    });
    const { entries } = await listAuditEntries(models.deps, hq, "sit_a", {
      fromDate: "2026-06-20",
      toDate: "2026-06-21",
    });
    expect(entries).toHaveLength(1);
    // Nothing else changed; the hidden fields are not "changes" either.
    expect(entries[0]!.changes).toEqual([]);
    expect(JSON.stringify(entries)).not.toMatch(/110101199003074578|s3cret/);
    const kept = await models.deps.db.$queryRawUnsafe<{ state: object }[]>(
      "SELECT state FROM audit_objects WHERE object_id = 'cus_a'",
    );
    expect(JSON.stringify(kept)).not.toMatch(/110101199003074578|s3cret/);
  });

  it("shows fee item changes of the organisation to HQ, never to a site user", async () => {
    const item = (name: string, active: boolean, at: string) => ({
      ...event(
        "billing.fee_item.changed",
        "",
        {
          feeItemId: `${hq.orgId}:parking`,
          code: "parking",
          name,
          nameZh: "停车费",
          category: "parking",
          active,
        },
        at,
      ),
      siteId: null,
      actor: "usr_hq",
    });
    await applyEvent(models.deps, item("Parking", true, "2026-06-05T01:00:00.000Z"));
    await applyEvent(models.deps, item("Parking bay", false, "2026-06-06T01:00:00.000Z"));
    const query = { ...june, objectType: "fee_item", objectId: `${hq.orgId}:parking` };
    const { entries } = await listAuditEntries(models.deps, hq, undefined, query);
    expect(entries.map((e) => [e.siteId, e.actor, e.changes])).toEqual([
      [
        null,
        "usr_hq",
        [
          { field: "active", before: true, after: false },
          { field: "name", before: "Parking", after: "Parking bay" },
        ],
      ],
      [null, "usr_hq", expect.arrayContaining([{ field: "code", after: "parking" }])],
    ]);
    const site = await listAuditEntries(models.deps, staffAt("sit_a"), undefined, query);
    expect(site.entries).toEqual([]);
  });

  it("keeps a site user to their sites and refuses bad filters, naming them", async () => {
    const mine = await listAuditEntries(models.deps, staffAt("sit_b"), undefined, june);
    expect(new Set(mine.entries.map((e) => e.siteId))).toEqual(new Set(["sit_b"]));
    const hidden = (await listAuditEntries(models.deps, staffAt("sit_b"), "sit_a", june).catch(
      (e: unknown) => e,
    )) as DomainError;
    expect(hidden.kind).toBe("not_found");
    for (const [request, field] of [
      [{ fromDate: "2026-06-30", toDate: "2026-06-01" }, "toDate"],
      [{ fromDate: "2025-01-01", toDate: "2026-06-01" }, "toDate"],
      [{ ...june, objectId: "x' OR 1=1" }, "objectId"],
      [{ ...june, pageToken: "forged" }, "pageToken"],
    ] as const) {
      const error = (await listAuditEntries(models.deps, hq, undefined, request).catch(
        (e: unknown) => e,
      )) as DomainError;
      expect([error.kind, error.details.map((d) => d.field)]).toEqual(["invalid", [field]]);
    }
  });
});
