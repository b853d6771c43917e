import { newId } from "@slms/db";
import { conflict, forbidden, parseInput } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import { z } from "zod";
import { organisationView } from "../db/rows.ts";
import { isUniqueViolation } from "../db/unique.ts";
import type { AssetsDeps } from "../deps.ts";
import { code, name } from "../domain/fields.ts";
import type { OrganisationView } from "../domain/views.ts";

const input = z.object({ code, name });

/** Creates an organisation. Only system callers (the admin CLI, bootstrap) may do this. */
export async function createOrganisation(
  deps: AssetsDeps,
  caller: Caller,
  request: z.input<typeof input>,
): Promise<OrganisationView> {
  if (!caller.roles.includes("system")) throw forbidden("only the system can create organisations");
  const data = parseInput(input, request, "organisation");
  try {
    const row = await deps.db.organisation.create({ data: { id: newId("org"), ...data } });
    return organisationView(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`organisation ${data.code} already exists`, [
        { field: "code", message: "is taken" },
      ]);
    }
    throw error;
  }
}
