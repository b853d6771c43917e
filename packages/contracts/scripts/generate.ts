// Generates TypeScript types for every proto under /protos into src/generated (gitignored).
// The options must match the loader options in src/grpc-loader.ts.
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const protosDir = join(packageDir, "../../protos");
const outDir = join(packageDir, "src/generated");
const require = createRequire(import.meta.url);
const genTypes = join(
  require.resolve("@grpc/proto-loader/package.json"),
  "../build/bin/proto-loader-gen-types.js",
);

const protoFiles = readdirSync(protosDir, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".proto"))
  .sort();

rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    genTypes,
    "--longs=Number",
    "--enums=String",
    "--defaults",
    "--oneofs",
    "--includeComments",
    "--grpcLib=@grpc/grpc-js",
    "--importFileExtension=.ts",
    `--includeDirs=${protosDir}`,
    `--outDir=${outDir}`,
    ...protoFiles,
  ],
  { stdio: "inherit" },
);
console.log(
  `generated types for ${protoFiles.length} proto files into ${relative(process.cwd(), outDir)}`,
);
