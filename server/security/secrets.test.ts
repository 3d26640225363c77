import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, generateToken, hashToken, maskSecret, SecretDecryptionError, tokenMatchesHash } from "./secrets";

const key = randomBytes(32).toString("base64");
const otherKey = randomBytes(32).toString("hex");

describe("secrets", () => {
  it("round-trips text, including Chinese and empty strings", () => {
    for (const value of ["sk-live-123", "企业微信密钥", ""]) {
      expect(decryptSecret(encryptSecret(value, "ctx", key), "ctx", key)).toBe(value);
    }
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", "", key)).not.toBe(encryptSecret("same", "", key));
  });

  it("rejects tampered ciphertext, IV and tag", () => {
    const sealed = encryptSecret("provider-key", "", key);
    const parts = sealed.split(".");
    for (const index of [1, 2, 3]) {
      const tampered = [...parts];
      const bytes = Buffer.from(tampered[index]!, "base64url");
      bytes[0] = bytes[0]! ^ 0xff;
      tampered[index] = bytes.toString("base64url");
      expect(() => decryptSecret(tampered.join("."), "", key)).toThrow(SecretDecryptionError);
    }
  });

  it("rejects another key or another context", () => {
    const sealed = encryptSecret("provider-key", "workspace:a", key);
    expect(() => decryptSecret(sealed, "workspace:a", otherKey)).toThrow(/tampered|another key/);
    expect(() => decryptSecret(sealed, "workspace:b", key)).toThrow(SecretDecryptionError);
  });

  it("rejects values that are not in the sealed format", () => {
    expect(() => decryptSecret("plain-text", "", key)).toThrow(/unknown format/);
    expect(() => decryptSecret("v1.a.b.c", "", key)).toThrow(/malformed/);
  });

  it("hashes tokens and compares them in constant time", () => {
    const token = generateToken("inv_");
    expect(token.startsWith("inv_")).toBe(true);
    expect(tokenMatchesHash(token, hashToken(token))).toBe(true);
    expect(tokenMatchesHash(`${token}x`, hashToken(token))).toBe(false);
  });

  it("masks secrets without revealing the middle", () => {
    expect(maskSecret("sk-abcdefghijklmnop")).toBe("sk-a…mnop");
    expect(maskSecret("short")).toBe("•••••");
  });
});
