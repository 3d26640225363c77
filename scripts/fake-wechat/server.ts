/**
 * A fake WeCom + WeChat Official Account API server for integration tests: it serves access
 * tokens (with a configurable lifetime, and can revoke them to force invalid-token errors),
 * records the messages channels send, and can inject errcodes or latency.
 *
 *   const fake = await startFakeWechat({ wecom: [{ corpId, secret, agentId }], officialAccounts: [{ appId, appSecret }] });
 *   // point the clients' base URL at fake.url
 *   fake.set({ tokenExpiresIn: 2, failNext: { api: "send", errcode: 45009, count: 1 } });
 *   fake.invalidateTokens();            // every issued token now answers 40014 / 40001
 *   await fake.waitForSent(1);          // the messages received so far, once there are ≥ 1
 *   await fake.close();
 *
 * Both platforms answer HTTP 200 with `{ errcode, errmsg }`; so does this server. It enforces
 * what the real APIs enforce and our clients must respect: a valid, unexpired token; WeCom's
 * agentid; the Official Account's 2048-byte text limit (errcode 45002). WeCom truncates text past
 * 2048 bytes instead of refusing it; the fake records `truncated: true` so tests can assert it.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import { parseBody, readBody, sendJson } from "../fake-openai/http";
import { listenOnLoopback } from "../lib/loopback-server";

export interface FakeWecomApp {
  corpId: string;
  secret: string;
  agentId: number;
  /** Members in the app's visible range; when given, others answer errcode 81013. */
  users?: string[];
}

export interface FakeOfficialAccount {
  appId: string;
  appSecret: string;
}

export interface FakeWechatOptions {
  port?: number;
  host?: string;
  wecom?: FakeWecomApp[];
  officialAccounts?: FakeOfficialAccount[];
}

export type FakeApi = "token" | "send";

export interface FakeWechatBehavior {
  /** expires_in of newly issued tokens, in seconds. */
  tokenExpiresIn: number;
  /** Delay before a token answer (lets concurrent refreshes overlap in tests). */
  tokenLatencyMs: number;
  /** Delay before a send answer. */
  sendLatencyMs: number;
  /** The next `count` calls of `api` answer this errcode. */
  failNext: { api: FakeApi; errcode: number; errmsg?: string; count: number } | null;
}

export interface SentMessage {
  platform: "wecom" | "official-account";
  /** CorpID or AppID whose token was used. */
  accountId: string;
  agentId?: number;
  toUser: string;
  msgtype: string;
  content: string;
  bytes: number;
  /** WeCom cut the content at 2048 bytes. */
  truncated: boolean;
  at: number;
}

export interface TokenRequest {
  platform: "wecom" | "official-account";
  accountId: string;
  ok: boolean;
  at: number;
}

export interface FakeWechatServer {
  url: string;
  readonly sent: SentMessage[];
  readonly tokenRequests: TokenRequest[];
  set(patch: Partial<FakeWechatBehavior>): void;
  behavior(): FakeWechatBehavior;
  /** Every token issued so far becomes invalid (the platform revoked or replaced it). */
  invalidateTokens(): void;
  /** Resolves with the sent messages once at least `count` arrived; rejects after `timeoutMs`. */
  waitForSent(count: number, timeoutMs?: number): Promise<SentMessage[]>;
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_WECHAT_BEHAVIOR: Readonly<FakeWechatBehavior> = Object.freeze({
  tokenExpiresIn: 7200,
  tokenLatencyMs: 0,
  sendLatencyMs: 0,
  failNext: null,
});

/** The platforms' text limit: 2048 bytes (see server/channels/wechat-api.ts for the sources). */
const TEXT_LIMIT_BYTES = 2048;

interface IssuedToken {
  platform: "wecom" | "official-account";
  accountId: string;
  expiresAt: number;
  revoked: boolean;
}

const sendBody = z.object({
  touser: z.string().min(1),
  msgtype: z.string().min(1),
  agentid: z.number().int().optional(),
  text: z.object({ content: z.string() }).optional(),
});

export function startFakeWechat(options: FakeWechatOptions = {}): Promise<FakeWechatServer> {
  const wecomApps = new Map((options.wecom ?? []).map((app) => [app.corpId, app]));
  const accounts = new Map((options.officialAccounts ?? []).map((account) => [account.appId, account]));
  const tokens = new Map<string, IssuedToken>();
  const sent: SentMessage[] = [];
  const tokenRequests: TokenRequest[] = [];
  const sentWaiters = new Set<() => void>();
  let behavior: FakeWechatBehavior = { ...DEFAULT_FAKE_WECHAT_BEHAVIOR };

  /** An injected failure for this call, used up in arrival order. */
  function takeFailure(api: FakeApi): { errcode: number; errmsg: string } | null {
    const failure = behavior.failNext;
    if (!failure || failure.api !== api) return null;
    behavior = { ...behavior, failNext: failure.count > 1 ? { ...failure, count: failure.count - 1 } : null };
    return { errcode: failure.errcode, errmsg: failure.errmsg ?? `injected errcode ${failure.errcode}` };
  }

  function issueToken(platform: IssuedToken["platform"], accountId: string) {
    const token = randomBytes(24).toString("base64url");
    tokens.set(token, { platform, accountId, expiresAt: Date.now() + behavior.tokenExpiresIn * 1000, revoked: false });
    tokenRequests.push({ platform, accountId, ok: true, at: Date.now() });
    return { errcode: 0, errmsg: "ok", access_token: token, expires_in: behavior.tokenExpiresIn };
  }

  function refuseToken(platform: IssuedToken["platform"], accountId: string, errcode: number, errmsg: string) {
    tokenRequests.push({ platform, accountId, ok: false, at: Date.now() });
    return { errcode, errmsg };
  }

  async function handleToken(platform: IssuedToken["platform"], query: URLSearchParams): Promise<object> {
    await sleep(behavior.tokenLatencyMs);
    if (platform === "wecom") {
      const corpId = query.get("corpid") ?? "";
      const failure = takeFailure("token");
      if (failure) return refuseToken(platform, corpId, failure.errcode, failure.errmsg);
      const app = wecomApps.get(corpId);
      if (!app) return refuseToken(platform, corpId, 40013, "invalid corpid");
      if (query.get("corpsecret") !== app.secret) return refuseToken(platform, corpId, 40001, "invalid credential");
      return issueToken(platform, corpId);
    }
    const appId = query.get("appid") ?? "";
    const failure = takeFailure("token");
    if (failure) return refuseToken(platform, appId, failure.errcode, failure.errmsg);
    if (query.get("grant_type") !== "client_credential") return refuseToken(platform, appId, 40002, "invalid grant_type");
    const account = accounts.get(appId);
    if (!account) return refuseToken(platform, appId, 40013, "invalid appid");
    if (query.get("secret") !== account.appSecret) return refuseToken(platform, appId, 40125, "invalid appsecret");
    return issueToken(platform, appId);
  }

  /** The token check both send APIs make, with each platform's errcodes. */
  function checkToken(platform: IssuedToken["platform"], token: string | null): IssuedToken | { errcode: number; errmsg: string } {
    const issued = token ? tokens.get(token) : undefined;
    if (!issued || issued.platform !== platform || issued.revoked) {
      return platform === "wecom" ? { errcode: 40014, errmsg: "invalid access_token" } : { errcode: 40001, errmsg: "invalid credential, access_token is invalid or not latest" };
    }
    if (issued.expiresAt <= Date.now()) return { errcode: 42001, errmsg: "access_token expired" };
    return issued;
  }

  async function handleSend(platform: IssuedToken["platform"], query: URLSearchParams, rawBody: string): Promise<object> {
    await sleep(behavior.sendLatencyMs);
    const failure = takeFailure("send");
    if (failure) return failure;
    const issued = checkToken(platform, query.get("access_token"));
    if ("errcode" in issued) return issued;
    const parsedJson = parseBody(rawBody);
    const body = sendBody.safeParse(parsedJson.value);
    if (!parsedJson.ok || !body.success) return { errcode: 47001, errmsg: "data format error" };
    const { touser, msgtype, agentid, text } = body.data;
    if (msgtype !== "text" || !text) return { errcode: 40008, errmsg: "invalid message type" };
    if (text.content.length === 0) return { errcode: 44004, errmsg: "empty content" };
    const bytes = Buffer.byteLength(text.content, "utf8");
    if (platform === "wecom") {
      const app = wecomApps.get(issued.accountId);
      if (!app || agentid !== app.agentId) return { errcode: 40056, errmsg: "invalid agentid" };
      if (app.users && !app.users.includes(touser)) return { errcode: 81013, errmsg: "user & party & tag all invalid", invaliduser: touser };
    } else if (bytes > TEXT_LIMIT_BYTES) {
      return { errcode: 45002, errmsg: "content size out of limit" };
    }
    sent.push({
      platform,
      accountId: issued.accountId,
      ...(agentid === undefined ? {} : { agentId: agentid }),
      toUser: touser,
      msgtype,
      content: text.content,
      bytes,
      truncated: bytes > TEXT_LIMIT_BYTES,
      at: Date.now(),
    });
    for (const wake of sentWaiters) wake();
    return platform === "wecom" ? { errcode: 0, errmsg: "ok", invaliduser: "", msgid: randomBytes(8).toString("hex") } : { errcode: 0, errmsg: "ok" };
  }

  const routes: Record<string, (query: URLSearchParams, body: string) => Promise<object>> = {
    "GET /cgi-bin/gettoken": (query) => handleToken("wecom", query),
    "GET /cgi-bin/token": (query) => handleToken("official-account", query),
    "POST /cgi-bin/message/send": (query, body) => handleSend("wecom", query, body),
    "POST /cgi-bin/message/custom/send": (query, body) => handleSend("official-account", query, body),
  };

  const api: FakeWechatServer = {
    url: "",
    sent,
    tokenRequests,
    set(patch) {
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<FakeWechatBehavior>;
      behavior = { ...behavior, ...defined };
      if (behavior.failNext && behavior.failNext.count <= 0) behavior.failNext = null;
    },
    behavior: () => ({ ...behavior }),
    invalidateTokens() {
      for (const issued of tokens.values()) issued.revoked = true;
    },
    waitForSent(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (sent.length < count) return false;
          finish();
          resolve([...sent]);
          return true;
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`Fake WeChat: expected ${count} sent message(s) within ${timeoutMs} ms, got ${sent.length}`));
        }, timeoutMs);
        const wake = () => void check();
        const finish = () => {
          clearTimeout(timer);
          sentWaiters.delete(wake);
        };
        if (!check()) sentWaiters.add(wake);
      });
    },
    reset() {
      behavior = { ...DEFAULT_FAKE_WECHAT_BEHAVIOR };
      tokens.clear();
      sent.length = 0;
      tokenRequests.length = 0;
    },
    close: () => Promise.resolve(),
  };

  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      sendJson(res, 500, { errcode: -1, errmsg: `fake server bug: ${error instanceof Error ? error.message : String(error)}` });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const body = await readBody(req);
    if (url.pathname.startsWith("/__fake/")) return handleControl(req.method ?? "GET", url.pathname, body, res);
    const handler = routes[`${req.method ?? "GET"} ${url.pathname}`];
    // The real APIs answer unknown paths with an errcode too, not an HTTP error.
    if (!handler) return sendJson(res, 404, { errcode: 48001, errmsg: `api unauthorized: ${req.method} ${url.pathname}` });
    sendJson(res, 200, await handler(url.searchParams, body));
  }

  /** The in-process controls over HTTP, for a server started with cli.ts. */
  function handleControl(method: string, path: string, body: string, res: ServerResponse): void {
    switch (`${method} ${path}`) {
      case "GET /__fake/behavior":
        return sendJson(res, 200, api.behavior());
      case "POST /__fake/behavior": {
        const patch = behaviorPatch.safeParse(parseBody(body).value ?? {});
        if (!patch.success) return sendJson(res, 400, { error: z.prettifyError(patch.error) });
        api.set(patch.data);
        return sendJson(res, 200, api.behavior());
      }
      case "POST /__fake/invalidate-tokens":
        api.invalidateTokens();
        return sendJson(res, 200, { ok: true });
      case "POST /__fake/reset":
        api.reset();
        return sendJson(res, 200, api.behavior());
      case "GET /__fake/sent":
        return sendJson(res, 200, sent);
      case "GET /__fake/token-requests":
        return sendJson(res, 200, tokenRequests);
      default:
        return sendJson(res, 404, { error: `Unknown control ${method} ${path}` });
    }
  }

  return listenOnLoopback(server, options).then((listening) => {
    api.url = listening.url;
    api.close = listening.close;
    return api;
  });
}

const behaviorPatch = z
  .object({
    tokenExpiresIn: z.number().int().min(1),
    tokenLatencyMs: z.number().min(0),
    sendLatencyMs: z.number().min(0),
    failNext: z
      .object({ api: z.enum(["token", "send"]), errcode: z.number().int(), errmsg: z.string().optional(), count: z.number().int().min(1).default(1) })
      .nullable(),
  })
  .partial()
  .strict();

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
