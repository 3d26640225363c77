import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "./env";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/agentloom",
  AUTH_SECRET: "x".repeat(32),
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
}

describe("parseEnv", () => {
  it("accepts a minimal valid environment with defaults", () => {
    const env = parseEnv(valid);
    expect(env.PORT).toBe(3000);
    expect(env.REDIS_URL).toBeUndefined();
  });

  it("names each missing or malformed variable", () => {
    expect(problems({})).toEqual(expect.arrayContaining([expect.stringMatching(/^DATABASE_URL: is required/), expect.stringMatching(/^AUTH_SECRET: is required/)]));
    expect(problems({ ...valid, DATABASE_URL: "mysql://x" })).toEqual([expect.stringMatching(/^DATABASE_URL: must be a postgres/)]);
    expect(problems({ ...valid, ENCRYPTION_KEY: "too-short" })).toEqual([expect.stringMatching(/^ENCRYPTION_KEY: must be 32 bytes/)]);
    expect(problems({ ...valid, PORT: "abc" })).toEqual([expect.stringMatching(/^PORT:/)]);
    expect(problems({ ...valid, REDIS_URL: "http://x" })).toEqual([expect.stringMatching(/^REDIS_URL: must be a redis/)]);
  });

  it("treats an empty REDIS_URL as unset", () => {
    expect(parseEnv({ ...valid, REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });

  it("requires the OIDC variables together", () => {
    expect(problems({ ...valid, AUTH_OIDC_ISSUER: "https://id.example.com" })).toEqual([expect.stringMatching(/must be set together/)]);
    expect(problems({ ...valid, AUTH_OIDC_ISSUER: "https://id.example.com", AUTH_OIDC_ID: "a", AUTH_OIDC_SECRET: "b" })).toEqual([]);
  });

  it("accepts a hex encryption key", () => {
    expect(() => parseEnv({ ...valid, ENCRYPTION_KEY: "ab".repeat(32) })).not.toThrow();
  });
});

describe("channel settings", () => {
  it("defaults to the public WeChat API origins, a 5-minute replay window and a 4.5 s passive-reply wait", () => {
    const env = parseEnv(valid);
    expect([env.CHANNELS_WECOM_API_BASE_URL, env.CHANNELS_WECHAT_API_BASE_URL]).toEqual(["https://qyapi.weixin.qq.com", "https://api.weixin.qq.com"]);
    expect([env.CHANNELS_REPLAY_WINDOW_SECONDS, env.CHANNELS_PASSIVE_REPLY_MS, env.CHANNELS_API_ALLOWED_HOSTS]).toEqual([300, 4500, ""]);
  });

  it("refuses a non-HTTP base URL and a passive-reply wait past WeChat's 5 s deadline", () => {
    expect(problems({ ...valid, CHANNELS_WECOM_API_BASE_URL: "ftp://wecom.internal" })).toEqual([expect.stringMatching(/^CHANNELS_WECOM_API_BASE_URL: must be an http/)]);
    expect(problems({ ...valid, CHANNELS_PASSIVE_REPLY_MS: "6000" })).toEqual([expect.stringMatching(/^CHANNELS_PASSIVE_REPLY_MS:/)]);
  });
});
