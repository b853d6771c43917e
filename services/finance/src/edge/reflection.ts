/**
 * The descriptors the edge serves through gRPC server reflection, for `buf curl` and grpcurl.
 *
 * proto-loader builds descriptors from protobufjs's reflection objects: one synthetic file per
 * package (`slms_finance_v1.proto`) that names no `dependency`, though `Unit.list_rent_monthly`
 * refers to `slms.common.v1.Money` in another such file. Reflection clients that link what they
 * receive (buf curl, grpcurl) then fail: "failed to find service named … in schema" — as they do
 * against every internal service whose proto imports another. Here the missing dependencies are
 * added from the type references, and the definition is loaded with the proto's own field names
 * (keepCase), so the public contract reads as written in protos/.
 */
import { createRequire } from "node:module";
import { loadSync, type PackageDefinition } from "@grpc/proto-loader";
import { protoLoaderOptions } from "@slms/contracts";
import type * as Descriptor from "protobufjs/ext/descriptor/index.js";

const require = createRequire(import.meta.url);
const descriptor = require("protobufjs/ext/descriptor") as typeof Descriptor;

type File = Descriptor.IFileDescriptorProto;
type Message = Descriptor.IDescriptorProto;

/** The public FinanceService definition for reflection, with its files' dependencies named. */
export function financeReflectionDefinition(): PackageDefinition {
  const definition = loadSync("slms/finance/v1/finance.proto", {
    ...protoLoaderOptions,
    keepCase: true,
  });
  return withDependencies(definition);
}

export function withDependencies(definition: PackageDefinition): PackageDefinition {
  const files = new Map<string, File>();
  for (const entry of Object.values(definition)) {
    for (const bin of fileDescriptors(entry)) {
      const file = descriptor.FileDescriptorProto.decode(bin) as unknown as File;
      if (file.name && !files.has(file.name)) files.set(file.name, file);
    }
  }
  const owner = new Map<string, string>();
  for (const file of files.values()) {
    const pkg = file.package ? `${file.package}.` : "";
    const addMessages = (messages: Message[] | null | undefined, scope: string) => {
      for (const message of messages ?? []) {
        owner.set(`${scope}${message.name}`, file.name!);
        for (const e of message.enumType ?? [])
          owner.set(`${scope}${message.name}.${e.name}`, file.name!);
        addMessages(message.nestedType, `${scope}${message.name}.`);
      }
    };
    addMessages(file.messageType, pkg);
    for (const e of file.enumType ?? []) owner.set(`${pkg}${e.name}`, file.name!);
  }
  const encoded = new Map<string, Uint8Array>();
  for (const file of files.values()) {
    const deps = new Set(file.dependency ?? []);
    const refer = (typeName: string | null | undefined, scope: string) => {
      const found = resolve(owner, typeName, scope);
      if (found && found !== file.name) deps.add(found);
    };
    const visit = (messages: Message[] | null | undefined, scope: string) => {
      for (const message of messages ?? []) {
        const inner = `${scope}.${message.name}`;
        for (const field of message.field ?? []) refer(field.typeName, inner);
        visit(message.nestedType, inner);
      }
    };
    visit(file.messageType, file.package ?? "");
    for (const service of file.service ?? []) {
      for (const method of service.method ?? []) {
        refer(method.inputType, file.package ?? "");
        refer(method.outputType, file.package ?? "");
      }
    }
    file.dependency = [...deps];
    encoded.set(file.name!, descriptor.FileDescriptorProto.encode(file as never).finish());
  }
  const out: PackageDefinition = {};
  for (const [name, entry] of Object.entries(definition)) {
    const protos = fileDescriptors(entry);
    out[name] =
      protos.length === 0
        ? entry
        : ({
            ...entry,
            fileDescriptorProtos: protos.map((bin) => {
              const fileName = (descriptor.FileDescriptorProto.decode(bin) as unknown as File).name;
              return (fileName && encoded.get(fileName)) || bin;
            }),
          } as typeof entry);
  }
  return out;
}

function fileDescriptors(entry: unknown): Uint8Array[] {
  const protos = (entry as { fileDescriptorProtos?: unknown }).fileDescriptorProtos;
  return Array.isArray(protos) ? (protos as Uint8Array[]) : [];
}

/** The file defining a type reference, by protobuf scoping: innermost scope outwards. */
function resolve(
  owner: ReadonlyMap<string, string>,
  typeName: string | null | undefined,
  scope: string,
): string | undefined {
  if (!typeName) return undefined;
  if (typeName.startsWith(".")) return owner.get(typeName.slice(1));
  let prefix = scope;
  for (;;) {
    const found = owner.get(prefix ? `${prefix}.${typeName}` : typeName);
    if (found || !prefix) return found;
    prefix = prefix.includes(".") ? prefix.slice(0, prefix.lastIndexOf(".")) : "";
  }
}
