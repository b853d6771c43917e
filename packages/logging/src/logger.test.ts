import { context, TraceFlags, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

// Logging depends on @opentelemetry/api only. The tests register the same AsyncLocalStorage
// context manager that @slms/telemetry registers and activate a span made from fixed ids,
// so no SDK is involved.
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
});

afterAll(() => {
  context.disable();
});

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
  return { lines, destination };
}

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN_ID = "00f067aa0ba902b7";

function inSpan<T>(fn: () => T): T {
  const span = trace.wrapSpanContext({
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags: TraceFlags.SAMPLED,
  });
  return context.with(trace.setSpan(context.active(), span), fn);
}

describe("createLogger", () => {
  it("writes JSON lines with service, ISO time and a string level", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "billing", destination });
    logger.info({ billId: "b1" }, "bill issued");
    logger.debug("not written at the default level");

    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({
      level: "info",
      service: "billing",
      billId: "b1",
      msg: "bill issued",
    });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it("honours the level option", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "billing", level: "warn", destination });
    logger.info("dropped");
    logger.warn("kept");
    expect(lines.map((l) => l.msg)).toEqual(["kept"]);
    expect(lines[0]!.level).toBe("warn");
  });

  it("adds trace_id and span_id inside an active span, also after an await", async () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "billing", destination });

    await inSpan(async () => {
      logger.info("before await");
      await new Promise<void>((resolve) => setImmediate(resolve));
      logger.child({ component: "run" }).info("after await");
    });

    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.trace_id).toBe(TRACE_ID);
      expect(line.span_id).toBe(SPAN_ID);
    }
  });

  it("has no trace fields outside a span", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "billing", destination });
    logger.info("no span");
    expect(lines[0]).not.toHaveProperty("trace_id");
    expect(lines[0]).not.toHaveProperty("span_id");
  });

  it("has no trace fields for an invalid span context", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "billing", destination });
    const invalid = trace.wrapSpanContext({
      traceId: "00000000000000000000000000000000",
      spanId: "0000000000000000",
      traceFlags: TraceFlags.NONE,
    });
    context.with(trace.setSpan(context.active(), invalid), () => logger.info("invalid"));
    expect(lines[0]).not.toHaveProperty("trace_id");
  });

  it("redacts secrets", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "gateway", destination });
    logger.info(
      {
        password: "p0",
        secret: "s0",
        authorization: "Bearer top",
        user: { name: "li", password: "p1", idNumber: "110101199003074512", token: "t1" },
        session: { accessToken: "a1", refreshToken: "r1", secret: "s1" },
        req: { method: "GET", headers: { authorization: "Bearer abc", accept: "*/*" } },
      },
      "login",
    );

    const line = lines[0]!;
    const text = JSON.stringify(line);
    for (const secret of [
      "p0",
      "s0",
      "top",
      "p1",
      "110101199003074512",
      "t1",
      "a1",
      "r1",
      "s1",
      "abc",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(line).toMatchObject({
      password: "[REDACTED]",
      secret: "[REDACTED]",
      authorization: "[REDACTED]",
      user: { name: "li", password: "[REDACTED]", idNumber: "[REDACTED]", token: "[REDACTED]" },
      session: { accessToken: "[REDACTED]", refreshToken: "[REDACTED]", secret: "[REDACTED]" },
      req: { method: "GET", headers: { authorization: "[REDACTED]", accept: "*/*" } },
    });
  });

  it("redacts secrets in child logger bindings", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "gateway", destination }).child({
      client: { id: "erp", secret: "cs" },
    });
    logger.info("call");
    expect(lines[0]).toMatchObject({ client: { id: "erp", secret: "[REDACTED]" } });
  });
});
