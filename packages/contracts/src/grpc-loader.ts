import { fileURLToPath } from "node:url";
import { type GrpcObject, loadPackageDefinition } from "@grpc/grpc-js";
import { loadSync, type Options, type PackageDefinition } from "@grpc/proto-loader";

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

/** A loaded proto file: the raw definition (for reflection) and the grpc-js package object. */
export interface LoadedProto<T> {
  definition: PackageDefinition;
  grpc: T;
}

/**
 * Loads a proto file (path relative to /protos). `T` is the generated `ProtoGrpcType` of
 * that file.
 */
export function loadProto<T>(file: string): LoadedProto<T> {
  const definition = loadSync(file, protoLoaderOptions);
  return { definition, grpc: loadPackageDefinition(definition) as GrpcObject as T };
}
