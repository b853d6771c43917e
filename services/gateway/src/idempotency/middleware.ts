import { createHash } from "node:crypto";
import { conflict, invalid } from "@slms/errors";
import type { Logger } from "@slms/logging";
import type { NextFunction, Request, Response } from "express";
import { writeError } from "../http/errors.ts";
import type { IdempotencyStore } from "./store.ts";

export const IDEMPOTENCY_HEADER = "idempotency-key";
const keyPattern = /^[\w.:-]{8,200}$/;
const ttlMs = 24 * 3600_000;
/** A claim whose process died is released after this long, so the client can retry. */
const claimTtlMs = 60_000;

/**
 * `Idempotency-Key` handling for one route. The key is scoped to the authenticated user and
 * the route; the fingerprint covers method, path and body.
 * - first request: runs, and its response (unless 5xx) is saved for 24 h;
 * - same key, same request: the saved response again, with `Idempotent-Replayed: true`;
 * - same key, different request: 422;
 * - same key while the first is still running: 409;
 * - the store (Redis) unavailable: 503 with `Retry-After`, and the request does not run. If it
 *   fails only after the request ran, the response still goes out (the work is done) and is not
 *   saved: a retry runs the request again, and money routes are deduplicated downstream on the
 *   request id derived from the key.
 */
export function idempotency(
  store: IdempotencyStore,
  mode: "required" | "optional",
  logger?: Logger,
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) {
      if (mode === "required") {
        return next(
          invalid("this request moves money and needs an Idempotency-Key header", [
            { field: "Idempotency-Key", message: "is required" },
          ]),
        );
      }
      return next();
    }
    if (!keyPattern.test(key)) {
      return next(
        invalid("invalid Idempotency-Key", [
          {
            field: "Idempotency-Key",
            message: "must be 8–200 characters of letters, digits, '-', '_', '.', ':'",
          },
        ]),
      );
    }
    const scope = `${res.locals.principal?.userId ?? "anonymous"}:${req.method}:${req.baseUrl}${req.path}:${key}`;
    const fingerprint = createHash("sha256")
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
      .digest("hex");
    const begun = await store.begin(scope, fingerprint, claimTtlMs);
    if (begun.kind === "mismatch") {
      writeError(
        res,
        422,
        "idempotency_key_reused",
        "this Idempotency-Key was used for a different request",
        [{ field: "Idempotency-Key", message: "already used with another request body" }],
      );
      return;
    }
    if (begun.kind === "in_progress") {
      return next(
        conflict("a request with this Idempotency-Key is still in progress; retry later"),
      );
    }
    if (begun.kind === "done") {
      res.setHeader("Idempotent-Replayed", "true");
      res.status(begun.response.status).json(begun.response.body);
      return;
    }
    // Capture the response as it is sent, save it, then let it go out.
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const status = res.statusCode;
      const saving =
        status >= 500
          ? store.abandon(scope)
          : store.complete(scope, fingerprint, { status, body }, ttlMs);
      saving.then(
        () => json(body),
        (error: unknown) => {
          logger?.warn({ err: error, status }, "idempotency record not saved; response sent");
          json(body);
        },
      );
      return res;
    };
    next();
  };
}
