import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Harness, startHarness } from "./harness.ts";

let h: Harness;
let admin: string;
let siteId: string;

beforeAll(async () => {
  h = await startHarness("idempotency");
  admin = await h.login(ADMIN.email, ADMIN.password);
  siteId = (
    await h.api("POST", "/api/v1/sites", {
      token: admin,
      body: {
        code: "I-1",
        name: "Idempotency",
        kind: "car_park",
        timeZone: "Asia/Shanghai",
        currency: "CNY",
      },
    })
  ).body.id;
});

afterAll(async () => {
  await h?.close();
});

const unitBody = (code: string) => ({
  code,
  name: code,
  kind: "parking_garage",
  grossAreaM2: 15,
  listRentMonthlyMinor: 90_000,
});
const units = async () =>
  (await h.api("GET", `/api/v1/sites/${siteId}/units?limit=500`, { token: admin })).body.items as {
    code: string;
  }[];

describe("Idempotency-Key", () => {
  it("replays the saved response for the same key and body, creating once", async () => {
    const send = () =>
      h.api("POST", `/api/v1/sites/${siteId}/units`, {
        token: admin,
        body: unitBody("G-1"),
        headers: { "Idempotency-Key": "key-replay-0001" },
      });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect((await units()).filter((u) => u.code === "G-1")).toHaveLength(1);
  });

  it("answers 422 when the key comes back with another body", async () => {
    const headers = { "Idempotency-Key": "key-mismatch-01" };
    expect(
      (
        await h.api("POST", `/api/v1/sites/${siteId}/units`, {
          token: admin,
          body: unitBody("G-2"),
          headers,
        })
      ).status,
    ).toBe(201);
    const other = await h.api("POST", `/api/v1/sites/${siteId}/units`, {
      token: admin,
      body: unitBody("G-3"),
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.error.details[0].field).toBe("Idempotency-Key");
    expect((await units()).some((u) => u.code === "G-3")).toBe(false);
  });

  it("lets exactly one of many concurrent duplicates through", async () => {
    const headers = { "Idempotency-Key": "key-concurrent-01" };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.api("POST", `/api/v1/sites/${siteId}/units`, {
          token: admin,
          body: unitBody("G-4"),
          headers,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const originals = responses.filter(
      (r) => r.status === 201 && !r.headers.get("idempotent-replayed"),
    );
    expect(originals).toHaveLength(1);
    const created = responses.filter((r) => r.status === 201).map((r) => r.body.id);
    expect(new Set(created).size).toBe(1);
    expect((await units()).filter((u) => u.code === "G-4")).toHaveLength(1);
  });

  it("scopes keys to the user: another user's identical key is independent", async () => {
    const password = "second-admin-1";
    await h.api("POST", "/api/v1/users", {
      token: admin,
      body: { email: "admin2@test.slms", name: "Admin 2", password, hqRole: "hq_admin" },
    });
    const other = await h.login("admin2@test.slms", password);
    const headers = { "Idempotency-Key": "key-replay-0001" };
    const response = await h.api("POST", `/api/v1/sites/${siteId}/units`, {
      token: other,
      body: unitBody("G-5"),
      headers,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("idempotent-replayed")).toBeNull();
  });

  it("rejects a malformed key", async () => {
    const response = await h.api("POST", `/api/v1/sites/${siteId}/units`, {
      token: admin,
      body: unitBody("G-6"),
      headers: { "Idempotency-Key": "x" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe("Idempotency-Key");
  });
});
