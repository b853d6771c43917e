/**
 * Reading the gateway's own OpenAPI document: its operations, their parameters and body
 * schemas, and — from each field's JSON schema — the values that field must refuse. The
 * contract tests are generated from this, so a new route or field is covered without a test
 * being written for it.
 */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema is untyped JSON
export type Schema = Record<string, any>;

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  permission: string | null;
  /** Path parameter names, in order. */
  pathParams: string[];
  query: { name: string; schema: Schema; required: boolean }[];
  body: Schema | null;
  idempotency: boolean;
  public: boolean;
}

export function operationsOf(document: Schema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Schema>)) {
    for (const [method, op] of Object.entries(item)) {
      const parameters = (op.parameters ?? []) as Schema[];
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        permission: op["x-permission"] ?? null,
        pathParams: parameters.filter((p) => p.in === "path").map((p) => p.name),
        query: parameters
          .filter((p) => p.in === "query")
          .map((p) => ({ name: p.name, schema: p.schema, required: Boolean(p.required) })),
        body: op.requestBody?.content?.["application/json"]?.schema ?? null,
        idempotency: parameters.some((p) => p.in === "header" && p.name === "Idempotency-Key"),
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return operations;
}

/** The branches of a schema: itself, or each member of its anyOf / oneOf. */
function branches(schema: Schema): Schema[] {
  const members = schema.anyOf ?? schema.oneOf;
  return members ? (members as Schema[]).flatMap(branches) : [schema];
}

const types = (schema: Schema): string[] =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];

/**
 * The schema of the field at `path` inside `value` (a valid body), following the union branch
 * the value takes (its discriminator, e.g. `rent.kind`).
 */
export function schemaAt(root: Schema, value: unknown, path: (string | number)[]): Schema {
  let schema = root;
  let current = value;
  for (const key of path) {
    const candidates = branches(schema).filter((b) =>
      typeof key === "number" ? types(b).includes("array") : b.properties?.[key] !== undefined,
    );
    const branch =
      candidates.find((b) =>
        Object.entries(b.properties ?? {}).every(
          ([name, s]) =>
            (s as Schema).const === undefined ||
            (current as Record<string, unknown>)?.[name] === (s as Schema).const,
        ),
      ) ?? candidates[0];
    if (!branch) throw new Error(`no schema for ${path.join(".")}`);
    schema = typeof key === "number" ? branch.items : branch.properties[key];
    current = (current as Record<string | number, unknown>)?.[key];
  }
  return schema;
}

/** Every leaf path of a JSON value, objects and arrays included as their own paths. */
export function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      paths.push(...pathsOf(item, [...prefix, i]));
    });
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value))
      paths.push(...pathsOf(child, [...prefix, key]));
  }
  return paths;
}

/** Every property path a schema declares (all union branches; array items as `0`). */
export function declaredPaths(schema: Schema, prefix: string[] = []): string[] {
  const paths: string[] = [];
  for (const branch of branches(schema)) {
    for (const [name, child] of Object.entries(
      (branch.properties ?? {}) as Record<string, Schema>,
    )) {
      const path = [...prefix, name];
      paths.push(path.join("."));
      paths.push(...declaredPaths(child, path));
    }
    if (branch.items) paths.push(...declaredPaths(branch.items, [...prefix, "0"]));
  }
  return [...new Set(paths)];
}

/** A value that matches none of `pattern` (kept simple: tried until one fails the pattern). */
function notMatching(pattern: string): string | null {
  const re = new RegExp(pattern);
  for (const candidate of ["!!not valid!!", "x y", "-", "ä", ""]) {
    if (!re.test(candidate)) return candidate;
  }
  return null;
}

const allows = (schema: Schema, type: string) =>
  branches(schema).some(
    (b) => types(b).includes(type) || (type === "number" && types(b).includes("integer")),
  );

export interface Hostile {
  label: string;
  value: unknown;
}

const LONG = (n: number) => "长".repeat(n);

/**
 * Values a JSON body field with `schema` must refuse with a 400 naming it: wrong types, NUL,
 * lone surrogates, too long, fractions and numbers past their bounds or past 2⁵³, dates outside
 * 2000–2099, members outside an enum.
 */
export function hostileBodyValues(schema: Schema): Hostile[] {
  const all = branches(schema);
  const values: Hostile[] = [];
  const add = (label: string, value: unknown) => values.push({ label, value });
  const isString = allows(schema, "string");
  const isNumber = allows(schema, "number");
  const isArray = allows(schema, "array");
  const isObject = allows(schema, "object");
  const isBoolean = allows(schema, "boolean");
  if (!allows(schema, "null")) add("null", null);
  if (!isString) add('the string "1"', "1");
  if (!isNumber) add("a number", 1);
  if (!isBoolean) add("true", true);
  if (!isArray) add("an array", []);
  if (!isObject) add("an object", {});
  for (const b of all) {
    if (types(b).includes("string")) {
      add("NUL", "a\u0000b");
      add("a lone surrogate", "x\ud800y");
      if (b.maxLength !== undefined) add(`${b.maxLength + 1} characters`, LONG(b.maxLength + 1));
      if (b.minLength > 0) add("an empty string", "");
      if (b.enum) add("a value outside the enum", "not_a_member");
      if (b.const !== undefined) add("another constant", `${b.const}_x`);
      if (b.pattern) {
        const bad = notMatching(b.pattern);
        if (bad !== null) add("a value not matching the pattern", bad);
      }
      if (b.format === "date") {
        add("0000-01-01", "0000-01-01");
        add("9999-12-31", "9999-12-31");
        add("1999-12-31", "1999-12-31");
        add("2026-02-30", "2026-02-30");
        add("2026-1-1", "2026-1-1");
      }
      if (b.format === "date-time") {
        add("0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z");
        add("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z");
        add("a date only", "2026-01-01");
      }
    }
    if (types(b).includes("integer") || types(b).includes("number")) {
      if (types(b).includes("integer")) add("1.5", 1.5);
      add("2^53 + 1", 2 ** 53 + 1);
      add("1e308", 1e308);
      add("-1e308", -1e308);
      if ((b.minimum ?? -1) >= 0) add("-1", -1);
      if (b.minimum !== undefined && b.minimum > 0) add(`${b.minimum - 1}`, b.minimum - 1);
      if (b.maximum !== undefined) add(`maximum + 1 (${b.maximum + 1})`, b.maximum + 1);
      if (types(b).includes("number") && !types(b).includes("integer")) add("0.001", 0.001);
    }
    if (types(b).includes("array") && b.maxItems !== undefined) {
      add(
        `${b.maxItems + 1} items`,
        Array.from({ length: b.maxItems + 1 }, () => "x"),
      );
    }
  }
  return values;
}

/** Values a query parameter must refuse (as they arrive: strings). */
export function hostileQueryValues(name: string, schema: Schema): Hostile[] {
  const values: Hostile[] = [];
  const add = (label: string, value: string) => values.push({ label, value });
  add("NUL", "a\u0000b");
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  for (const b of branches(schema)) {
    if (types(b).includes("integer") || types(b).includes("number")) {
      add("1.5", "1.5");
      add("x", "x");
      add("2^53 + 1", String(2 ** 53 + 1));
      add("1e308", "1e308");
      add("-1", "-1");
      if (b.maximum !== undefined) add("maximum + 1", String(b.maximum + 1));
    }
    if (types(b).includes("string")) {
      // ASCII: a URL of long multi-byte text would pass the 16 KB header limit (431).
      if (b.maxLength !== undefined)
        add(`${b.maxLength + 1} characters`, "x".repeat(b.maxLength + 1));
      if (b.enum) add("a value outside the enum", "not_a_member");
      if (b.format === "date") {
        add("0000-01-01", "0000-01-01");
        add("9999-12-31", "9999-12-31");
        add("2026-02-30", "2026-02-30");
      }
      if (b.pattern) {
        const bad = notMatching(b.pattern);
        if (bad !== null) add("a value not matching the pattern", bad);
      }
    }
  }
  if (name === "cursor") {
    add("garbage", "garbage");
    add("NUL inside the token", b64({ k: "\u0000", i: "\u0000", n: "\u0000", r: "\u0000" }));
    add("an object inside the token", b64({ k: { gt: "" }, i: { gt: "" } }));
    add("a year 275760 inside the token", b64({ r: "+275760-09-13T00:00:00.000Z", i: "x" }));
    add("an array token", b64([1, 2, 3]));
    add("JSON null", b64(null));
  }
  return values;
}

/** `value` with `path` set to `replacement` (a deep copy). */
export function withValue(
  value: unknown,
  path: (string | number)[],
  replacement: unknown,
): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = replacement;
  return copy;
}
