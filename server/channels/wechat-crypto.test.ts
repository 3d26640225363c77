import { createDecipheriv } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { computeSignature, decrypt, encrypt, verifySignature, WechatCryptoError } from "./wechat-crypto";

// The platforms' published WXBizMsgCrypt samples, copied from shared/fixtures so a fresh clone
// (CI) has them.
const signed = z.object({ msg_signature: z.string(), timestamp: z.string(), nonce: z.string() });
const vectors = z
  .object({
    wecom: z.object({
      token: z.string(),
      encodingAesKey: z.string(),
      receiveId: z.string(),
      verifyUrl: signed.extend({ echostr: z.string(), echostrUrlEncoded: z.string(), expectedPlaintext: z.string() }),
      message: signed.extend({ encrypt: z.string(), expectedPlaintext: z.string() }),
    }),
    officialAccount: z.object({
      token: z.string(),
      encodingAesKey: z.string(),
      appId: z.string(),
      message: signed.extend({ encrypt: z.string(), expectedPlaintext: z.string(), plaintextModeSignature: z.string() }),
    }),
  })
  .parse(JSON.parse(readFileSync(new URL("./fixtures/wechat-crypto-vectors.json", import.meta.url), "utf8")));

const { wecom, officialAccount: oa } = vectors;

describe("WXBizMsgCrypt conformance (published samples)", () => {
  it("verifies the WeCom URL-verification signature and decrypts its echostr", () => {
    const v = wecom.verifyUrl;
    // The platform sends echostr URL-encoded; a query parser hands us the decoded form.
    expect(new URLSearchParams(`echostr=${v.echostrUrlEncoded}`).get("echostr")).toBe(v.echostr);
    expect(verifySignature({ token: wecom.token, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.echostr, signature: v.msg_signature })).toBe(true);
    expect(decrypt(wecom.encodingAesKey, v.echostr, wecom.receiveId)).toEqual({ message: v.expectedPlaintext, receiveId: wecom.receiveId });
  });

  it("verifies and decrypts the WeCom message sample (pad byte 30: 32-byte blocks)", () => {
    const m = wecom.message;
    expect(verifySignature({ token: wecom.token, timestamp: m.timestamp, nonce: m.nonce, encrypt: m.encrypt, signature: m.msg_signature })).toBe(true);
    expect(decrypt(wecom.encodingAesKey, m.encrypt, wecom.receiveId).message).toBe(m.expectedPlaintext);
  });

  it("verifies and decrypts the Official Account sample, and its plaintext-mode signature", () => {
    const m = oa.message;
    expect(verifySignature({ token: oa.token, timestamp: m.timestamp, nonce: m.nonce, encrypt: m.encrypt, signature: m.msg_signature })).toBe(true);
    expect(verifySignature({ token: oa.token, timestamp: m.timestamp, nonce: m.nonce, signature: m.plaintextModeSignature })).toBe(true);
    expect(decrypt(oa.encodingAesKey, m.encrypt, oa.appId).message).toBe(m.expectedPlaintext);
  });

  it("re-encrypting a sample with its own random prefix reproduces the published ciphertext", () => {
    const m = wecom.message;
    const random16 = decryptRandomPrefix(wecom.encodingAesKey, m.encrypt);
    expect(encrypt(wecom.encodingAesKey, m.expectedPlaintext, wecom.receiveId, random16)).toBe(m.encrypt);
  });
});

describe("encrypt → decrypt", () => {
  it.each([
    ["short ASCII", "hi"],
    ["CJK and emoji (byte length ≠ character length)", "你好，世界 👋 企业微信"],
    ["an exact multiple of the block size", "x".repeat(32 * 4 - 20 - wecom.receiveId.length)],
    ["empty", ""],
  ])("round-trips %s", (_label, message) => {
    const sealed = encrypt(wecom.encodingAesKey, message, wecom.receiveId);
    expect(Buffer.from(sealed, "base64").length % 32).toBe(0);
    expect(decrypt(wecom.encodingAesKey, sealed, wecom.receiveId)).toEqual({ message, receiveId: wecom.receiveId });
  });

  it("uses a fresh random prefix each time", () => {
    expect(encrypt(oa.encodingAesKey, "same", oa.appId)).not.toBe(encrypt(oa.encodingAesKey, "same", oa.appId));
  });
});

describe("refusals", () => {
  it("rejects a changed signature, timestamp or ciphertext", () => {
    const m = wecom.message;
    const base = { token: wecom.token, timestamp: m.timestamp, nonce: m.nonce, encrypt: m.encrypt, signature: m.msg_signature };
    expect(verifySignature({ ...base, signature: "0".repeat(40) })).toBe(false);
    expect(verifySignature({ ...base, signature: "short" })).toBe(false);
    expect(verifySignature({ ...base, timestamp: "1409659814" })).toBe(false);
    expect(verifySignature({ ...base, encrypt: `${m.encrypt.slice(0, -4)}AAA=` })).toBe(false);
    expect(verifySignature({ ...base, token: "other" })).toBe(false);
  });

  it("accepts an upper-case hex signature", () => {
    const input = { token: "t", timestamp: "1", nonce: "n", encrypt: "e" };
    expect(verifySignature({ ...input, signature: computeSignature(input).toUpperCase() })).toBe(true);
  });

  it("refuses a message sealed for another CorpID/AppID", () => {
    expect(() => decrypt(wecom.encodingAesKey, wecom.message.encrypt, "ww-other-corp")).toThrow(
      expect.objectContaining({ code: "RECEIVE_ID_MISMATCH" }),
    );
  });

  it("refuses the wrong key, malformed base64 and truncated ciphertext with BAD_CIPHERTEXT", () => {
    const errorCode = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof WechatCryptoError ? error.code : `unexpected ${String(error)}`;
      }
      return "no error";
    };
    expect(errorCode(() => decrypt(oa.encodingAesKey, wecom.message.encrypt))).toBe("BAD_CIPHERTEXT");
    expect(errorCode(() => decrypt(wecom.encodingAesKey, "not base64!!"))).toBe("BAD_CIPHERTEXT");
    expect(errorCode(() => decrypt(wecom.encodingAesKey, wecom.message.encrypt.slice(0, 40)))).toBe("BAD_CIPHERTEXT");
    expect(errorCode(() => decrypt(wecom.encodingAesKey, ""))).toBe("BAD_CIPHERTEXT");
  });

  it("refuses an EncodingAESKey that is not 43 base64 characters", () => {
    expect(() => encrypt("too-short", "x", "id")).toThrow(expect.objectContaining({ code: "BAD_AES_KEY" }));
    expect(() => decrypt(`${wecom.encodingAesKey}A`, wecom.message.encrypt)).toThrow(expect.objectContaining({ code: "BAD_AES_KEY" }));
  });
});

/** The sample's random16, recovered with a raw AES decrypt, so encrypt() can be checked byte for byte. */
function decryptRandomPrefix(encodingAesKey: string, sealed: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(sealed, "base64")), decipher.final()]).subarray(0, 16);
}
