import { Metadata } from "@grpc/grpc-js";
import { propagation, ROOT_CONTEXT, TraceFlags, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import {
  contextFromAmqpHeaders,
  contextFromGrpcMetadata,
  contextFromTraceparent,
  currentTraceparent,
  injectAmqpHeaders,
  injectGrpcMetadata,
} from "./propagation.ts";

// Explicit contexts only: these helpers must work without startTelemetry (no globals here).
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN_ID = "00f067aa0ba902b7";
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

const traced = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: TRACE_ID,
  spanId: SPAN_ID,
  traceFlags: TraceFlags.SAMPLED,
});
const withBaggage = propagation.setBaggage(
  traced,
  propagation.createBaggage({ "slms.org": { value: "org-1" } }),
);

describe("traceparent strings", () => {
  it("formats the span of a context", () => {
    expect(currentTraceparent(traced)).toBe(TRACEPARENT);
  });

  it("is null without a valid span", () => {
    expect(currentTraceparent(ROOT_CONTEXT)).toBeNull();
  });

  it("round-trips into a remote parent", () => {
    const parent = trace.getSpanContext(contextFromTraceparent(TRACEPARENT));
    expect(parent).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true });
  });

  it("gives the root context for missing or malformed values", () => {
    for (const value of [null, undefined, "", "garbage", `00-${"0".repeat(32)}-${SPAN_ID}-01`]) {
      expect(contextFromTraceparent(value)).toBe(ROOT_CONTEXT);
    }
  });
});

describe("gRPC metadata", () => {
  it("carries traceparent and baggage under lower-case keys", () => {
    const metadata = injectGrpcMetadata(new Metadata(), withBaggage);
    expect(metadata.get("traceparent")).toEqual([TRACEPARENT]);
    expect(Object.keys(metadata.getMap()).sort()).toEqual(["baggage", "traceparent"]);

    const extracted = contextFromGrpcMetadata(metadata);
    expect(trace.getSpanContext(extracted)).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID });
    expect(propagation.getBaggage(extracted)?.getEntry("slms.org")?.value).toBe("org-1");
  });

  it("gives no span for metadata without trace headers", () => {
    expect(trace.getSpanContext(contextFromGrpcMetadata(new Metadata()))).toBeUndefined();
  });
});

describe("AMQP headers", () => {
  it("carries traceparent and baggage, keeping other headers", () => {
    const headers = injectAmqpHeaders({ "x-app": "slms" }, withBaggage);
    expect(headers).toMatchObject({ "x-app": "slms", traceparent: TRACEPARENT });

    const extracted = contextFromAmqpHeaders(headers);
    expect(trace.getSpanContext(extracted)).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID });
    expect(propagation.getBaggage(extracted)?.getEntry("slms.org")?.value).toBe("org-1");
  });

  it("reads Buffer values and differently cased keys", () => {
    const extracted = contextFromAmqpHeaders({ TraceParent: Buffer.from(TRACEPARENT) });
    expect(trace.getSpanContext(extracted)?.traceId).toBe(TRACE_ID);
  });

  it("gives no span for missing headers", () => {
    expect(trace.getSpanContext(contextFromAmqpHeaders(undefined))).toBeUndefined();
    expect(trace.getSpanContext(contextFromAmqpHeaders({}))).toBeUndefined();
  });
});
