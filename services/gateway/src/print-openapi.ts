/**
 * Writes the API's OpenAPI document (what `/api/v1/openapi.json` serves) to the file given, or
 * to stdout: `node src/print-openapi.ts [out.json]`. The web console generates its types from it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { apiDocument } from "./app.ts";

const text = `${JSON.stringify(apiDocument(), null, 2)}\n`;
const out = process.argv[2];
if (out) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
} else process.stdout.write(text);
