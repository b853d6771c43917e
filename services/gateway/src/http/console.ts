import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { type Router } from "express";

/**
 * The web console (apps/console's build) at `/`: its hashed assets cached for a year, every other
 * GET that is not the API answered with its `index.html`, so a screen's URL can be reloaded or
 * shared. Returns null when the directory holds no build.
 */
export function consoleRouter(dir: string): Router | null {
  const index = join(dir, "index.html");
  if (!existsSync(index)) return null;
  const router = express.Router();
  router.use((_req, res, next) => {
    // The console loads nothing from elsewhere; Ant Design writes its styles inline.
    res.setHeader(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    next();
  });
  router.use(
    "/assets",
    express.static(join(dir, "assets"), { index: false, immutable: true, maxAge: "365d" }),
  );
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  // A screen's path (no file extension in its last segment); a missing file stays a 404.
  router.get(/^\/(?!api\/|api$|healthz$|readyz$|metrics$)(?:[^.]*\/)?[^/.]*$/, (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
