import { writeOutbox } from "@slms/db";
import { fieldIssues, invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { findIdNumberHolder, guardIdNumberRace, idNumberTaken } from "../db/duplicates.ts";
import { customerViews } from "../db/rows.ts";
import { findCustomerInScope } from "../db/scope.ts";
import type { CustomersDeps } from "../deps.ts";
import {
  email,
  emergencyContact,
  idDocumentType,
  idIssues,
  idNumber,
  name,
  phones,
  tags,
} from "../domain/fields.ts";
import { checkIdentity, plainPartsOf } from "../domain/id-numbers.ts";
import type { CustomerView } from "../domain/views.ts";
import { customerUpdated } from "../events/customer-events.ts";
import type { Prisma } from "../generated/prisma/client.ts";

// Kind and site are deliberately absent: a person does not become a company, and a record
// belongs to its site (another site registers the person as a record of its own).
const input = z.object({
  name: name.optional(),
  idDocumentType: idDocumentType.optional(),
  idNumber: idNumber.optional(),
  /** Replaces the list; absent leaves it. */
  phones: phones.optional(),
  email: email.optional(),
  /** Replaces the contact; all fields empty removes it. */
  emergencyContact: emergencyContact.optional(),
  /** Replaces the list; absent leaves it. */
  tags: tags.optional(),
  consentSms: z.boolean().optional(),
  consentEmail: z.boolean().optional(),
});

export type UpdateCustomerRequest = z.input<typeof input>;

/**
 * Changes the given fields of a site's customer record and announces it
 * (`customers.customer.updated`) in the same transaction. A new ID number or document type is
 * checked as on registration, including against the ID numbers of the site's other customers;
 * a new number gives the record the party id of that number (joining the person's records at
 * other sites, if any).
 */
export async function updateCustomer(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  customerId: string,
  request: UpdateCustomerRequest,
): Promise<CustomerView> {
  const parsed = input.safeParse(request);
  const issues = parsed.success ? [] : fieldIssues(parsed.error);
  const refIssues = idIssues({ siteId, id: customerId });
  if (refIssues.length > 0) throw invalid("invalid customer", [...refIssues, ...issues]);
  const current = await findCustomerInScope(deps.db, caller, siteId, customerId);

  let identity: { number: string; idNumberHmac: string } | null = null;
  const number = request.idNumber === undefined ? null : idNumber.safeParse(request.idNumber);
  if (
    (request.idDocumentType !== undefined || request.idNumber !== undefined) &&
    (number === null || number.success)
  ) {
    const type = idDocumentType.safeParse(request.idDocumentType ?? current.idDocumentType);
    if (type.success) {
      const raw = number?.success
        ? number.data
        : deps.idProtection.decrypt(current.idNumberCiphertext, current.id);
      const checked = checkIdentity(current.kind, type.data, raw);
      if ("issues" in checked) issues.push(...checked.issues);
      else
        identity = {
          number: checked.number,
          idNumberHmac: deps.idProtection.blindIndex(checked.number),
        };
    }
  }
  if (!parsed.success || issues.length > 0) throw invalid("invalid customer", issues);
  const data = parsed.data;

  const changes: Prisma.CustomerUpdateInput = {
    name: data.name,
    idDocumentType: data.idDocumentType,
    phones: data.phones,
    email: data.email,
    emergencyContactName: data.emergencyContact?.name,
    emergencyContactPhone: data.emergencyContact?.phone,
    emergencyContactRelation: data.emergencyContact?.relation,
    tags: data.tags,
    consentSms: data.consentSms,
    consentEmail: data.consentEmail,
  };
  const newNumber = identity && identity.idNumberHmac !== current.idNumberHmac ? identity : null;
  const slot = {
    orgId: current.orgId,
    siteId: current.siteId,
    idNumberHmac: newNumber?.idNumberHmac ?? current.idNumberHmac,
  };
  if (newNumber) {
    const holder = await findIdNumberHolder(deps.db, slot, current.id);
    if (holder) throw idNumberTaken(holder);
    const parts = plainPartsOf(newNumber.number);
    Object.assign(changes, {
      idNumberCiphertext: deps.idProtection.encrypt(newNumber.number, current.id),
      idNumberHmac: newNumber.idNumberHmac,
      idNumberLast4: parts.last4,
      idNumberPrefix4: parts.prefix4,
      idNumberLength: parts.length,
    });
  }
  if (Object.values(changes).every((value) => value === undefined)) {
    return customerViews(deps, caller)(current);
  }
  // Written on every change, so a row older than party ids gets its own here too.
  const partyId = deps.idProtection.partyId(current.orgId, slot.idNumberHmac);
  changes.partyId = partyId;

  const row = await guardIdNumberRace(deps.db, slot, current.id, () =>
    deps.db.$transaction(async (tx) => {
      const updated = await tx.customer.update({
        where: { id: current.id, orgId: current.orgId, siteId: current.siteId },
        data: changes,
      });
      await writeOutbox(tx, customerUpdated(caller, { ...updated, partyId }));
      return updated;
    }),
  );
  deps.outboxWritten();
  return customerViews(deps, caller)(row);
}
