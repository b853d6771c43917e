import { newId, writeOutbox } from "@slms/db";
import { fieldIssues, invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { findIdNumberHolder, guardIdNumberRace, idNumberTaken } from "../db/duplicates.ts";
import { customerViews } from "../db/rows.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { CustomersDeps } from "../deps.ts";
import {
  customerKind,
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
import { customerCreated } from "../events/customer-events.ts";

const input = z.object({
  kind: customerKind,
  name,
  idDocumentType,
  idNumber,
  phones: phones.default([]),
  email: email.default(""),
  emergencyContact: emergencyContact.optional(),
  tags: tags.default([]),
  consentSms: z.boolean().default(false),
  consentEmail: z.boolean().default(false),
});

export type CreateCustomerRequest = z.input<typeof input>;

/**
 * Registers a customer at a site and announces it (`customers.customer.created`) in the same
 * transaction. An ID number already registered at the site is a conflict naming the site's
 * customer holding it, also when two registrations race. The same number at another site is
 * that site's own record of the person: this one is registered too, with the same party id.
 */
export async function createCustomer(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  request: CreateCustomerRequest,
): Promise<CustomerView> {
  const parsed = input.safeParse(request);
  const issues = [...idIssues({ siteId }), ...(parsed.success ? [] : fieldIssues(parsed.error))];
  // The number is checked against the document type and the type against the kind, once all
  // three are readable; a bad kind, type or number is already named above.
  const kind = customerKind.safeParse(request.kind);
  const type = idDocumentType.safeParse(request.idDocumentType);
  const number = idNumber.safeParse(request.idNumber);
  const identity =
    kind.success && type.success && number.success
      ? checkIdentity(kind.data, type.data, number.data)
      : null;
  if (identity && "issues" in identity) issues.push(...identity.issues);
  if (!parsed.success || !identity || issues.length > 0 || "issues" in identity) {
    throw invalid("invalid customer", issues);
  }
  const data = parsed.data;
  requireSiteInScope(caller, siteId);

  const id = newId("cus");
  const slot = {
    orgId: caller.orgId,
    siteId,
    idNumberHmac: deps.idProtection.blindIndex(identity.number),
  };
  const holder = await findIdNumberHolder(deps.db, slot);
  if (holder) throw idNumberTaken(holder);
  const partyId = deps.idProtection.partyId(caller.orgId, slot.idNumberHmac);
  const parts = plainPartsOf(identity.number);
  const row = await guardIdNumberRace(deps.db, slot, undefined, () =>
    deps.db.$transaction(async (tx) => {
      const created = await tx.customer.create({
        data: {
          id,
          orgId: caller.orgId,
          siteId,
          partyId,
          kind: data.kind,
          name: data.name,
          idDocumentType: data.idDocumentType,
          idNumberCiphertext: deps.idProtection.encrypt(identity.number, id),
          idNumberHmac: slot.idNumberHmac,
          idNumberLast4: parts.last4,
          idNumberPrefix4: parts.prefix4,
          idNumberLength: parts.length,
          phones: data.phones,
          email: data.email,
          emergencyContactName: data.emergencyContact?.name ?? "",
          emergencyContactPhone: data.emergencyContact?.phone ?? "",
          emergencyContactRelation: data.emergencyContact?.relation ?? "",
          tags: data.tags,
          consentSms: data.consentSms,
          consentEmail: data.consentEmail,
        },
      });
      await writeOutbox(tx, customerCreated(caller, { ...created, partyId }));
      return created;
    }),
  );
  deps.outboxWritten();
  return customerViews(deps, caller)(row);
}
