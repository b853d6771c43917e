import {
  Client,
  credentials,
  Metadata,
  Server,
  ServerCredentials,
  type ServiceDefinition,
  type ServiceError,
} from "@grpc/grpc-js";
import { SpanKind } from "@opentelemetry/api";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  contextFromGrpcMetadata,
  currentTraceparent,
  InMemorySpanExporter,
  injectGrpcMetadata,
  startTelemetry,
  withSpan,
} from "../src/index.ts";

// A real grpc-js server and client over TCP on 127.0.0.1 with a JSON-encoded unary method,
// so no proto is needed: the client injects the trace context into the call metadata, the
// server extracts it and starts a child span.

interface EchoRequest {
  text: string;
}
interface EchoReply {
  text: string;
  traceparent: string | null;
  receivedMetadataKeys: string[];
}

const json = {
  serialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes: Buffer) => JSON.parse(bytes.toString("utf8")),
};

const PATH = "/slms.telemetry.test.v1.TraceTest/Echo";
const definition: ServiceDefinition = {
  Echo: {
    path: PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
    originalName: "echo",
  },
};

const exporter = new InMemorySpanExporter();
const telemetry = startTelemetry({ serviceName: "grpc-propagation-test", spanExporter: exporter });
const server = new Server();
let client: Client;

beforeAll(async () => {
  server.addService(definition, {
    Echo: (
      call: { request: EchoRequest; metadata: Metadata },
      callback: (error: ServiceError | null, reply: EchoReply) => void,
    ) => {
      withSpan(
        "server Echo",
        { kind: SpanKind.SERVER, parent: contextFromGrpcMetadata(call.metadata) },
        () =>
          callback(null, {
            text: call.request.text,
            traceparent: currentTraceparent(),
            receivedMetadataKeys: Object.keys(call.metadata.getMap()),
          }),
      );
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  await new Promise<void>((resolve, reject) =>
    server.tryShutdown((error) => (error ? reject(error) : resolve())),
  );
  await telemetry.close();
});

function echo(text: string, metadata: Metadata): Promise<EchoReply> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest<EchoRequest, EchoReply>(
      PATH,
      json.serialize,
      json.deserialize,
      { text },
      metadata,
      { deadline: Date.now() + 5_000 },
      (error, reply) => (error || !reply ? reject(error) : resolve(reply)),
    );
  });
}

it("a trace id crosses a real grpc-js unary call", async () => {
  const reply = await withSpan("client Echo", { kind: SpanKind.CLIENT }, () =>
    echo("hello", injectGrpcMetadata(new Metadata())),
  );
  expect(reply.text).toBe("hello");
  expect(reply.receivedMetadataKeys).toContain("traceparent");

  const clientSpan = exporter.getFinishedSpans().find((s) => s.name === "client Echo")!;
  const serverSpan = exporter.getFinishedSpans().find((s) => s.name === "server Echo")!;
  expect(clientSpan.kind).toBe(SpanKind.CLIENT);
  expect(serverSpan.kind).toBe(SpanKind.SERVER);

  // Same trace; the server span's parent is the client span, received as a remote parent.
  expect(serverSpan.spanContext().traceId).toBe(clientSpan.spanContext().traceId);
  expect(serverSpan.parentSpanContext).toMatchObject({
    traceId: clientSpan.spanContext().traceId,
    spanId: clientSpan.spanContext().spanId,
    isRemote: true,
  });
  // Inside the handler the server span was the active one.
  expect(reply.traceparent).toBe(
    `00-${serverSpan.spanContext().traceId}-${serverSpan.spanContext().spanId}-01`,
  );
});

it("a call without trace metadata starts a new trace on the server", async () => {
  exporter.reset();
  await withSpan("client without injection", () => echo("bare", new Metadata()));
  const clientSpan = exporter
    .getFinishedSpans()
    .find((s) => s.name === "client without injection")!;
  const serverSpan = exporter.getFinishedSpans().find((s) => s.name === "server Echo")!;
  expect(serverSpan.parentSpanContext).toBeUndefined();
  expect(serverSpan.spanContext().traceId).not.toBe(clientSpan.spanContext().traceId);
});
