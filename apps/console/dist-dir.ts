import { fileURLToPath } from "node:url";

/** Where `vite build` puts the console (served by the gateway at `/`). */
export const consoleDistDir = fileURLToPath(new URL("./dist", import.meta.url));
