import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { base64url, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJwtVerifier, type JwtVerifier } from "../../src/auth/index.js";
import type { JwtConfig } from "../../src/config.js";
import { MoharError } from "../../src/errors.js";
import { createTestIssuer, TEST_AUDIENCE, TEST_ISSUER, type TestIssuer } from "../helpers/jwtIssuer.js";

describe("JWT verification", () => {
  let dir: string;
  let idp: TestIssuer;
  let viaJwks: JwtVerifier;
  let viaPem: JwtVerifier;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "mohar-jwt-"));
    idp = await createTestIssuer(dir);
    const base: Omit<JwtConfig, "keySource"> = {
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      rolesClaim: "roles",
      officerClaim: "officer_id",
      algorithms: ["RS256", "ES256"],
    };
    viaJwks = await createJwtVerifier({ ...base, keySource: { kind: "jwks", file: idp.jwksFile } });
    viaPem = await createJwtVerifier({ ...base, keySource: { kind: "pem", file: idp.pemFile } });
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const rejection = async (v: JwtVerifier, token: string): Promise<string> => {
    const err = await v.verify(token).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MoharError);
    expect((err as MoharError).kind).toBe("unauthenticated");
    return (err as MoharError).message;
  };

  it("maps sub, known roles and officer_id to an actor (JWKS and PEM keys)", async () => {
    const token = await idp.sign({ sub: "u-1001", roles: ["officer", "stenographer"], officer_id: "off-12" });
    const expected = { id: "jwt:u-1001", roles: ["officer"], officerId: "off-12", authMethod: "jwt" };
    expect(await viaJwks.verify(token)).toEqual(expected);
    expect(await viaPem.verify(token)).toEqual(expected);
    // A sub shaped like an API key's actor id stays a JWT actor.
    expect((await viaPem.verify(await idp.sign({ sub: "apikey:k1" }))).id).toBe("jwt:apikey:k1");
  });

  it("rejects expired tokens and the wrong issuer or audience", async () => {
    expect(await rejection(viaJwks, await idp.sign({ sub: "u" }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }))).toMatch(/expired/);
    expect(await rejection(viaJwks, await idp.sign({ sub: "u" }, { issuer: "https://evil.example" }))).toMatch(/iss/);
    expect(await rejection(viaPem, await idp.sign({ sub: "u" }, { audience: "other-service" }))).toMatch(/aud/);
  });

  it("rejects alg none, HMAC keyed with the public key, a disallowed algorithm and a foreign key", async () => {
    const unsecured = new UnsecuredJWT({ sub: "u", roles: ["admin"] }).setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).setExpirationTime("5m").encode();
    expect(await rejection(viaJwks, unsecured)).toBeTruthy();
    expect(await rejection(viaPem, unsecured)).toBeTruthy();

    const pem = await fs.readFile(idp.pemFile);
    const hs = await new SignJWT({ sub: "u", roles: ["admin"] })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setExpirationTime("5m")
      .sign(new Uint8Array(pem));
    expect(await rejection(viaPem, hs)).toMatch(/algorithm/);

    const ps = await generateKeyPair("PS256");
    expect(await rejection(viaPem, await idp.sign({ sub: "u" }, { key: ps.privateKey, alg: "PS256" }))).toMatch(/algorithm/);

    const other = await generateKeyPair("ES256");
    expect(await rejection(viaPem, await idp.sign({ sub: "u" }, { key: other.privateKey }))).toMatch(/signature/);
    expect(await rejection(viaJwks, await idp.sign({ sub: "u" }, { key: other.privateKey }))).toMatch(/signature|key/);

    // A tampered payload (roles escalated) no longer matches the signature.
    const good = await idp.sign({ sub: "u", roles: ["clerk"] });
    const [h, , s] = good.split(".");
    const forged = `${h}.${base64url.encode(JSON.stringify({ sub: "u", roles: ["admin"], iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: 9999999999 }))}.${s}`;
    expect(await rejection(viaJwks, forged)).toMatch(/signature/);
  });

  it("requires sub and exp", async () => {
    const base = (claims: Record<string, unknown>): SignJWT =>
      new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "idp-1" }).setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE);
    expect(await rejection(viaJwks, await base({ roles: ["clerk"] }).setExpirationTime("5m").sign(idp.privateKey))).toMatch(/claim sub/);
    expect(await rejection(viaJwks, await base({ sub: "u", roles: ["clerk"] }).sign(idp.privateKey))).toMatch(/claim exp/);
  });
});
