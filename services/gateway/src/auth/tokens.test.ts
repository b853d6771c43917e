import { describe, expect, it } from "vitest";
import { createAccessTokens } from "./tokens.ts";

const secret = "unit-test-secret-unit-test-secret-0123";
const principal = {
  userId: "usr_1",
  orgId: "org_1",
  hqRole: null,
  sites: { sit_a: "cashier" as const },
};

describe("access tokens", () => {
  it("verify what they signed, also when asked again (remembered until expiry)", async () => {
    const tokens = createAccessTokens(secret, 900);
    const token = await tokens.sign(principal);
    expect(await tokens.verify(token)).toEqual(principal);
    expect(await tokens.verify(token)).toEqual(principal);
  });

  it("refuse a remembered token once it has expired", async () => {
    const tokens = createAccessTokens(secret, 2);
    const token = await tokens.sign(principal);
    expect(await tokens.verify(token)).toEqual(principal);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    await expect(tokens.verify(token)).rejects.toThrow("access token expired");
  });

  it("refuse a token changed by one character, and one signed with another key", async () => {
    const tokens = createAccessTokens(secret, 900);
    const token = await tokens.sign(principal);
    await tokens.verify(token);
    // Not the last character: of a 256-bit signature's 43 base64url characters, the last one's two
    // low bits are padding, so changing only them leaves the signature's bytes as they were.
    for (const at of [token.length - 2, token.indexOf(".") + 1, token.lastIndexOf(".") - 1]) {
      const changed = token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
      await expect(tokens.verify(changed), `character ${at}`).rejects.toThrow(
        "invalid access token",
      );
    }
    const foreign = await createAccessTokens(`${secret}-other`, 900).sign(principal);
    await expect(tokens.verify(foreign)).rejects.toThrow("invalid access token");
  });
});
