import { forbidden, notFound, parseInput, unauthenticated } from "@slms/errors";
import type { Caller } from "@slms/grpc";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { z } from "zod";
import { decide, type Permission, type Principal, roleNames } from "../domain/roles.ts";

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
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A non-JSON answer (e.g. a PDF): sent as is instead of `body`. */
  raw?: { contentType: string; data: Buffer };
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
  /** Honour `Idempotency-Key` (money routes: `required`). */
  idempotency?: "required" | "optional";
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
 * The principal as services see it. On a route of one site the roles are those held there (plus
 * any HQ role), so a site manager of A who is a clerk at B acts as a clerk at B — services decide
 * finer things, like showing full ID numbers, by these roles.
 */
export function callerOf(principal: Principal, siteId?: string): Caller {
  const roles =
    siteId === undefined
      ? roleNames(principal)
      : [
          ...(principal.sites[siteId] ? [principal.sites[siteId]] : []),
          ...(principal.hqRole ? [principal.hqRole] : []),
        ];
  return {
    actor: principal.userId,
    orgId: principal.orgId,
    siteIds: principal.hqRole ? "all" : Object.keys(principal.sites),
    roles,
  };
}

const empty = z.object({});

/** The express handler of a route: validate → authorize → run → respond. */
export function routeHandler(spec: RouteSpec): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const principal = res.locals.principal as Principal | undefined;
      if (spec.access !== "public" && !principal) throw unauthenticated();
      const params = parseInput(spec.params ?? empty, req.params, "path");
      const siteId = (params as { siteId?: unknown }).siteId;
      if (principal && spec.access !== "public" && spec.access !== "authenticated") {
        const decision = decide(
          principal,
          spec.access,
          typeof siteId === "string" ? siteId : undefined,
        );
        if (decision === "not_found") throw notFound("site");
        if (decision === "forbidden") throw forbidden(`your role does not allow ${spec.access}`);
      }
      const query = parseInput(spec.query ?? empty, req.query, "query");
      const body = spec.body ? parseInput(spec.body, req.body, "request body") : undefined;
      const result = await spec.handler({
        params,
        query,
        body,
        principal: principal as Principal,
        caller: principal
          ? callerOf(principal, typeof siteId === "string" ? siteId : undefined)
          : (undefined as unknown as Caller),
        req,
        res,
      });
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
      if (result.raw) res.status(result.status).type(result.raw.contentType).send(result.raw.data);
      else if (result.status === 204) res.status(204).end();
      else res.status(result.status).json(result.body);
    } catch (error) {
      next(error);
    }
  };
}

/** `/sites/{siteId}` → `/sites/:siteId`. */
export const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");
