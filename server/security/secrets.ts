import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { decodeKey, env } from "../env";

// Format: "v1.<iv>.<tag>.<ciphertext>", base64url parts. The version prefix lets a later key
// rotation or algorithm change coexist with values already stored.
const VERSION = "v1";
const IV_BYTES = 12;

export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`Cannot decrypt secret: ${reason}`);
    this.name = "SecretDecryptionError";
  }
}

function keyFrom(encodedKey: string | undefined): Buffer {
  const key = decodeKey(encodedKey ?? env().ENCRYPTION_KEY);
  if (!key) throw new Error("ENCRYPTION_KEY must be 32 bytes as base64 or hex");
  return key;
}

/**
 * Encrypts a secret with AES-256-GCM. `context` (e.g. "workspace:<id>:provider-key") is bound as
 * associated data, so a ciphertext copied to another row or purpose fails to decrypt.
 */
export function encryptSecret(plaintext: string, context = "", encodedKey?: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(encodedKey), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, context = "", encodedKey?: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretDecryptionError("unknown format");
  const [, ivPart, tagPart, dataPart] = parts as [string, string, string, string];
  const iv = Buffer.from(ivPart, "base64url");
  const tag = Buffer.from(tagPart, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== 16) throw new SecretDecryptionError("malformed value");
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(encodedKey), iv);
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataPart, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("the value was tampered with, or was encrypted with another key or context");
  }
}

/** Shows that a secret is set without revealing it: "sk-a…9xYz". */
export function maskSecret(plaintext: string): string {
  if (plaintext.length <= 8) return "•".repeat(plaintext.length);
  return `${plaintext.slice(0, 4)}…${plaintext.slice(-4)}`;
}

/** A random bearer token (API keys, invitation links); store only `hashToken(token)`. */
export function generateToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

/** SHA-256 is right for high-entropy random tokens: no salt or slow hash is needed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function tokenMatchesHash(token: string, hash: string): boolean {
  const a = Buffer.from(hashToken(token), "hex");
  const b = Buffer.from(hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
