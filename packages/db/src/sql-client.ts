/**
 * The raw-SQL surface every generated Prisma client and interactive-transaction client has.
 * The outbox/inbox helpers are typed against it, so they work with any service's client.
 */
export interface SqlClient {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

/** Options of a Prisma interactive transaction. */
export interface TransactionOptions {
  /** How long to wait for a connection, ms (Prisma default 2000). */
  maxWait?: number;
  /** How long the transaction may run before Prisma rolls it back, ms (Prisma default 5000). */
  timeout?: number;
}

/** A Prisma client that runs interactive transactions handing `fn` a transaction client `Tx`. */
export interface TransactionalClient<Tx extends SqlClient = SqlClient> extends SqlClient {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, options?: TransactionOptions): Promise<R>;
}
