import type { Tx } from "../deps.ts";
import type { CustomerRecord } from "./customer-record.ts";
import type { IdNumberSlot } from "./duplicates.ts";

// Set-based reads and writes of ImportCustomers: one statement each whatever the number of rows,
// the rows passed as one jsonb parameter (jsonb_to_recordset).

/** The site's customers holding these ID numbers, by blind index (blind index → customer). */
export async function idNumberHolders(
  tx: Tx,
  site: Omit<IdNumberSlot, "idNumberHmac">,
  idNumberHmacs: readonly string[],
): Promise<Map<string, { id: string; name: string }>> {
  if (idNumberHmacs.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<{ id_number_hmac: string; id: string; name: string }[]>(
    `SELECT id_number_hmac, id, name FROM customers
      WHERE org_id = $1 AND site_id = $2 AND id_number_hmac = ANY($3::text[])`,
    site.orgId,
    site.siteId,
    idNumberHmacs,
  );
  return new Map(rows.map((r) => [r.id_number_hmac, { id: r.id, name: r.name }]));
}

/**
 * Inserts customers as CreateCustomer stores them. An ID number registered at the site meanwhile
 * (a concurrent CreateCustomer) inserts nothing for that row: answers whether every row went in,
 * for the caller to roll back and name the others.
 */
export async function insertCustomers(
  tx: Tx,
  records: readonly CustomerRecord[],
  at: Date,
): Promise<boolean> {
  if (records.length === 0) return true;
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO customers (id, org_id, site_id, party_id, kind, name, id_document_type,
                            id_number_ciphertext, id_number_hmac, id_number_last4,
                            id_number_prefix4, id_number_length, phones, email,
                            emergency_contact_name, emergency_contact_phone,
                            emergency_contact_relation, tags, consent_sms, consent_email,
                            created_at, updated_at)
     SELECT c.id, c.org_id, c.site_id, c.party_id, c.kind::"CustomerKind", c.name,
            c.id_document_type::"IdDocumentType", c.id_number_ciphertext, c.id_number_hmac,
            c.id_number_last4, c.id_number_prefix4, c.id_number_length, c.phones, c.email,
            c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relation,
            c.tags, c.consent_sms, c.consent_email, $1::timestamptz, $1::timestamptz
       FROM jsonb_to_recordset($2::jsonb)
         AS c(id text, org_id text, site_id text, party_id text, kind text, name text,
              id_document_type text, id_number_ciphertext text, id_number_hmac text,
              id_number_last4 text, id_number_prefix4 text, id_number_length smallint,
              phones text[], email text, emergency_contact_name text,
              emergency_contact_phone text, emergency_contact_relation text, tags text[],
              consent_sms boolean, consent_email boolean)
     ON CONFLICT (org_id, site_id, id_number_hmac) DO NOTHING`,
    at.toISOString(),
    JSON.stringify(
      records.map((r) => ({
        id: r.id,
        org_id: r.orgId,
        site_id: r.siteId,
        party_id: r.partyId,
        kind: r.kind,
        name: r.name,
        id_document_type: r.idDocumentType,
        id_number_ciphertext: r.idNumberCiphertext,
        id_number_hmac: r.idNumberHmac,
        id_number_last4: r.idNumberLast4,
        id_number_prefix4: r.idNumberPrefix4,
        id_number_length: r.idNumberLength,
        phones: r.phones,
        email: r.email,
        emergency_contact_name: r.emergencyContactName,
        emergency_contact_phone: r.emergencyContactPhone,
        emergency_contact_relation: r.emergencyContactRelation,
        tags: r.tags,
        consent_sms: r.consentSms,
        consent_email: r.consentEmail,
      })),
    ),
  );
  return inserted === records.length;
}

/**
 * Locks the customers an import batch made (in id order) for the rest of the transaction, so an
 * edit of one waits for its rollback, and answers those edited since the import, at most
 * `limit`, by id. An imported row is written once with `updated_at = created_at`; UpdateCustomer
 * writes only when something changes, and then moves `updated_at` on.
 */
export async function lockEditedSinceImport(
  tx: Tx,
  customerIds: readonly string[],
  limit: number,
): Promise<{ id: string; name: string }[]> {
  if (customerIds.length === 0) return [];
  await tx.$queryRawUnsafe(
    `SELECT count(*)::int AS n FROM (
       SELECT id FROM customers WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE
     ) AS locked`,
    customerIds,
  );
  return tx.$queryRawUnsafe<{ id: string; name: string }[]>(
    `SELECT id, name FROM customers
      WHERE id = ANY($1::text[]) AND updated_at <> created_at
      ORDER BY id LIMIT $2`,
    customerIds,
    limit,
  );
}

/** Removes customers an import batch made at the site. */
export async function deleteImportedCustomers(
  tx: Tx,
  site: Omit<IdNumberSlot, "idNumberHmac">,
  customerIds: readonly string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `DELETE FROM customers WHERE id = ANY($1::text[]) AND org_id = $2 AND site_id = $3`,
    customerIds,
    site.orgId,
    site.siteId,
  );
}
