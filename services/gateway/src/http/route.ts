import {
  DomainError,
  forbidden,
  isDomainError,
  notFound,
  parseInput,
  unauthenticated,
} from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { z } from "zod";
import { decide, type Permission, type Principal, roleNames } from "../domain/roles.ts";
import { requireFile } from "./file-body.ts";

/** What a handler receives: validated input and who is calling. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Null only on public routes. */
  principal: Principal;
  /** The principal as services see it in gRPC metadata. */
  caller: Caller;
  req: Request;
  res: Response;
  /** The uploaded file of an `upload` route (a route without one gets an empty buffer). */
  upload: Buffer;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A non-JSON answer (e.g. a PDF): sent as is instead of `body`. */
  raw?: { contentType: string; data: Buffer };
  /**
   * A streamed answer (a report as a file): writes status, headers and body itself. Whatever can
   * fail as a request error must fail before it starts; a failure while streaming cuts the
   * response off.
   */
  stream?: (res: Response) => Promise<void>;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
}

/**
 * One REST operation: its contract (schemas, responses, permission) and its handler. The same
 * schemas validate requests and generate the OpenAPI document, so the two cannot disagree.
 */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: "get" | "post" | "patch" | "put" | "delete";
  /** OpenAPI-style path: `/api/v1/sites/{siteId}/units`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /**
   * `public`, `authenticated` (any signed-in user), or the permission needed; checked at the
   * route's `{siteId}` when it has one.
   */
  access: "public" | "authenticated" | Permission;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, ResponseSpec>;
  /**
   * A file body instead of JSON (`body` unset): sent as the request's raw bytes in one of these
   * content types, at most `maxBytes`; the handler gets it as `upload`.
   */
  upload?: { contentTypes: readonly string[]; maxBytes: number; description: string };
  /** Honour `Idempotency-Key` (money routes: `required`). */
  idempotency?: "required" | "optional";
  /**
   * Fields the service names differently from this route (gRPC name → REST name), so its errors
   * name what the client sent. `pageToken` is `cursor` on every route.
   */
  serviceFields?: Record<string, string>;
  handler(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<RouteResult>;
}

/** Identity for a route: lets TypeScript infer the schema types of a spec. */
export function route<
  P extends z.ZodType = z.ZodObject,
  Q extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodObject,
>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/**
 * The principal as services see it. On a route of one site the caller is scoped to that site
 * alone — also for HQ users, and for a user with roles at several sites — so every service
 * answers for the path's site only and an object of another site is "not found" there. The roles
 * are those held at that site (plus any HQ role): a site manager of A who is a clerk at B acts as
 * a clerk at B, and services decide finer things (showing full ID numbers) by these roles.
 */
export function callerOf(principal: Principal, siteId?: string): Caller {
  if (siteId === undefined) {
    return {
      actor: principal.userId,
      orgId: principal.orgId,
      siteIds: principal.hqRole ? "all" : Object.keys(principal.sites),
      roles: roleNames(principal),
    };
  }
  return {
    actor: principal.userId,
    orgId: principal.orgId,
    siteIds: [siteId],
    roles: [
      ...(principal.sites[siteId] ? [principal.sites[siteId]] : []),
      ...(principal.hqRole ? [principal.hqRole] : []),
    ],
  };
}

const empty = z.object({});

/**
 * The first step of every route: who may call it. A signed-in user is required unless the route
 * is public; a permission is checked at the path's `{siteId}` (outside the caller's sites → 404,
 * inside but not allowed → 403). Runs before the input is read or an Idempotency-Key is
 * claimed, so nothing is stored for a caller who may not call the route.
 */
export function authorizeRoute(spec: RouteSpec): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const principal = res.locals.principal as Principal | undefined;
    if (spec.access === "public") return next();
    if (!principal) return next(unauthenticated());
    if (spec.access === "authenticated") return next();
    const siteId = req.params.siteId;
    const decision = decide(
      principal,
      spec.access,
      typeof siteId === "string" ? siteId : undefined,
    );
    if (decision === "not_found") return next(notFound("site"));
    if (decision === "forbidden") return next(forbidden(`your role does not allow ${spec.access}`));
    next();
  };
}

/** The last step of a route: validate → run → respond. */
export function routeHandler(spec: RouteSpec): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const principal = res.locals.principal as Principal | undefined;
      const params = parseInput(spec.params ?? empty, req.params, "path");
      const siteId = (params as { siteId?: unknown }).siteId;
      const query = parseInput(spec.query ?? empty, req.query, "query");
      const body = spec.body ? parseInput(spec.body, req.body, "request body") : undefined;
      const upload = spec.upload ? requireFile(req, spec.upload.contentTypes) : Buffer.alloc(0);
      const result = await spec.handler({
        params,
        query,
        body,
        principal: principal as Principal,
        upload,
        caller: principal
          ? callerOf(principal, typeof siteId === "string" ? siteId : undefined)
          : (undefined as unknown as Caller),
        req,
        res,
      });
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
      if (result.stream) await result.stream(res);
      else if (result.raw)
        res.status(result.status).type(result.raw.contentType).send(result.raw.data);
      else if (result.status === 204) res.status(204).end();
      else res.status(result.status).json(result.body);
    } catch (error) {
      if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
      else next(restFieldNames(error, spec.serviceFields));
    }
  };
}

/** An error from a service, naming the fields as the route calls them. */
function restFieldNames(error: unknown, names: Record<string, string> = {}): unknown {
  const rename: Record<string, string> = { pageToken: "cursor", ...names };
  if (!isDomainError(error) || !error.details.some((d) => d.field in rename)) return error;
  return new DomainError(
    error.kind,
    error.message,
    error.details.map((d) => (d.field in rename ? { ...d, field: rename[d.field]! } : d)),
    error.retryAfterSeconds,
  );
}

/** `/sites/{siteId}` → `/sites/:siteId`. */
export const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");
