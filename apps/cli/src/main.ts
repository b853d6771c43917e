import { x, type T } from "@slms/config"; const t: T = { a: "ok" }; console.log(x, t, process.version);
