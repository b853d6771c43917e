import { fieldIssues, invalid } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { idNumberHolders } from "../db/import-customers.ts";
import { requireSiteInScope } from "../db/scope.ts";
import type { CustomersDeps } from "../deps.ts";
import { idIssues, idNumber } from "../domain/fields.ts";
import { normaliseIdNumber } from "../domain/id-numbers.ts";
import { maxImportRows } from "../domain/import-rows.ts";

const input = z.object({ idNumbers: z.array(idNumber).max(maxImportRows) });

/** A site's customer holding a number the caller asked about (the number as the caller sent it). */
export interface CustomerByIdNumber {
  idNumber: string;
  customerId: string;
  name: string;
}

/**
 * The site's customers holding these ID numbers, found by blind index (numbers compared as
 * stored: without spaces and hyphens, upper-case), for an importer matching its rows to the
 * customers a site has. Answers the caller's own numbers back, in the request's order, each
 * once; numbers no customer of the site holds are left out. Other sites' records are never
 * answered. At most 10,000 numbers a call.
 */
export async function findCustomersByIdNumber(
  deps: CustomersDeps,
  caller: Caller,
  siteId: string,
  request: z.input<typeof input>,
): Promise<CustomerByIdNumber[]> {
  const parsed = input.safeParse(request);
  const issues = [...idIssues({ siteId }), ...(parsed.success ? [] : fieldIssues(parsed.error))];
  if (!parsed.success || issues.length > 0) throw invalid("invalid lookup", issues);
  requireSiteInScope(caller, siteId);

  const asked = [...new Set(parsed.data.idNumbers)].flatMap((sent) => {
    const number = normaliseIdNumber(sent);
    return number ? [{ sent, idNumberHmac: deps.idProtection.blindIndex(number) }] : [];
  });
  const holders = await idNumberHolders(deps.db, { orgId: caller.orgId, siteId }, [
    ...new Set(asked.map((a) => a.idNumberHmac)),
  ]);
  return asked.flatMap((a) => {
    const holder = holders.get(a.idNumberHmac);
    return holder ? [{ idNumber: a.sent, customerId: holder.id, name: holder.name }] : [];
  });
}
