/**
 * Clients for the two active send APIs a channel answers through: WeCom's application message
 * (`message/send`) and the Official Account's customer-service message (`message/custom/send`).
 * Calls go through the SSRF guard with the operator's allow-list (CHANNELS_API_ALLOWED_HOSTS), so
 * a base URL can point at a private WeCom deployment or a test's fake server only when allowed.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { guardedFetch, OutboundRequestError, type GuardedFetch } from "../security/http";
import type { AccessTokenCache, FetchedToken } from "./access-token-cache";
import type { WechatChannel } from "./channel-config";
import type { SplitOptions } from "./outbound-text";

/**
 * errcodes meaning "this access token is not (or no longer) valid": 40014 invalid token,
 * 42001 token expired, 40001 invalid credential (what the Official Account API answers for a
 * token that a newer one replaced). A call that gets one refreshes the token once and retries.
 */
export const INVALID_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

export class WechatApiError extends Error {
  constructor(
    /** Which call failed, e.g. "wecom message/send". */
    readonly api: string,
    /** The platform's errcode; null when the failure was HTTP-level (no JSON answer). */
    readonly errcode: number | null,
    readonly errmsg: string,
  ) {
    super(errcode === null ? `${api} failed: ${errmsg}` : `${api} failed with errcode ${errcode}: ${errmsg}`);
    this.name = "WechatApiError";
  }
}

export interface PlatformHttp {
  /** The API origin (and optional path prefix), e.g. https://qyapi.weixin.qq.com. */
  baseUrl: string;
  /** Private hosts the base URL may resolve to; see parseAllowedHosts. */
  allowedHosts: readonly string[];
  /** Replaces the guarded fetch (tests that play DNS); still a guarded fetch. */
  fetch?: GuardedFetch;
  timeoutMs?: number;
}

/** What a channel needs from a platform: send one text message to one user. */
export interface TextSender {
  readonly platform: "wecom" | "official-account";
  /** The size rules of one text message on this platform. */
  readonly textLimits: SplitOptions;
  sendText(toUser: string, content: string): Promise<void>;
}

// WeCom application text message: "消息内容，最长不超过2048个字节，超过将截断"
// (developer.work.weixin.qq.com/document/path/90236). The same page limits each app to 30
// messages per member per minute and silently drops the rest, which caps the parts of one answer.
export const WECOM_TEXT_LIMITS: SplitOptions = { maxBytes: 2048, maxParts: 30 };

// Official Account customer-service text: 2048 bytes (WeChat's developer community answer to
// "content内容有大小限制吗" on the custom/send API). Since 2023 a user's message allows only 5
// customer-service messages within 48 h (developers.weixin.qq.com/doc/subscription/api/customer/
// message/api_sendcustommessage.html, "用户发送消息 5条 48小时"), so an answer gets at most 5 parts.
export const OFFICIAL_ACCOUNT_TEXT_LIMITS: SplitOptions = { maxBytes: 2048, maxParts: 5 };

const apiAnswer = z
  .object({
    errcode: z.number().int().optional(),
    errmsg: z.string().optional(),
  })
  .loose();

const tokenAnswer = apiAnswer.extend({
  access_token: z.string().min(1).optional(),
  expires_in: z.number().positive().optional(),
});

export interface WecomCredentials {
  corpId: string;
  agentId: number;
  secret: string;
}

export interface OfficialAccountCredentials {
  appId: string;
  appSecret: string;
}

export interface PlatformClientDeps {
  http: PlatformHttp;
  tokens: AccessTokenCache;
}

export function createWecomClient(credentials: WecomCredentials, deps: PlatformClientDeps): TextSender {
  const api = new PlatformApi(deps, `wecom:${credentials.corpId}:${credentials.agentId}:${fingerprint(credentials.secret)}`, async () => {
    const url = deps.http.baseUrl;
    const answer = await getJson(deps.http, "wecom gettoken", apiUrl(url, "/cgi-bin/gettoken", { corpid: credentials.corpId, corpsecret: credentials.secret }), tokenAnswer);
    return tokenFrom("wecom gettoken", answer);
  });
  return {
    platform: "wecom",
    textLimits: WECOM_TEXT_LIMITS,
    async sendText(toUser, content) {
      // A single recipient outside the app's visible range answers errcode 81013, so errcode 0
      // means delivered (invaliduser only lists the failed part of multi-recipient sends).
      await api.post("wecom message/send", "/cgi-bin/message/send", { touser: toUser, msgtype: "text", agentid: credentials.agentId, text: { content } }, apiAnswer);
    },
  };
}

export function createOfficialAccountClient(credentials: OfficialAccountCredentials, deps: PlatformClientDeps): TextSender {
  const api = new PlatformApi(deps, `oa:${credentials.appId}:${fingerprint(credentials.appSecret)}`, async () => {
    const url = apiUrl(deps.http.baseUrl, "/cgi-bin/token", { grant_type: "client_credential", appid: credentials.appId, secret: credentials.appSecret });
    return tokenFrom("official account token", await getJson(deps.http, "official account token", url, tokenAnswer));
  });
  return {
    platform: "official-account",
    textLimits: OFFICIAL_ACCOUNT_TEXT_LIMITS,
    async sendText(toUser, content) {
      await api.post("official account message/custom/send", "/cgi-bin/message/custom/send", { touser: toUser, msgtype: "text", text: { content } }, apiAnswer);
    },
  };
}

export interface PlatformEndpoints {
  wecomBaseUrl: string;
  officialAccountBaseUrl: string;
  allowedHosts: readonly string[];
  tokens: AccessTokenCache;
}

/** The active-send client for a configured channel. */
export function createPlatformSender(channel: WechatChannel, endpoints: PlatformEndpoints): TextSender {
  const deps = (baseUrl: string): PlatformClientDeps => ({ http: { baseUrl, allowedHosts: endpoints.allowedHosts }, tokens: endpoints.tokens });
  return channel.kind === "wecom"
    ? createWecomClient({ corpId: channel.corpId, agentId: channel.agentId, secret: channel.secret }, deps(endpoints.wecomBaseUrl))
    : createOfficialAccountClient({ appId: channel.appId, appSecret: channel.appSecret }, deps(endpoints.officialAccountBaseUrl));
}

/** Token-authenticated calls with one refresh-and-retry on an invalid-token errcode. */
class PlatformApi {
  constructor(
    private readonly deps: PlatformClientDeps,
    private readonly tokenKey: string,
    private readonly fetchToken: () => Promise<FetchedToken>,
  ) {}

  async post<T extends z.infer<typeof apiAnswer>>(name: string, path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.deps.tokens.get(this.tokenKey, this.fetchToken);
      const answer = await postJson(this.deps.http, name, apiUrl(this.deps.http.baseUrl, path, { access_token: token }), body, schema);
      const errcode = answer.errcode ?? 0;
      if (errcode === 0) return answer;
      if (attempt === 1 && INVALID_TOKEN_ERRCODES.has(errcode)) {
        await this.deps.tokens.invalidate(this.tokenKey, token);
        continue;
      }
      throw new WechatApiError(name, errcode, answer.errmsg ?? "");
    }
  }
}

function tokenFrom(name: string, answer: z.infer<typeof tokenAnswer>): FetchedToken {
  if ((answer.errcode ?? 0) !== 0) throw new WechatApiError(name, answer.errcode ?? null, answer.errmsg ?? "");
  if (!answer.access_token || !answer.expires_in) throw new WechatApiError(name, null, "the answer has no access_token/expires_in");
  return { token: answer.access_token, expiresInSeconds: answer.expires_in };
}

/** Tokens are cached per credential; a changed secret must not reuse the old token, and the secret itself never becomes a key. */
function fingerprint(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 16);
}

function apiUrl(baseUrl: string, path: string, query: Record<string, string>): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

function getJson<T>(http: PlatformHttp, name: string, url: URL, schema: z.ZodType<T>): Promise<T> {
  return requestJson(http, name, url, { method: "GET" }, schema);
}

function postJson<T>(http: PlatformHttp, name: string, url: URL, body: unknown, schema: z.ZodType<T>): Promise<T> {
  // WeChat reads the body as UTF-8 JSON; non-ASCII stays unescaped as in its own SDKs.
  return requestJson(http, name, url, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body) }, schema);
}

interface JsonRequest {
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

async function requestJson<T>(http: PlatformHttp, name: string, url: URL, init: JsonRequest, schema: z.ZodType<T>): Promise<T> {
  const fetch = http.fetch ?? guardedFetch;
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      allowedHosts: http.allowedHosts,
      redirect: "error",
      maxResponseBytes: 1024 * 1024,
      timeoutMs: http.timeoutMs ?? 15_000,
    });
  } catch (error) {
    // OutboundRequestError messages name origin and path only, never the query (secret, token).
    const reason = error instanceof OutboundRequestError ? error.message : error instanceof Error ? error.message : String(error);
    throw new WechatApiError(name, null, reason);
  }
  const text = await response.text().catch((error: unknown) => {
    throw new WechatApiError(name, null, `reading the answer failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (!response.ok) throw new WechatApiError(name, null, `HTTP ${response.status}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WechatApiError(name, null, "the answer is not JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new WechatApiError(name, null, `unexpected answer: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return parsed.data;
}
