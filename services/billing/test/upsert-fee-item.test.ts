import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertFeeItem } from "../src/use-cases/upsert-fee-item.ts";
import { EventTypes, failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("upsert_fee_item");
});

afterAll(async () => {
  await h?.close();
});

describe("UpsertFeeItem", () => {
  it("adds a fee item to the organisation's catalogue", async () => {
    const { item } = await h.billing.UpsertFeeItem(
      {
        item: {
          code: "signage",
          name: "Signage",
          nameZh: "广告位",
          category: "other",
          active: true,
        },
      },
      { caller: h.hq },
    );
    expect(item).toMatchObject({ code: "signage", nameZh: "广告位" });
    const { items } = await h.billing.ListFeeItems({}, { caller: h.hq });
    expect(items.map((i) => i.code)).toContain("signage");
  });

  it("announces each change (the audit trail's), by whom, for the organisation and no site", async () => {
    const save = (name: string) =>
      h.billing.UpsertFeeItem(
        { item: { code: "storage", name, nameZh: "仓储", category: "other", active: true } },
        { caller: h.hq },
      );
    await save("Storage");
    await save("Storage room");
    await h.settled();
    const changes = h.events.filter((e) => e.type === EventTypes.FeeItemChanged);
    const ours = changes.filter((e) => (e.data as { code: string }).code === "storage");
    expect(
      ours.map((e) => [e.actor, e.orgId, e.siteId, (e.data as { name: string }).name]),
    ).toEqual([
      [h.hq.actor, h.hq.orgId, null, "Storage"],
      [h.hq.actor, h.hq.orgId, null, "Storage room"],
    ]);
    expect(ours[0]!.data).toEqual({
      feeItemId: `${h.hq.orgId}:storage`,
      code: "storage",
      name: "Storage",
      nameZh: "仓储",
      category: "other",
      active: true,
    });
  });

  it("refuses names that cannot be stored at the use-case edge, naming them", async () => {
    for (const [fields, field] of [
      [{ name: "Sign\u0000age" }, "name"],
      [{ nameZh: "广告\ud800" }, "nameZh"],
    ] as const) {
      const error = await failure(
        upsertFeeItem(h.service.deps, h.hq, {
          code: "signage",
          name: "Signage",
          category: "other",
          ...fields,
        }),
      );
      expect([error.kind, fieldsOf(error)]).toEqual(["invalid", [field]]);
    }
  });
});
