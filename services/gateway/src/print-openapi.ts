/**
 * Writes the API's OpenAPI document (what `/api/v1/openapi.json` serves) to the file given, or
 * to stdout: `node src/print-openapi.ts [out.json]`. The web console generates its types from it.
 */
import { writeFileSync } from "node:fs";
import { apiDocument } from "./app.ts";

const text = `${JSON.stringify(apiDocument(), null, 2)}\n`;
const out = process.argv[2];
if (out) writeFileSync(out, text);
else process.stdout.write(text);
