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
 * transaction. An ID number already registered in the organisation is a conflict naming the
 * customer holding it, also when two registrations race.
 */
export async function createCustomer(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  request: CreateCustomerRequest,
): Promise<CustomerView> {
  const parsed = input.safeParse(request);
  const issues = parsed.success ? [] : fieldIssues(parsed.error);
  // The number is checked against the document type and the type against the kind, once both
  // are known; a bad kind or type is already named above.
  const kind = customerKind.safeParse(request.kind);
  const type = idDocumentType.safeParse(request.idDocumentType);
  const identity =
    kind.success && type.success && typeof request.idNumber === "string"
      ? checkIdentity(kind.data, type.data, request.idNumber)
      : null;
  if (identity && "issues" in identity) issues.push(...identity.issues);
  if (!parsed.success || !identity || "issues" in identity) {
    throw invalid("invalid customer", issues);
  }
  const data = parsed.data;
  requireSiteInScope(caller, siteId);

  const id = newId("cus");
  const idNumberHmac = deps.idProtection.blindIndex(identity.number);
  const holder = await findIdNumberHolder(deps.db, caller.orgId, idNumberHmac);
  if (holder) throw idNumberTaken(holder);
  const parts = plainPartsOf(identity.number);
  const row = await guardIdNumberRace(deps.db, caller.orgId, idNumberHmac, undefined, () =>
    deps.db.$transaction(async (tx) => {
      const created = await tx.customer.create({
        data: {
          id,
          orgId: caller.orgId,
          siteId,
          kind: data.kind,
          name: data.name,
          idDocumentType: data.idDocumentType,
          idNumberCiphertext: deps.idProtection.encrypt(identity.number, id),
          idNumberHmac,
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
      await writeOutbox(tx, customerCreated(caller, created));
      return created;
    }),
  );
  deps.outboxWritten();
  return customerViews(deps, caller)(row);
}
