import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertFeeItem } from "../src/use-cases/upsert-fee-item.ts";
import { failure, fieldsOf, type Harness, startHarness } from "./harness.ts";

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
