import { loadPackageDefinition } from "@grpc/grpc-js";
import { loadSync, type Options } from "@grpc/proto-loader";
import { fileURLToPath } from "node:url";

/** The protos directory: the only copy of the gRPC contracts. */
export const protosDir = fileURLToPath(new URL("../../../protos", import.meta.url));

/** Must match the generator flags in scripts/generate.ts, or the generated types lie. */
export const protoLoaderOptions: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protosDir],
};

/**
 * Loads a proto file (path relative to /protos) into a grpc-js package object. Cast the result
 * to the generated `ProtoGrpcType` of that file.
 */
export function loadProto<T>(file: string): T {
  return loadPackageDefinition(loadSync(file, protoLoaderOptions)) as unknown as T;
}
