import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callers, expectError, type Harness, ids, startHarness } from "./harness.ts";

const { hq, clerkA } = callers("org_dup", "sit_a", "sit_b");
const otherOrg: Caller = {
  actor: "usr_x",
  orgId: "org_dup_other",
  siteIds: "all",
  roles: ["hq_admin"],
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness("customers_duplicates");
});

afterAll(async () => {
  await h?.close();
});

const register = (idNumber: string, name: string, caller: Caller = hq, siteId = "sit_a") =>
  h.customers
    .CreateCustomer(
      {
        siteId,
        kind: "CUSTOMER_KIND_PERSON",
        name,
        idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
        idNumber,
      },
      { caller },
    )
    .then((r) => r.customer!);

describe("duplicate ID numbers", () => {
  it("are refused in the organisation, naming the customer who holds the number", async () => {
    const first = await register(ids.residentA, "Chen Jing");
    // However it is typed, and from another site of the organisation.
    const error = await expectError(
      register("110105-19491231-002x", "Chen Jing again", clerkA, "sit_a"),
      "conflict",
      ["idNumber"],
    );
    expect(error.message).toBe(`id number already registered to customer ${first.id} (Chen Jing)`);
    expect(error.details).toEqual([
      { field: "idNumber", message: `already registered to ${first.id}` },
    ]);
    await expectError(register(ids.residentA, "At B", hq, "sit_b"), "conflict", ["idNumber"]);
  });

  it("are allowed in another organisation", async () => {
    const mine = await register(ids.residentB, "Zhou Min");
    const theirs = await register(ids.residentB, "Zhou Min", otherOrg);
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.orgId).toBe("org_dup_other");
  });

  it("are refused when a customer is updated to another customer's number", async () => {
    const holder = await register(ids.residentC, "Holder");
    const other = await register(ids.residentD, "Other");
    const error = await expectError(
      h.customers.UpdateCustomer(
        { siteId: "sit_a", id: other.id, idNumber: ids.residentC },
        { caller: hq },
      ),
      "conflict",
      ["idNumber"],
    );
    expect(error.message).toBe(`id number already registered to customer ${holder.id} (Holder)`);
    // Re-stating one's own number is no conflict.
    const { customer } = await h.customers.UpdateCustomer(
      { siteId: "sit_a", id: holder.id, idNumber: ids.residentC, name: "Holder Renamed" },
      { caller: hq },
    );
    expect(customer?.name).toBe("Holder Renamed");
  });

  it("let exactly one of 20 concurrent registrations of a number win; the others name it", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => register(ids.residentE, `Racer ${i}`)),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ id: string; name: string }>).value;
    const lost = results.filter((r) => r.status === "rejected");
    expect(lost).toHaveLength(19);
    for (const loss of lost) {
      const reason = (loss as PromiseRejectedResult).reason as { kind: string; message: string };
      expect(reason.kind).toBe("conflict");
      expect(reason.message).toBe(
        `id number already registered to customer ${winner.id} (${winner.name})`,
      );
    }
    expect(
      await h.db.customer.count({ where: { orgId: hq.orgId, name: { startsWith: "Racer" } } }),
    ).toBe(1);
    // Only the winner was announced.
    const announced = await h.db.outboxMessage.count({
      where: {
        type: "customers.customer.created",
        data: { path: ["name"], string_starts_with: "Racer" },
      },
    });
    expect(announced).toBe(1);
  });
});
