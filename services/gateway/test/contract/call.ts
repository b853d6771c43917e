import type { ApiResponse, Harness } from "../harness.ts";
import type { Operation } from "./openapi.ts";
import { pathParam, type ValidRequest } from "./requests.ts";
import { type SiteWorld, unique } from "./world.ts";

/** A request of an operation, ready to send: path values, query and body. */
export interface Prepared {
  path: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** The valid request of `op` at `site` (its first body). */
export function prepare(op: Operation, site: SiteWorld, request: ValidRequest): Prepared {
  const path: Record<string, string> = {};
  for (const name of op.pathParams) path[name] = request.path?.[name] ?? pathParam(name, site);
  return { path, query: request.query ?? {}, body: request.bodies?.[0] };
}

/** The URL of `op` with `path` values (percent-encoded unless `raw`) and `query`. */
export function urlOf(
  op: Operation,
  path: Record<string, string>,
  query: Record<string, string> = {},
  raw = false,
): string {
  const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    raw ? path[name]! : encodeURIComponent(path[name]!),
  );
  const search = new URLSearchParams(query).toString();
  return search ? `${url}?${search}` : url;
}

/** Sends `op` as the caller; a fresh Idempotency-Key on every call of a route that takes one. */
export function send(
  h: Harness,
  op: Operation,
  token: string | undefined,
  prepared: Prepared,
  options: { rawPath?: boolean; rawBody?: string } = {},
): Promise<ApiResponse> {
  const body = options.rawBody ?? prepared.body;
  return h.api(op.method, urlOf(op, prepared.path, prepared.query, options.rawPath), {
    ...(token ? { token } : {}),
    ...(body === undefined ? {} : { body }),
    headers: op.idempotency ? { "Idempotency-Key": unique("contract") } : {},
  });
}
