import type { BillingDeps, Tx } from "../deps.ts";

/** Either the client or a transaction client. */
export type DbLike = BillingDeps["db"] | Tx;
