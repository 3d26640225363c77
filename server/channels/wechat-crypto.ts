/**
 * WXBizMsgCrypt, the message encryption WeCom (企业微信) and WeChat Official Accounts (公众号)
 * use for callbacks, reimplemented to the byte:
 *
 * - signature = sha1 over the lexicographically sorted strings [token, timestamp, nonce, encrypt]
 *   joined without separator (an Official Account in plaintext mode signs only the first three);
 * - key = base64-decode(EncodingAESKey + "=") → 32 bytes; IV = the key's first 16 bytes;
 * - AES-256-CBC over random(16) ‖ uint32be(byteLength(message)) ‖ message ‖ receiveId, padded
 *   with PKCS#7 to a multiple of 32 bytes (pad values 1…32). Node's automatic padding works on
 *   16-byte blocks and rejects pad values above 16, so real platform messages fail with it: the
 *   padding is added and checked here with auto-padding off;
 * - receiveId is the CorpID (WeCom) or AppID (Official Account) the message was sealed for.
 *
 * Conformance: wechat-crypto.test.ts decrypts the platforms' published samples.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

const BLOCK_SIZE = 32;
const RANDOM_PREFIX_BYTES = 16;
const LENGTH_BYTES = 4;

export type WechatCryptoErrorCode = "BAD_AES_KEY" | "BAD_CIPHERTEXT" | "RECEIVE_ID_MISMATCH";

export class WechatCryptoError extends Error {
  constructor(
    readonly code: WechatCryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WechatCryptoError";
  }
}

/** The query values a callback is signed with; `encrypt` is absent for plaintext-mode signatures. */
export interface SignatureInput {
  token: string;
  timestamp: string;
  nonce: string;
  encrypt?: string;
}

/** The hex SHA-1 signature the platform would send for these values. */
export function computeSignature({ token, timestamp, nonce, encrypt }: SignatureInput): string {
  const parts = encrypt === undefined ? [token, timestamp, nonce] : [token, timestamp, nonce, encrypt];
  // The reference implementations sort by byte value; JS string order is UTF-16 code units,
  // which agrees for the ASCII tokens, digits and base64 the platforms use.
  return createHash("sha1").update(parts.sort().join("")).digest("hex");
}

/** Whether `signature` is the one the platform computes for these values, compared in constant time. */
export function verifySignature(input: SignatureInput & { signature: string }): boolean {
  const expected = Buffer.from(computeSignature(input), "utf8");
  const given = Buffer.from(input.signature.toLowerCase(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The 32-byte AES key an EncodingAESKey (43 base64 characters) stands for. */
export function aesKeyFrom(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new WechatCryptoError("BAD_AES_KEY", "EncodingAESKey must be exactly 43 letters and digits, as shown in the platform's console");
  }
  return Buffer.from(`${encodingAesKey}=`, "base64");
}

export interface DecryptedMessage {
  message: string;
  /** Whom the message was sealed for: the CorpID or AppID. */
  receiveId: string;
}

/**
 * Opens an `Encrypt` value (or a WeCom `echostr`). When `expectedReceiveId` is given, a message
 * sealed for another corp/app is refused: otherwise one tenant's callback could be replayed to
 * another channel that happens to share the key.
 */
export function decrypt(encodingAesKey: string, encrypted: string, expectedReceiveId?: string): DecryptedMessage {
  const key = aesKeyFrom(encodingAesKey);
  const ciphertext = Buffer.from(encrypted, "base64");
  if (ciphertext.length === 0 || ciphertext.length % BLOCK_SIZE !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted.trim())) {
    throw new WechatCryptoError("BAD_CIPHERTEXT", "The encrypted message is not valid base64 of whole 32-byte blocks");
  }
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);

  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK_SIZE || !padded.subarray(padded.length - pad).every((byte) => byte === pad)) {
    throw new WechatCryptoError("BAD_CIPHERTEXT", "The message does not decrypt with this EncodingAESKey (bad padding)");
  }
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < RANDOM_PREFIX_BYTES + LENGTH_BYTES) {
    throw new WechatCryptoError("BAD_CIPHERTEXT", "The decrypted message is too short");
  }
  const length = plain.readUInt32BE(RANDOM_PREFIX_BYTES);
  const start = RANDOM_PREFIX_BYTES + LENGTH_BYTES;
  if (start + length > plain.length) {
    throw new WechatCryptoError("BAD_CIPHERTEXT", "The message does not decrypt with this EncodingAESKey (bad length)");
  }
  const message = plain.subarray(start, start + length).toString("utf8");
  const receiveId = plain.subarray(start + length).toString("utf8");
  if (expectedReceiveId !== undefined && receiveId !== expectedReceiveId) {
    throw new WechatCryptoError("RECEIVE_ID_MISMATCH", "The message was encrypted for a different CorpID/AppID than this channel's");
  }
  return { message, receiveId };
}

/** Seals `message` for `receiveId`; `random16` only makes tests deterministic. */
export function encrypt(encodingAesKey: string, message: string, receiveId: string, random16: Buffer = randomBytes(RANDOM_PREFIX_BYTES)): string {
  if (random16.length !== RANDOM_PREFIX_BYTES) throw new RangeError("random16 must be 16 bytes");
  const key = aesKeyFrom(encodingAesKey);
  const body = Buffer.from(message, "utf8");
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([random16, length, body, Buffer.from(receiveId, "utf8")]);
  const pad = BLOCK_SIZE - (plain.length % BLOCK_SIZE);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString("base64");
}
