/** Where temporary databases are created: `DATABASE_ADMIN_URL` or the local server's `postgres`. */
export function defaultAdminUrl(): string {
  return process.env.DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
}
