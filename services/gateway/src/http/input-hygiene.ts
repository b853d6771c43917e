import { findUnacceptableText, invalid } from "@slms/errors";
import type { NextFunction, Request, Response } from "express";

/** Middleware: 400 naming the field when the path, query or body holds unacceptable text. */
export function inputHygiene() {
  return (req: Request, _res: Response, next: NextFunction) => {
    const issue =
      findUnacceptableText(req.params, "(path)") ??
      findUnacceptableText(req.query, "(query)") ??
      // A file (an upload route's raw body) is the owning service's to read.
      (Buffer.isBuffer(req.body) ? null : findUnacceptableText(req.body, "(body)"));
    if (issue) return next(invalid("the request holds text that cannot be accepted", [issue]));
    next();
  };
}
