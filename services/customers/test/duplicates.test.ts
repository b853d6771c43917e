import type { Customer } from "@slms/contracts/customers";
import type { Caller } from "@slms/grpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callers, expectError, type Harness, ids, startHarness } from "./harness.ts";

// One customer record per site: an ID number is unique within a site; the same person at
// another site gets a record of that site, linked to the first by the party id.

const { hq, clerkA, clerkB } = callers("org_dup", "sit_a", "sit_b");
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

const listParty = (partyId: string, caller: Caller, siteId: string) =>
  h.customers
    .ListCustomers({ siteId, partyId }, { caller })
    .then((r) => r.customers.map((c) => c.id));

describe("duplicate ID numbers", () => {
  it("are refused within a site, naming the customer of that site who holds the number", async () => {
    const first = await register(ids.residentA, "Chen Jing", clerkA);
    // However it is typed.
    const error = await expectError(
      register("110105-19491231-002x", "Chen Jing again", clerkA),
      "conflict",
      ["idNumber"],
    );
    expect(error.message).toBe(`id number already registered to customer ${first.id} (Chen Jing)`);
    expect(error.details).toEqual([
      { field: "idNumber", message: `already registered to ${first.id}` },
    ]);
  });

  it("register the same person at another site as that site's own record, with the same party id", async () => {
    const atA = await register(ids.residentB, "Zhou Min", clerkA, "sit_a");
    const atB = await register(ids.residentB, "Zhou Min (B)", clerkB, "sit_b");
    expect(atB.id).not.toBe(atA.id);
    expect(atB).toMatchObject({ siteId: "sit_b", name: "Zhou Min (B)" });
    expect(atA.partyId).toMatch(/^pty_[0-9A-Z]{26}$/);
    expect(atB.partyId).toBe(atA.partyId);

    // The duplicate at B names B's record only; the message says nothing of site A.
    const atBAgain = await expectError(
      register(ids.residentB, "Again", clerkB, "sit_b"),
      "conflict",
      ["idNumber"],
    );
    expect(atBAgain.message).toBe(
      `id number already registered to customer ${atB.id} (Zhou Min (B))`,
    );
    expect(JSON.stringify(atBAgain)).not.toContain(atA.id);
    const atAAgain = await expectError(
      register(ids.residentB, "Again", clerkA, "sit_a"),
      "conflict",
    );
    expect(atAAgain.message).not.toContain(atB.id);
    expect(atAAgain.message).not.toContain("Zhou Min (B)");

    // Each site's staff see and change only their own record.
    expect(await listParty(atA.partyId, clerkA, "sit_a")).toEqual([atA.id]);
    expect(await listParty(atA.partyId, clerkB, "sit_b")).toEqual([atB.id]);
    await expectError(
      h.customers.GetCustomer({ siteId: "sit_a", id: atB.id }, { caller: clerkA }),
      "not_found",
    );
    await expectError(
      h.customers.UpdateCustomer({ siteId: "sit_a", id: atB.id, name: "x" }, { caller: clerkA }),
      "not_found",
    );
    const { customer: renamedA } = await h.customers.UpdateCustomer(
      { siteId: "sit_a", id: atA.id, name: "Zhou Min (A)" },
      { caller: clerkA },
    );
    expect(renamedA?.name).toBe("Zhou Min (A)");
    expect(
      (await h.customers.GetCustomer({ siteId: "sit_b", id: atB.id }, { caller: clerkB })).customer
        ?.name,
    ).toBe("Zhou Min (B)");

    // HQ sees one tenant: the party's records at every site, by the party id.
    const everywhere = await h.customers.ListCustomers(
      { siteId: "", partyId: atA.partyId },
      { caller: hq },
    );
    expect(everywhere.customers.map((c) => c.id).sort()).toEqual([atA.id, atB.id].sort());
    // Site staff asking across sites still see only their own site.
    const { customers: seenByA } = await h.customers.ListCustomers(
      { siteId: "", partyId: atA.partyId },
      { caller: clerkA },
    );
    expect(seenByA.map((c) => c.id)).toEqual([atA.id]);

    // The events carry the party id (never the number).
    const createdB = () =>
      h.events.find((e) => e.type === "customers.customer.created" && e.data.customerId === atB.id);
    await expect.poll(createdB).toBeDefined();
    const event = createdB();
    expect(event?.data).toMatchObject({ partyId: atA.partyId, siteId: "sit_b" });
    expect(JSON.stringify(event)).not.toContain(ids.residentB);
  });

  it("give different people, and the same person in another organisation, different party ids", async () => {
    const mine = await register(ids.residentC, "Mine");
    const someoneElse = await register(ids.residentD, "Someone else");
    const theirs = await register(ids.residentC, "Theirs", otherOrg);
    expect(theirs.orgId).toBe("org_dup_other");
    expect(new Set([mine.partyId, someoneElse.partyId, theirs.partyId]).size).toBe(3);
    // Nothing of the other organisation is visible by the party id.
    expect(await listParty(theirs.partyId, hq, "sit_a")).toEqual([]);
  });

  it("are refused when a customer is updated to a number held at its site; another site's number links the party", async () => {
    const holder = await register("110101198001010053", "Holder");
    const other = await register("110101198001010096", "Other");
    const error = await expectError(
      h.customers.UpdateCustomer(
        { siteId: "sit_a", id: other.id, idNumber: "110101198001010053" },
        { caller: hq },
      ),
      "conflict",
      ["idNumber"],
    );
    expect(error.message).toBe(`id number already registered to customer ${holder.id} (Holder)`);
    // Re-stating one's own number is no conflict.
    const { customer } = await h.customers.UpdateCustomer(
      { siteId: "sit_a", id: holder.id, idNumber: "110101198001010053", name: "Holder Renamed" },
      { caller: hq },
    );
    expect(customer).toMatchObject({ name: "Holder Renamed", partyId: holder.partyId });

    // A number held only at another site is no conflict; the customer joins that party.
    const atB = await register("310101197507070013", "Wang Wu", hq, "sit_b");
    const { customer: moved } = await h.customers.UpdateCustomer(
      { siteId: "sit_a", id: other.id, idNumber: "310101197507070013" },
      { caller: hq },
    );
    expect(moved?.partyId).toBe(atB.partyId);
    expect(moved?.partyId).not.toBe(other.partyId);
    const stored = await h.db.customer.findUniqueOrThrow({ where: { id: other.id } });
    expect(stored.partyId).toBe(atB.partyId);
  });

  it("let exactly one of 20 concurrent registrations of a number at a site win; the others name it", async () => {
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

  it("let one registration per site win when sites race for the same person", async () => {
    const sites = ["sit_r1", "sit_r2", "sit_r3"];
    const results = await Promise.allSettled(
      sites.flatMap((site) =>
        Array.from({ length: 5 }, (_, i) =>
          register(ids.residentE, `Site racer ${site} ${i}`, hq, site),
        ),
      ),
    );
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value as Customer] : []));
    expect(won.map((c) => c.siteId).sort()).toEqual(sites);
    expect(new Set(won.map((c) => c.partyId)).size).toBe(1);
  });
});
