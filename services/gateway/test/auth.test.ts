import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIENCE, ISSUER } from "../src/auth/tokens.ts";
import { ADMIN, type Harness, JWT_SECRET, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("auth", { loginMaxAttempts: 3 });
});

afterAll(async () => {
  await h?.close();
});

const key = new TextEncoder().encode(JWT_SECRET);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function adminClaims() {
  const login = await h.api("POST", "/api/v1/auth/login", { body: ADMIN });
  const payload = JSON.parse(
    Buffer.from(login.body.accessToken.split(".")[1], "base64url").toString(),
  );
  return payload as { sub: string; org: string; hq: string; sites: Record<string, string> };
}

describe("login", () => {
  it("returns an access token and a refresh token", async () => {
    const response = await h.api("POST", "/api/v1/auth/login", { body: ADMIN });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ tokenType: "Bearer", expiresIn: 900 });
    expect(response.body.accessToken.split(".")).toHaveLength(3);
    expect(response.body.refreshToken).toMatch(/^rt_/);
    const me = await h.api("GET", "/api/v1/me", { token: response.body.accessToken });
    expect(me.body).toMatchObject({ email: ADMIN.email, hqRole: "hq_admin" });
    expect(me.body.passwordHash).toBeUndefined();
    expect(me.body.grants.organisation).toContain("users.manage");
    expect(me.body.grants.everySite).toContain("payments.refund");
  });

  it("gives the same answer for a wrong password and an unknown e-mail", async () => {
    const wrong = await h.api("POST", "/api/v1/auth/login", {
      body: { email: ADMIN.email, password: "not-the-password" },
    });
    const unknown = await h.api("POST", "/api/v1/auth/login", {
      body: { email: "nobody@test.slms", password: "whatever-1" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it("limits attempts per e-mail and client, with Retry-After", async () => {
    const attempt = () =>
      h.api("POST", "/api/v1/auth/login", {
        body: { email: "target@test.slms", password: "guess-guess" },
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await attempt();
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another account from the same client is not locked out by it.
    expect((await h.api("POST", "/api/v1/auth/login", { body: ADMIN })).status).toBe(200);
  });

  it("believes no X-Forwarded-For unless TRUST_PROXY names the proxy: spoofed addresses change nothing", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const response = await h.api("POST", "/api/v1/auth/login", {
        body: { email: "spoofed@test.slms", password: "guess-guess" },
        headers: { "X-Forwarded-For": `203.0.113.${i}` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it("limits an account from many addresses too, behind a trusted proxy", async () => {
    const proxied = await startHarness("auth_proxy", {
      loginMaxAttempts: 3,
      trustProxy: "loopback",
    });
    try {
      const statuses = [];
      for (let i = 0; i < 30; i++) {
        const response = await proxied.api("POST", "/api/v1/auth/login", {
          body: { email: "target@test.slms", password: "guess-guess" },
          headers: { "X-Forwarded-For": `198.51.100.${i}` },
        });
        statuses.push(response.status);
      }
      // Three per address never trips; nine per account (3 × 3) from anywhere does.
      expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
      expect(statuses.slice(9)).toEqual(Array(21).fill(429));
    } finally {
      await proxied.close();
    }
  }, 60_000);

  it("validates the login body", async () => {
    const response = await h.api("POST", "/api/v1/auth/login", {
      body: { email: "", extra: true },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      "email",
      "password",
      "extra",
    ]);
  });
});

describe("access tokens", () => {
  it("reject a missing token on protected routes", async () => {
    expect((await h.api("GET", "/api/v1/sites")).status).toBe(401);
  });

  it.each([
    [
      "alg none",
      async () => {
        const claims = await adminClaims();
        return `${b64({ alg: "none", typ: "JWT" })}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
      },
    ],
    [
      "wrong audience",
      async () => {
        const c = await adminClaims();
        return new SignJWT({ org: c.org, hq: c.hq, sites: c.sites })
          .setProtectedHeader({ alg: "HS256" })
          .setSubject(c.sub)
          .setIssuer(ISSUER)
          .setAudience("someone-else")
          .setExpirationTime("10m")
          .sign(key);
      },
    ],
    [
      "wrong issuer",
      async () => {
        const c = await adminClaims();
        return new SignJWT({ org: c.org, hq: c.hq, sites: c.sites })
          .setProtectedHeader({ alg: "HS256" })
          .setSubject(c.sub)
          .setIssuer("evil")
          .setAudience(AUDIENCE)
          .setExpirationTime("10m")
          .sign(key);
      },
    ],
    [
      "expired",
      async () => {
        const c = await adminClaims();
        return new SignJWT({ org: c.org, hq: c.hq, sites: c.sites })
          .setProtectedHeader({ alg: "HS256" })
          .setSubject(c.sub)
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
          .sign(key);
      },
    ],
    [
      "signed with another key",
      async () => {
        const c = await adminClaims();
        return new SignJWT({ org: c.org, hq: c.hq, sites: c.sites })
          .setProtectedHeader({ alg: "HS256" })
          .setSubject(c.sub)
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime("10m")
          .sign(new TextEncoder().encode("another-secret-another-secret-another"));
      },
    ],
    [
      "HS512 with the right key",
      async () => {
        const c = await adminClaims();
        return new SignJWT({ org: c.org, hq: c.hq, sites: c.sites })
          .setProtectedHeader({ alg: "HS512" })
          .setSubject(c.sub)
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime("10m")
          .sign(new TextEncoder().encode(JWT_SECRET.repeat(2)));
      },
    ],
    ["garbage", async () => "not.a.jwt"],
  ])("reject a token: %s", async (_name, forge) => {
    const response = await h.api("GET", "/api/v1/sites", { token: await forge() });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("unauthenticated");
  });

  it("reject a malformed Authorization header", async () => {
    const response = await h.api("GET", "/api/v1/sites", {
      headers: { authorization: "Basic YWRtaW46cGFzcw==" },
    });
    expect(response.status).toBe(401);
  });
});

describe("refresh tokens", () => {
  it("rotate on use and revoke every session when a spent one comes back", async () => {
    const first = (await h.api("POST", "/api/v1/auth/login", { body: ADMIN })).body;
    const second = await h.api("POST", "/api/v1/auth/refresh", {
      body: { refreshToken: first.refreshToken },
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const replay = await h.api("POST", "/api/v1/auth/refresh", {
      body: { refreshToken: first.refreshToken },
    });
    expect(replay.status).toBe(401);
    // The theft response revoked the family: the new token is dead too.
    const afterTheft = await h.api("POST", "/api/v1/auth/refresh", {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(afterTheft.status).toBe(401);
  });

  it("are revoked by logout", async () => {
    const session = (await h.api("POST", "/api/v1/auth/login", { body: ADMIN })).body;
    const out = await h.api("POST", "/api/v1/auth/logout", {
      token: session.accessToken,
      body: { refreshToken: session.refreshToken },
    });
    expect(out.status).toBe(204);
    expect(
      (
        await h.api("POST", "/api/v1/auth/refresh", {
          body: { refreshToken: session.refreshToken },
        })
      ).status,
    ).toBe(401);
  });
});

describe("service endpoints", () => {
  it("report health and readiness", async () => {
    expect((await h.api("GET", "/healthz")).body).toEqual({ status: "ok" });
    const ready = await h.api("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({
      database: true,
      assets: true,
      customers: true,
      leases: true,
      billing: true,
      payments: true,
      reporting: true,
      notifications: true,
      onboarding: true,
      redis: true,
    });
  });

  it("publish an OpenAPI 3.1 document covering every route, and a docs page", async () => {
    const doc = (await h.api("GET", "/api/v1/openapi.json")).body;
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/api/v1/auth/login",
      "/api/v1/sites",
      "/api/v1/sites/{siteId}",
      "/api/v1/sites/{siteId}/units",
      "/api/v1/sites/{siteId}/units/{unitId}",
      "/api/v1/sites/{siteId}/units/{unitId}/status",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const createUnit = doc.paths["/api/v1/sites/{siteId}/units"].post;
    expect(createUnit.requestBody.content["application/json"].schema.required).toEqual(
      expect.arrayContaining(["code", "name", "kind", "grossAreaM2", "listRentMonthlyMinor"]),
    );
    expect(createUnit.requestBody.content["application/json"].schema.additionalProperties).toBe(
      false,
    );
    expect(createUnit.parameters.map((p: { name: string }) => p.name)).toEqual([
      "siteId",
      "Idempotency-Key",
    ]);
    const page = await fetch(`${h.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/api/v1/openapi.json");
    expect((await fetch(`${h.baseUrl}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
