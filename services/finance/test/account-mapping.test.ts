import { EventTypes } from "@slms/contracts";
import { AccountingServiceClient, type AccountingServiceDefinition } from "@slms/contracts/finance";
import { type Caller, createClient, type GrpcClient } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountMapping, defaultAccountMapping } from "../src/domain/account-mapping.ts";
import { getAccountMapping } from "../src/use-cases/get-account-mapping.ts";
import { readChanges } from "../src/use-cases/read-changes.ts";
import { recordChange } from "../src/use-cases/record-change.ts";
import { setAccountMapping } from "../src/use-cases/set-account-mapping.ts";
import { failureOf, type Harness, startHarness } from "./harness.ts";
import { payment } from "./money-events.ts";

let h: Harness;
let accounting: GrpcClient<AccountingServiceDefinition>;
beforeAll(async () => {
  h = await startHarness("account_mapping", { edge: false });
  accounting = createClient<AccountingServiceDefinition>(
    AccountingServiceClient,
    `127.0.0.1:${h.service.port}`,
  );
});
afterAll(async () => {
  accounting?.close();
  await h?.close();
});

const auditor = (): Caller => ({ ...h.hq, actor: "usr_audit", roles: ["hq_auditor"] });
const cashier = (): Caller => ({
  actor: "usr_cashier",
  orgId: h.orgId,
  siteIds: [h.siteA],
  roles: ["cashier"],
});

const own: AccountMapping = {
  ...defaultAccountMapping,
  revenueByFee: { rent: { code: "6001.01", name: "租金收入" } },
  cashByMethod: { bank_transfer: { code: "1002.01", name: "银行存款—工行" } },
};

describe("the account mapping", () => {
  it("is the default until the organisation sets its own", async () => {
    const found = await getAccountMapping(h.deps, auditor());
    expect(found).toEqual({
      mapping: defaultAccountMapping,
      isDefault: true,
      updatedAt: null,
      updatedBy: null,
    });
  });

  it("is set by an HQ admin as a whole; changes recorded from then on use it, earlier ones keep theirs", async () => {
    const a = { orgId: h.orgId, siteId: h.siteA };
    await recordChange(h.deps, payment(a, EventTypes.PaymentRecorded, "pay_before", 100));
    const set = await setAccountMapping(h.deps, h.hq, own);
    expect(set).toMatchObject({ mapping: own, isDefault: false, updatedBy: "usr_hq" });
    expect(await getAccountMapping(h.deps, h.hq)).toEqual(set);
    await recordChange(h.deps, payment(a, EventTypes.PaymentRecorded, "pay_after", 100));

    const client = (await h.newApiClient({ siteIds: [h.siteA] })).edge;
    const { changes } = await readChanges(h.deps, client, { cursor: "", pageSize: 10, siteId: "" });
    const debited = (paymentId: string) =>
      changes.find((c) => c.paymentId === paymentId)?.journalLines[0]?.accountCode;
    expect(debited("pay_before")).toBe("1002");
    expect(debited("pay_after")).toBe("1002.01");
  });

  it.each([
    ["an account left out", { ...own, receivables: undefined }, "receivables"],
    ["a code with a space", { ...own, deposits: { code: "22 41", name: "押金" } }, "deposits.code"],
    ["an empty name", { ...own, cash: { code: "1002", name: " " } }, "cash.name"],
    [
      "a fee item code that is not one",
      { ...own, revenueByFee: { "Rent!": { code: "6001", name: "x" } } },
      "revenueByFee.Rent!",
    ],
    ["an unknown role", { ...own, suspense: { code: "1", name: "x" } }, "suspense"],
  ])("refuses %s, naming the field, and keeps the mapping", async (_what, mapping, field) => {
    const before = await getAccountMapping(h.deps, h.hq);
    const failure = await failureOf(
      setAccountMapping(h.deps, h.hq, mapping as unknown as AccountMapping),
    );
    expect(failure.kind).toBe("invalid");
    expect(failure.fields).toContain(field);
    expect(await getAccountMapping(h.deps, h.hq)).toEqual(before);
  });

  it("is read by HQ auditors but set by HQ admins only; site staff see none of it", async () => {
    expect((await failureOf(setAccountMapping(h.deps, auditor(), own))).kind).toBe("forbidden");
    expect((await failureOf(getAccountMapping(h.deps, cashier()))).kind).toBe("forbidden");
    expect((await failureOf(setAccountMapping(h.deps, cashier(), own))).kind).toBe("forbidden");
  });

  it("is served on the internal port with its maps intact", async () => {
    const set = await accounting.SetAccountMapping({ mapping: own }, { caller: h.hq });
    expect(set.mapping?.revenueByFee).toEqual(own.revenueByFee);
    const got = await accounting.GetAccountMapping({}, { caller: auditor() });
    expect(got).toMatchObject({ isDefault: false, updatedBy: "usr_hq" });
    expect(got.mapping?.cashByMethod).toEqual(own.cashByMethod);
    expect(got.mapping?.receivables).toEqual(own.receivables);
    // An account left out of the message is named, not stored as empty.
    await expect(
      accounting.SetAccountMapping({ mapping: { ...own, waivers: undefined } }, { caller: h.hq }),
    ).rejects.toMatchObject({ kind: "invalid" });
  });
});
