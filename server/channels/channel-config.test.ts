import { describe, expect, it } from "vitest";
import { wechatChannelSchema } from "./channel-config";

const aesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const wecom = { kind: "wecom", id: "c1", corpId: "ww1", agentId: 1000002, secret: "s", token: "Token1", encodingAesKey: aesKey };
const oa = { kind: "official-account", id: "c2", appId: "wx1", appSecret: "s", token: "Token2", messageMode: "plaintext" };

function problems(value: unknown): string[] {
  const result = wechatChannelSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe("wechatChannelSchema", () => {
  it("accepts complete WeCom and Official Account channels", () => {
    expect(problems(wecom)).toEqual([]);
    expect(problems(oa)).toEqual([]);
    expect(problems({ ...oa, messageMode: "safe", encodingAesKey: aesKey, welcomeMessage: "欢迎" })).toEqual([]);
  });

  it("explains what is wrong with the console values", () => {
    expect(problems({ ...wecom, token: "a!" })).toContain("Token must be 3–32 English letters or digits");
    expect(problems({ ...wecom, encodingAesKey: "short" })).toContain("EncodingAESKey must be exactly 43 English letters or digits");
    expect(problems({ ...wecom, agentId: 0 })).toContain("AgentID must be a positive whole number");
    expect(problems({ ...oa, messageMode: "safe" })).toContain("EncodingAESKey is required in compatible and safe mode");
  });
});
