import { createRequire } from "node:module";
import express, { type Router } from "express";

const require = createRequire(import.meta.url);
const swaggerUiDir: string = require("swagger-ui-dist").getAbsoluteFSPath();

/** Browsable API docs at `/api/docs`, served from the swagger-ui-dist package (no CDN). */
export function docsRouter(specUrl: string): Router {
  const router = express.Router();
  router.get("/", (_req, res) => {
    res.type("html").send(`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>SLMS API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: "#docs", persistAuthorization: true });
  </script>
</body>
</html>`);
  });
  router.use("/assets", express.static(swaggerUiDir, { index: false, maxAge: "1h" }));
  return router;
}
