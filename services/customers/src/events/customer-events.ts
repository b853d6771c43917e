import { type CustomerChangedV1, type EventEnvelope, EventTypes } from "@slms/contracts";
import { newEvent } from "@slms/db";
import type { Caller } from "@slms/grpc";
import type { Customer } from "../generated/prisma/client.ts";

function envelope(type: string, caller: Caller, row: WrittenRow): EventEnvelope {
  // Built field by field from the row, never spread: ID numbers (and their ciphertext, blind
  // index and plain parts) must not reach the bus.
  const data: CustomerChangedV1 = {
    customerId: row.id,
    siteId: row.siteId,
    partyId: row.partyId,
    kind: row.kind,
    name: row.name,
    phones: row.phones,
    email: row.email,
    tags: row.tags,
    consentSms: row.consentSms,
    consentEmail: row.consentEmail,
  };
  return newEvent(type, { orgId: row.orgId, siteId: row.siteId, actor: caller.actor }, data);
}

/** A written row always has its party id (only rows older than it may lack one). */
type WrittenRow = Customer & { partyId: string };

export const customerCreated = (caller: Caller, row: WrittenRow) =>
  envelope(EventTypes.CustomerCreated, caller, row);

export const customerUpdated = (caller: Caller, row: WrittenRow) =>
  envelope(EventTypes.CustomerUpdated, caller, row);
