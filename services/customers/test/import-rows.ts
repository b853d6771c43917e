import type { CustomersServiceDefinition } from "@slms/contracts/customers";
import type { Caller, GrpcClient } from "@slms/grpc";
import { waitFor } from "@slms/testing";
import { residentIdCheckChar } from "../src/domain/id-numbers.ts";
import type { Harness } from "./harness.ts";

// What the import use-cases' tests share beside the harness: rows, valid ID numbers by the
// thousand, held events, and a barrier for "nothing was published".

/** The `n`th valid resident ID number (n < 1,000,000): Beijing, born 1970 on, 1,000 a day. */
export function residentId(n: number): string {
  const born = new Date(Date.UTC(1970, 0, 1) + Math.floor(n / 1000) * 86_400_000);
  const first17 = `110101${born.toISOString().slice(0, 10).replaceAll("-", "")}${String(n % 1000).padStart(3, "0")}`;
  return first17 + residentIdCheckChar(first17);
}

/** A row of ImportCustomers as the client sends it. */
export type CustomerRow = NonNullable<
  Parameters<GrpcClient<CustomersServiceDefinition>["ImportCustomers"]>[0]["customers"]
>[number];

/** An import row of person `n`, keyed by the number. */
export const customerRow = (n: number, overrides: Partial<CustomerRow> = {}): CustomerRow => ({
  key: `customer:${residentId(n)}`,
  kind: "CUSTOMER_KIND_PERSON",
  name: `Person ${n}`,
  idDocumentType: "ID_DOCUMENT_TYPE_RESIDENT_ID",
  idNumber: residentId(n),
  phones: ["13800138000"],
  email: `p${n}@example.com`,
  tags: ["go-live"],
  consentSms: true,
  consentEmail: false,
  ...overrides,
});

/** Held events of the service's outbox (written, waiting for a release). */
export async function heldEvents(h: Harness): Promise<number> {
  const [row] = await h.db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM outbox_messages
      WHERE published_at IS NULL AND claimed_until = 'infinity'`,
  );
  return row!.n;
}

let barriers = 0;

/**
 * Publishes an unheld event (a customer registered the normal way at `siteId`) and waits until it
 * is heard: every event written before that the relay could publish has been published by then.
 */
export async function barrier(h: Harness, caller: Caller, siteId: string): Promise<void> {
  const { customer } = await h.customers.CreateCustomer(
    {
      siteId,
      kind: "CUSTOMER_KIND_PERSON",
      name: "Barrier",
      idDocumentType: "ID_DOCUMENT_TYPE_PASSPORT",
      idNumber: `BARRIER${++barriers}`,
    },
    { caller },
  );
  await waitFor(() => h.events.some((e) => e.data.customerId === customer!.id), {
    description: "the barrier event",
  });
}
