import { PrismaPg } from "@prisma/adapter-pg";

/** Options of {@link createPrismaClient}. */
export interface PrismaClientFactoryOptions {
  /**
   * PostgreSQL connection URL, e.g. `postgresql://user@host:5432/assets`; `?schema=name` puts the
   * tables in that schema instead of `public`.
   */
  url: string;
  /** Most connections the pool opens (pg default: 10). In embedded mode see `EMBEDDED_POOL_MAX`. */
  poolMax?: number;
  /** `application_name` the connections report in `pg_stat_activity`. */
  applicationName?: string;
  /** Called with errors of idle pooled connections (e.g. the server restarted). */
  onPoolError?: (error: Error) => void;
}

/**
 * Any Prisma 7 generated `PrismaClient` class (`prisma-client` generator): constructed with a
 * driver adapter, closed with `$disconnect`.
 */
export type PrismaClientClass<Client> = new (options: { adapter: PrismaPg }) => Client;

/**
 * Builds a service's generated Prisma client on a `pg` pool through `@prisma/adapter-pg`.
 * The pool is created on first use and `$disconnect()` ends it, closing every connection.
 *
 * @example
 * const prisma = createPrismaClient(PrismaClient, { url: config.databaseUrl, poolMax: 10 });
 * // …
 * await prisma.$disconnect();
 */
export function createPrismaClient<Client extends { $disconnect(): Promise<void> }>(
  PrismaClient: PrismaClientClass<Client>,
  options: PrismaClientFactoryOptions,
): Client {
  // `?schema=` (Prisma's convention) names the schema queries are qualified with: the embedded
  // platform keeps each service in a schema of one database.
  const url = new URL(options.url);
  const schema = url.searchParams.get("schema");
  url.searchParams.delete("schema");
  const adapter = new PrismaPg(
    {
      connectionString: url.toString(),
      max: options.poolMax,
      application_name: options.applicationName,
    },
    { onPoolError: options.onPoolError, ...(schema ? { schema } : {}) },
  );
  return new PrismaClient({ adapter });
}
