import createClient from "openapi-fetch";
import { session } from "../auth/session";
import type { components, paths } from "../generated/schema";

/** The public REST API, typed from its OpenAPI document (regenerated on every build). */
export type Paths = paths;
export type Schemas = components["schemas"];

/** An error the API answered with: `{error: {code, message, details[]}}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: { field: string; message: string }[];
  readonly retryAfterSeconds: number | null;

  constructor(status: number, body: unknown, retryAfter: string | null) {
    const error = (body as { error?: { code?: string; message?: string; details?: unknown } })
      ?.error;
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? "unknown";
    this.details = Array.isArray(error?.details)
      ? (error.details as { field: string; message: string }[])
      : [];
    this.retryAfterSeconds = retryAfter ? Number(retryAfter) : null;
  }
}

/**
 * Sends the request with the session's access token; on a 401 trades the refresh token for a
 * new session once (shared by requests failing together) and sends it again.
 */
async function authorisedFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const token = session.accessToken();
  if (token) request.headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(request);
  if (response.status !== 401 || !token || new URL(request.url).pathname.includes("/auth/"))
    return response;
  const renewed = await session.refresh();
  if (!renewed) return response;
  retry.headers.set("Authorization", `Bearer ${renewed}`);
  return fetch(retry);
}

export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: authorisedFetch });

/** The data of an openapi-fetch answer, or its error thrown as an ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined)
    throw new ApiError(response.status, error, response.headers.get("Retry-After"));
  return data as T;
}

/** A new key for one submission of a money-moving form (a double click sends the same one). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
