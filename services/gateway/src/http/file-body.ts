import { invalid } from "@slms/errors";
import express, { type Request } from "express";

/**
 * Reads the raw body of an upload route: one of the route's content types, at most its size
 * (413 beyond). Whether a file came is checked with the rest of the input ({@link requireFile}),
 * so a bad query is named first.
 */
export function fileBody(upload: { contentTypes: readonly string[]; maxBytes: number }) {
  return express.raw({ type: [...upload.contentTypes], limit: upload.maxBytes });
}

/** The upload of a request, or a 400 naming the body (none, JSON, a form…). */
export function requireFile(req: Request, contentTypes: readonly string[]): Buffer {
  if (Buffer.isBuffer(req.body) && req.body.length > 0) return req.body;
  throw invalid("the request must carry the file", [
    { field: "(body)", message: `must be a file of type ${contentTypes.join(" or ")}` },
  ]);
}
