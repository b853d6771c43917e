// Whether an error means "the connection went away", not "the statement was wrong": the database
// restarted, failed over, or an operator ended the session (`pg_terminate_backend`). Such a
// statement may be retried on a new connection — when the work is idempotent, which is the
// caller's business. Through Prisma's adapter-pg a terminated backend surfaces as
// `PrismaClientKnownRequestError` P2010 with `meta.driverAdapterError.cause` =
// `{ kind: "postgres", code: "57P01" }`; a reset socket as `{ kind: "ConnectionClosed" }`; a
// connection pg noticed closing as a plain `Error("Connection terminated unexpectedly")`.

/** SQLSTATEs of a lost session: admin/crash shutdown, cannot connect now, class 08 (connection). */
const connectionStates = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"]);
/** Driver-adapter error kinds of a lost or unreachable server. */
const connectionKinds = new Set(["ConnectionClosed", "DatabaseNotReachable", "SocketTimeout"]);
/** Prisma's own codes: cannot reach, timed out, server closed the connection. */
const prismaCodes = new Set(["P1001", "P1002", "P1017"]);
const connectionMessage =
  /Connection terminated|terminating connection|Client has encountered a connection error|ECONNRESET|ECONNREFUSED|EPIPE|server closed the connection/i;

/**
 * True when `error` (or an error it wraps) says the database connection was lost or refused —
 * a retry on a fresh connection may succeed. False for every other error, including deadlocks
 * and serialization failures (retry those deliberately where they are expected).
 */
export function isConnectionError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: unknown };
      cause?: unknown;
    };
    if (typeof e.code === "string" && (connectionStates.has(e.code) || prismaCodes.has(e.code))) {
      return true;
    }
    if (typeof e.kind === "string" && connectionKinds.has(e.kind)) return true;
    if (e.kind === "postgres" && typeof e.code === "string" && connectionStates.has(e.code)) {
      return true;
    }
    if (typeof e.message === "string" && connectionMessage.test(e.message)) return true;
    current = e.meta?.driverAdapterError ?? e.cause;
  }
  return false;
}

/** Options of {@link retryOnConnectionError}. */
export interface ConnectionRetryOptions {
  /** Attempts in all, the first included. Default 5. */
  attempts?: number;
  /** Wait before the first retry, doubled before each next one. Default 200 ms. */
  backoffMs?: number;
  /** Told of each retry (to log it). */
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `work`, and again on a new connection (after a short, doubling wait) while it fails with a
 * {@link isConnectionError} — at most `attempts` times in all; any other error, or the last one,
 * is thrown. Only for idempotent work: a connection lost during COMMIT leaves it unknown whether
 * the transaction committed, so the retry must be safe either way.
 */
export async function retryOnConnectionError<T>(
  work: () => Promise<T>,
  options: ConnectionRetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  let wait = options.backoffMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isConnectionError(error)) throw error;
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait *= 2;
    }
  }
}
