import fs from "node:fs/promises";
import path from "node:path";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";

export const TEST_ISSUER = "https://eoffice.example.gov.in/idp";
export const TEST_AUDIENCE = "mohar";

/** A stand-in e-Office IdP: an ES256 key pair, with its JWKS and PEM written to `dir`. */
export interface TestIssuer {
  jwksFile: string;
  pemFile: string;
  privateKey: CryptoKey;
  sign(claims: JWTPayload, opts?: { expiresIn?: string | number; issuer?: string; audience?: string; key?: CryptoKey; alg?: string }): Promise<string>;
}

export async function createTestIssuer(dir: string): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: "idp-1", alg: "ES256", use: "sig" };
  const jwksFile = path.join(dir, "jwks.json");
  const pemFile = path.join(dir, "idp.pem");
  await fs.writeFile(jwksFile, JSON.stringify({ keys: [jwk] }));
  await fs.writeFile(pemFile, await exportSPKI(publicKey));
  return {
    jwksFile,
    pemFile,
    privateKey,
    sign(claims, opts = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: opts.alg ?? "ES256", kid: "idp-1" })
        .setIssuer(opts.issuer ?? TEST_ISSUER)
        .setAudience(opts.audience ?? TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(opts.expiresIn ?? "5m")
        .sign(opts.key ?? privateKey);
    },
  };
}
