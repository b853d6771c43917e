/**
 * Declarative, validated configuration from environment variables.
 *
 * A service lists every variable it reads once, with its type and default; `loadConfig` checks
 * them all at startup and throws one `ConfigError` naming every bad or missing variable, so a
 * misconfigured process fails fast instead of failing on first use.
 */

/** How one variable is parsed. `parse` returns the value or throws an Error with the reason. */
export interface VarSpec<T> {
  readonly parse: (raw: string) => T;
  readonly default?: T | undefined;
  /** Required when there is no default; `optional()` makes a missing variable `undefined`. */
  readonly optional?: boolean;
  /** Secrets are masked by `describeConfig`. */
  readonly secret?: boolean;
  readonly doc?: string;
}

type Options<T> = { default?: T; secret?: boolean; doc?: string };

export type ConfigSpec = Record<string, VarSpec<unknown>>;

export type ConfigOf<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends VarSpec<infer T>
    ? S[K]["optional"] extends true
      ? T | undefined
      : T
    : never;
};

export class ConfigError extends Error {
  readonly problems: readonly { variable: string; message: string }[];

  constructor(problems: readonly { variable: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export function loadConfig<S extends ConfigSpec>(
  spec: S,
  env: Record<string, string | undefined> = process.env,
): ConfigOf<S> {
  const problems: { variable: string; message: string }[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(spec)) {
    const raw = env[name];
    if (raw === undefined || raw === "") {
      if (v.default !== undefined) out[name] = v.default;
      else if (v.optional) out[name] = undefined;
      else problems.push({ variable: name, message: "is required" });
      continue;
    }
    try {
      out[name] = v.parse(raw);
    } catch (error) {
      problems.push({ variable: name, message: (error as Error).message });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

/** The configuration as loggable text: secrets become `***`, URLs lose their passwords. */
export function describeConfig(spec: ConfigSpec, config: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(spec)) {
    const value = config[name];
    if (value === undefined) continue;
    out[name] = v.secret ? "***" : maskUrlPassword(value);
  }
  return out;
}

function maskUrlPassword(value: unknown): unknown {
  if (typeof value !== "string" || !value.includes("://")) return value;
  try {
    const url = new URL(value);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return value;
  }
}

function spec<T>(parse: (raw: string) => T, options: Options<T> = {}): VarSpec<T> {
  return { parse, ...options };
}

export const str = (options: Options<string> & { minLength?: number } = {}) =>
  spec((raw) => {
    if (options.minLength !== undefined && raw.length < options.minLength) {
      throw new Error(`must be at least ${options.minLength} characters`);
    }
    return raw;
  }, options);

export const int = (options: Options<number> & { min?: number; max?: number } = {}) =>
  spec((raw) => {
    if (!/^-?\d+$/.test(raw)) throw new Error(`must be an integer, got "${raw}"`);
    const n = Number(raw);
    if (options.min !== undefined && n < options.min) throw new Error(`must be >= ${options.min}`);
    if (options.max !== undefined && n > options.max) throw new Error(`must be <= ${options.max}`);
    return n;
  }, options);

export const port = (options: Options<number> = {}) => int({ ...options, min: 0, max: 65535 });

export const bool = (options: Options<boolean> = {}) =>
  spec((raw) => {
    if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
    if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
    throw new Error(`must be true or false, got "${raw}"`);
  }, options);

export const url = (options: Options<string> & { protocols?: readonly string[] } = {}) =>
  spec((raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error("must be a URL");
    }
    if (options.protocols && !options.protocols.includes(parsed.protocol.replace(/:$/, ""))) {
      throw new Error(`must use ${options.protocols.join(" or ")}`);
    }
    return raw;
  }, options);

/** `host:port`, as gRPC targets are given. */
export const hostPort = (options: Options<string> = {}) =>
  spec((raw) => {
    if (!/^[\w.-]+:\d{1,5}$/.test(raw)) throw new Error(`must be host:port, got "${raw}"`);
    return raw;
  }, options);

export const oneOf = <const T extends string>(values: readonly T[], options: Options<T> = {}) =>
  spec((raw) => {
    if (!values.includes(raw as T)) throw new Error(`must be one of ${values.join(", ")}`);
    return raw as T;
  }, options);

/** Makes a variable optional: missing or empty gives `undefined`. */
export const optional = <T>(v: VarSpec<T>): VarSpec<T> & { optional: true } => ({
  ...v,
  optional: true,
});

/** Variables every service process reads, with the same meaning and defaults everywhere. */
export const commonServiceSpec = {
  LOG_LEVEL: oneOf(["trace", "debug", "info", "warn", "error", "fatal", "silent"], {
    default: "info",
  }),
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(url({ doc: "OTLP/HTTP collector for traces" })),
  SHUTDOWN_TIMEOUT_MS: int({
    default: 20_000,
    min: 1_000,
    doc: "graceful shutdown budget on SIGTERM",
  }),
};

/** How a service reaches the event broker (every service that publishes or consumes events). */
export const brokerSpec = {
  RABBITMQ_URL: url({ protocols: ["amqp", "amqps"], doc: "the event broker" }),
  RABBITMQ_EXCHANGE: str({ default: "slms.events", doc: "topic exchange all events go through" }),
  RABBITMQ_QUEUE_PREFIX: optional(str({ doc: "prefix of this deployment's queue names" })),
};
