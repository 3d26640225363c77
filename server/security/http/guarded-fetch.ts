import dns from "node:dns";
import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { Agent, fetch as undiciFetch, request as undiciRequest, type RequestInit as UndiciRequestInit, type Response as UndiciResponse } from "undici";
import { isAllowedByHostList, isBlockedAddress, parseIpAddress } from "./address-policy";
import { describeUrl, formatBytes, formatDuration, OutboundRequestError } from "./errors";

/**
 * The single door for outbound HTTP (nodes, tools, URL ingestion, model providers).
 *
 * For every hop (the first URL and each redirect target) it: accepts only http/https, resolves
 * the host name, refuses the request if ANY resolved address is non-public (unless the operator
 * allowed it), and then connects to exactly the addresses it checked. Pinning matters: a second
 * DNS lookup at connect time could answer differently (DNS rebinding) and reach 127.0.0.1.
 * Redirects are followed by hand so each target goes through the same checks. The response body
 * is the live stream, with a byte cap and a total deadline that keep applying while it flows.
 */

export interface GuardOptions {
  /**
   * Host names (exact, case-insensitive) or IPs/CIDR ranges that may be reached even though
   * they are private, e.g. `parseAllowedHosts(process.env.INFERENCE_ALLOWED_HOSTS)`.
   * Connections to them are still pinned to the checked address.
   */
  allowedHosts?: readonly string[];
  /** Redirects followed before giving up. Default 5; 0 refuses any redirect. */
  maxRedirects?: number;
  /** Cap on the (decoded) body size. Default 10 MiB; `Infinity` for model streams. */
  maxResponseBytes?: number;
  /** Limit for DNS lookup and for establishing each connection. Default 10 s; 0 = none. */
  connectTimeoutMs?: number;
  /** Limit for the whole exchange including reading the body. Default 30 s; 0 = none. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Standard fetch options plus the guard's. Browser-only fields (mode, credentials, cache,
 * referrer…) mean nothing on a server and are ignored. `redirect: "manual"` returns 3xx
 * responses unfollowed; `"error"` rejects on a redirect.
 */
export type GuardedRequestInit = RequestInit & GuardOptions;

export type GuardedFetch = (url: string | URL, init?: GuardedRequestInit) => Promise<Response>;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to (like `dns.lookup(host, { all: true })`). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface GuardedFetchDeps {
  /** Replaces the system resolver; tests use it to play DNS. Answers are still checked. */
  resolve?: Resolver;
  /**
   * Trusted CA certificates, replacing the default roots. Meant for tests with a self-signed
   * server; operators trust private CAs with NODE_EXTRA_CA_CERTS instead.
   */
  ca?: string | string[];
}

const DEFAULT_MAX_REDIRECTS = 5;
const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 30_000;
/** setTimeout fires at once for larger delays, so anything above counts as "no limit". */
const MAX_TIMER_MS = 2_147_483_647;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
/**
 * Dropped when a redirect leaves the origin. The fetch standard only drops Authorization; model
 * providers also authenticate with these headers and a redirect must not carry keys elsewhere.
 */
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-goog-api-key"];
/** Describe a request body; dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];

/** Uses the system resolver (getaddrinfo: /etc/hosts, then DNS), like a normal connection would. */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await dns.promises.lookup(hostname, { all: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

export function createGuardedFetch(deps: GuardedFetchDeps = {}): GuardedFetch {
  const resolve = deps.resolve ?? systemResolver;

  return async function guardedFetch(input, init = {}) {
    const {
      allowedHosts = [],
      maxRedirects = DEFAULT_MAX_REDIRECTS,
      maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
      connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
      timeoutMs = DEFAULT_TIMEOUT_MS,
      signal,
      redirect = "follow",
      method: requestedMethod,
      headers: requestedHeaders,
      body: requestedBody,
    } = init;
    if (!Number.isInteger(maxRedirects) || maxRedirects < 0) throw new RangeError("maxRedirects must be a whole number ≥ 0");
    if (!(maxResponseBytes > 0)) throw new RangeError("maxResponseBytes must be > 0 (Infinity for no limit)");
    const connectLimit = timerDelay(connectTimeoutMs, "connectTimeoutMs");
    const totalLimit = timerDelay(timeoutMs, "timeoutMs");

    let url = parseUrl(input);
    const lifetime = new RequestLifetime(signal, totalLimit, url);
    try {
      // Compared case-insensitively, sent as given (fetch only upper-cases the standard ones).
      let method = requestedMethod ?? "GET";
      const headers = new Headers(requestedHeaders);
      let { body, replayable } = await normalizeBody(requestedBody, headers);
      let redirects = 0;

      for (;;) {
        lifetime.signal.throwIfAborted();
        const addresses = await checkDestination(url, allowedHosts, resolve, connectLimit, lifetime.signal);
        const agent = pinnedAgent(addresses, connectLimit, deps.ca);

        let response: UndiciResponse;
        try {
          response = await undiciFetch(url, {
            method,
            headers: [...headers],
            body,
            // Required by undici for stream bodies; harmless for the rest.
            ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
            redirect: "manual",
            signal: lifetime.signal,
            dispatcher: agent,
          } satisfies UndiciRequestInit);
        } catch (error) {
          throw toRequestError(error, url, lifetime, connectLimit);
        }

        const location = response.headers.get("location");
        const isRedirect = REDIRECT_STATUSES.has(response.status) && location !== null && redirect !== "manual";
        const keepsBody = response.status === 307 || response.status === 308;
        // A streamed body was consumed by the first attempt and cannot be sent again; like
        // fetch, hand the 307/308 back instead of silently sending an empty request.
        if (!isRedirect || (keepsBody && body !== null && !replayable)) {
          return wrapResponse(response, { lifetime, maxResponseBytes, url, redirected: redirects > 0, method });
        }

        await response.body?.cancel().catch(noop);
        if (redirect === "error") {
          throw new OutboundRequestError("TOO_MANY_REDIRECTS", `${describeUrl(url)} answered with a redirect, and this request does not follow redirects`);
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new OutboundRequestError("BAD_URL", `${describeUrl(url)} redirected to an invalid URL`);
        }
        if (redirects >= maxRedirects) {
          throw new OutboundRequestError(
            "TOO_MANY_REDIRECTS",
            `${describeUrl(url)} redirected again (to ${describeUrl(next)}) after ${maxRedirects} redirect${maxRedirects === 1 ? "" : "s"}; giving up`,
          );
        }
        redirects += 1;
        if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
        // Same method rewriting as the fetch standard (and browsers).
        const upper = method.toUpperCase();
        if (((response.status === 301 || response.status === 302) && upper === "POST") || (response.status === 303 && upper !== "GET" && upper !== "HEAD")) {
          method = "GET";
          body = null;
          replayable = true;
          for (const name of BODY_HEADERS) headers.delete(name);
        }
        url = next;
      }
    } catch (error) {
      lifetime.end();
      throw error;
    }
  };
}

/** `guardedFetch` with the system resolver: what production code imports. */
export const guardedFetch: GuardedFetch = createGuardedFetch();

export interface GuardedStreamInit {
  method: string;
  headers: Record<string, string>;
  body: string;
  signal?: AbortSignal;
  allowedHosts?: readonly string[];
  connectTimeoutMs?: number;
}

export interface GuardedStreamResponse {
  status: number;
  headers: Headers;
  /** Read it to the end (the connection then goes back to the pool) or destroy it. */
  body: Readable;
}

export type GuardedStream = (input: string | URL, init: GuardedStreamInit) => Promise<GuardedStreamResponse>;

/**
 * The guard for a long response read chunk by chunk (a model's token stream): the same
 * destination checks and pinned connection as guardedFetch, but the body is undici's Node stream
 * instead of a web ReadableStream (a web stream costs several promises per chunk, and an answer
 * is hundreds of chunks), with no size or total-time cap (the caller applies its own), and
 * redirects are not followed: a 3xx comes back as it is.
 */
export function createGuardedStream(deps: GuardedFetchDeps = {}): GuardedStream {
  const resolve = deps.resolve ?? systemResolver;
  return async function guardedStream(input, init) {
    const url = parseUrl(input);
    const connectLimit = timerDelay(init.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, "connectTimeoutMs");
    const lifetime = new RequestLifetime(init.signal, 0, url);
    try {
      lifetime.signal.throwIfAborted();
      const addresses = await checkDestination(url, init.allowedHosts ?? [], resolve, connectLimit, lifetime.signal);
      const response = await undiciRequest(url, {
        method: init.method,
        headers: init.headers,
        body: init.body,
        signal: lifetime.signal,
        dispatcher: pinnedAgent(addresses, connectLimit, deps.ca),
      });
      response.body.once("close", () => lifetime.end());
      // An abort while nobody is reading must not become an unhandled 'error' event (a crash);
      // a reader still gets the error through its own iteration.
      response.body.on("error", noop);
      const headers = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
        else if (value !== undefined) headers.set(name, value);
      }
      return { status: response.statusCode, headers, body: response.body };
    } catch (error) {
      lifetime.end();
      throw toRequestError(error, url, lifetime, connectLimit);
    }
  };
}

export const guardedStream: GuardedStream = createGuardedStream();

function parseUrl(input: string | URL): URL {
  try {
    return new URL(input);
  } catch {
    const text = String(input);
    throw new OutboundRequestError("BAD_URL", `"${text.length > 200 ? `${text.slice(0, 200)}…` : text}" is not a valid URL`);
  }
}

/**
 * Validates one hop's URL and returns the addresses the connection may use: every answer must
 * pass, because the connection could use any of them.
 */
async function checkDestination(
  url: URL,
  allowedHosts: readonly string[],
  resolve: Resolver,
  connectLimit: number,
  signal: AbortSignal,
): Promise<ResolvedAddress[]> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OutboundRequestError("BAD_URL", `Only http:// and https:// URLs can be fetched, not ${url.protocol} URLs`);
  }
  if (url.username || url.password) {
    throw new OutboundRequestError("BAD_URL", `${describeUrl(url)}: URLs with a user name or password are not supported; send credentials in a header`);
  }

  // WHATWG URL already rewrote numeric IPv4 spellings (2130706433, 0x7f000001, 0177.0.0.1) to
  // dotted form; parseIpAddress accepts them too, so a literal never reaches DNS either way.
  const literal = parseIpAddress(url.hostname);
  const answers = literal ? [{ address: literal.toString(), family: literal.kind() === "ipv4" ? 4 : 6 } as const] : await resolveWithin(resolve, url, connectLimit, signal);
  if (answers.length === 0) {
    throw new OutboundRequestError("DNS_FAILED", `Could not resolve ${url.hostname} for ${describeUrl(url)}: no addresses found`);
  }

  return answers.map((answer) => {
    const ip = parseIpAddress(answer.address);
    if (!ip) {
      throw new OutboundRequestError("DNS_FAILED", `Could not resolve ${url.hostname} for ${describeUrl(url)}: the resolver returned "${answer.address}"`);
    }
    // Normalized so the connection uses exactly the form that was classified.
    const address = ip.toString();
    if (!isAllowedByHostList(url.hostname, address, allowedHosts)) {
      const verdict = isBlockedAddress(address);
      if (verdict.blocked) {
        throw new OutboundRequestError(
          "BLOCKED_ADDRESS",
          `Refused to connect to ${address} (${verdict.reason}) for ${describeUrl(url)} — outbound requests may only reach public addresses`,
        );
      }
    }
    return { address, family: ip.kind() === "ipv4" ? 4 : 6 };
  });
}

/** getaddrinfo cannot be cancelled; on timeout or abort we stop waiting for it instead. */
function resolveWithin(resolve: Resolver, url: URL, limitMs: number, signal: AbortSignal): Promise<ResolvedAddress[]> {
  return new Promise((fulfil, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => settle(() => reject(signal.reason));
    const settle = (action: () => void) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      action();
    };
    if (limitMs > 0) {
      timer = setTimeout(
        () => settle(() => reject(new OutboundRequestError("TIMEOUT", `Looking up ${url.hostname} for ${describeUrl(url)} took longer than ${formatDuration(limitMs)}`))),
        limitMs,
      );
    }
    signal.addEventListener("abort", onAbort, { once: true });
    resolve(url.hostname).then(
      (answers) => settle(() => fulfil(answers)),
      (error: unknown) => settle(() => reject(dnsError(error, url))),
    );
  });
}

function dnsError(error: unknown, url: URL): OutboundRequestError {
  const code = errorCode(error);
  const why =
    code === "ENOTFOUND" || code === "ENODATA"
      ? "the host name does not exist"
      : code === "EAI_AGAIN"
        ? "DNS is not answering right now; try again later"
        : `${error instanceof Error ? error.message : String(error)}`;
  return new OutboundRequestError("DNS_FAILED", `Could not resolve ${url.hostname} for ${describeUrl(url)}: ${why}`, { cause: error });
}

/**
 * Agents are shared by requests whose checked addresses (and connect settings) are the same, so
 * keep-alive connections are reused: a fresh TCP (and TLS) handshake per model call would cost
 * more than the rest of the gateway. Pinning holds, because an agent's only way to find a host is
 * the address list it was created for, and every request re-checks DNS before picking an agent.
 */
const AGENT_POOL_LIMIT = 256;
const agentPool = new Map<string, Agent>();

function pinnedAgent(addresses: readonly ResolvedAddress[], connectLimit: number, ca: string | string[] | undefined): Agent {
  const key = JSON.stringify([addresses.map((a) => `${a.family}/${a.address}`).sort(), connectLimit, ca ?? null]);
  const pooled = agentPool.get(key);
  if (pooled) {
    // Re-insert so the Map's order is least recently used first.
    agentPool.delete(key);
    agentPool.set(key, pooled);
    return pooled;
  }
  const agent = new Agent({
    keepAliveTimeout: 4_000,
    connect: { timeout: connectLimit, lookup: pinnedLookup(addresses), ...(ca ? { ca } : {}) },
  });
  agentPool.set(key, agent);
  if (agentPool.size > AGENT_POOL_LIMIT) {
    const [oldestKey, oldest] = agentPool.entries().next().value as [string, Agent];
    agentPool.delete(oldestKey);
    // close() lets requests still using it finish.
    void oldest.close().catch(noop);
  }
  return agent;
}

function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
    const candidates = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    const first = candidates[0];
    if (!first) {
      const error: NodeJS.ErrnoException = new Error(`No checked IPv${String(family)} address for ${hostname}`);
      error.code = "ENOTFOUND";
      callback(error, "", 0);
    } else if (options.all) {
      // Node's happy-eyeballs connect asks for all; every one of them passed the check.
      callback(null, candidates.map((a) => ({ address: a.address, family: a.family })));
    } else {
      callback(null, first.address, first.family);
    }
  };
}

/**
 * Owns the request's AbortController: the caller's signal and the total deadline both abort it,
 * and it stays armed until the body has been read, so a stalled stream is cut too.
 */
class RequestLifetime {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly callerSignal: AbortSignal | undefined;
  private readonly forwardAbort = () => this.controller.abort(this.callerSignal?.reason);

  constructor(callerSignal: AbortSignal | undefined, limitMs: number, url: URL) {
    this.callerSignal = callerSignal;
    if (callerSignal?.aborted) this.controller.abort(callerSignal.reason);
    else callerSignal?.addEventListener("abort", this.forwardAbort, { once: true });
    if (limitMs > 0) {
      const error = new OutboundRequestError("TIMEOUT", `${describeUrl(url)} did not finish within ${formatDuration(limitMs)}; the request was stopped`);
      this.timer = setTimeout(() => this.controller.abort(error), limitMs);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The request is over (body read, cancelled or failed): release the timer and listener. */
  end(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener("abort", this.forwardAbort);
  }
}

/** Maps undici's "fetch failed" into our codes; aborts surface as their reason (ours or the caller's). */
function toRequestError(error: unknown, url: URL, lifetime: RequestLifetime, connectLimit: number): unknown {
  if (lifetime.signal.aborted) return lifetime.signal.reason;
  if (error instanceof OutboundRequestError) return error;
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = errorCode(cause);
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return new OutboundRequestError("TIMEOUT", `Could not connect to ${url.host} within ${formatDuration(connectLimit)} for ${describeUrl(url)}`, { cause: error });
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT") {
    return new OutboundRequestError("TIMEOUT", `${describeUrl(url)} accepted the connection but sent no response in time`, { cause: error });
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new OutboundRequestError("CONNECT_FAILED", `Request to ${describeUrl(url)} failed: ${detail}`, { cause: error });
}

interface WrapContext {
  lifetime: RequestLifetime;
  maxResponseBytes: number;
  url: URL;
  redirected: boolean;
  method: string;
}

/**
 * Re-creates the response as a standard `Response` (undici's own class is a different one from
 * Node's global) whose body is the live upstream stream passed through the size cap.
 */
function wrapResponse(response: UndiciResponse, context: WrapContext): Response {
  const { lifetime, maxResponseBytes, url } = context;
  if (response.status < 200 || response.status > 599) {
    void response.body?.cancel().catch(noop);
    throw new OutboundRequestError("CONNECT_FAILED", `${describeUrl(url)} answered with an invalid HTTP status ${response.status}`);
  }
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > maxResponseBytes) {
    void response.body?.cancel().catch(noop);
    throw new OutboundRequestError("RESPONSE_TOO_LARGE", `${describeUrl(url)} sent ${formatBytes(Number(declared))}, more than the ${formatBytes(maxResponseBytes)} limit`);
  }

  const headers = new Headers();
  for (const [name, value] of response.headers) headers.append(name, value);

  let body: ReadableStream<Uint8Array> | null = null;
  const source = response.body;
  if (source === null || NULL_BODY_STATUSES.has(response.status) || context.method.toUpperCase() === "HEAD") {
    if (source) void source.cancel().catch(noop);
    lifetime.end();
  } else {
    body = limitBody(source, {
      maxBytes: maxResponseBytes,
      tooLarge: () => new OutboundRequestError("RESPONSE_TOO_LARGE", `${describeUrl(url)} sent more than ${formatBytes(maxResponseBytes)}; the response was cut off at the limit`),
      mapError: (error) => {
        if (lifetime.signal.aborted) return lifetime.signal.reason;
        if (errorCode(error) === "UND_ERR_BODY_TIMEOUT") {
          return new OutboundRequestError("TIMEOUT", `${describeUrl(url)} stopped sending data`, { cause: error });
        }
        return error;
      },
      onEnd: () => lifetime.end(),
    });
  }

  const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers });
  // Not settable through the constructor; callers rely on them to know where they landed.
  Object.defineProperties(wrapped, { url: { value: url.href }, redirected: { value: context.redirected } });
  return wrapped;
}

/**
 * Pull-based pass-through: a chunk is read upstream only when the consumer asks for one
 * (highWaterMark 0), so SSE events arrive as sent and the cap is enforced on bytes as they flow.
 */
function limitBody(
  // undici's body is typed with node:stream/web's class; at run time it is the global one.
  source: NodeReadableStream<Uint8Array>,
  options: { maxBytes: number; tooLarge: () => Error; mapError: (error: unknown) => unknown; onEnd: (failed: boolean) => void },
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let received = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          options.onEnd(true);
          controller.error(options.mapError(error));
          return;
        }
        if (chunk.done) {
          options.onEnd(false);
          controller.close();
          return;
        }
        received += chunk.value.byteLength;
        if (received > options.maxBytes) {
          const error = options.tooLarge();
          void reader.cancel(error).catch(noop);
          options.onEnd(true);
          controller.error(error);
          return;
        }
        controller.enqueue(chunk.value);
      },
      async cancel(reason) {
        await reader.cancel(reason).catch(noop);
        options.onEnd(true);
      },
    },
    { highWaterMark: 0 },
  );
}

type UndiciBody = NonNullable<UndiciRequestInit["body"]>;

/**
 * Makes the body something undici's fetch understands. Node's global FormData is a different
 * class from undici's (undici would send "[object FormData]"), so it is serialized here, into
 * bytes, which can also be re-sent after a 307/308. Only a ReadableStream cannot be replayed.
 */
async function normalizeBody(body: BodyInit | null | undefined, headers: Headers): Promise<{ body: UndiciBody | null; replayable: boolean }> {
  if (body === null || body === undefined) return { body: null, replayable: true };
  if (body instanceof FormData) {
    const encoded = new Response(body);
    const contentType = encoded.headers.get("content-type");
    if (contentType && !headers.has("content-type")) headers.set("content-type", contentType);
    return { body: new Uint8Array(await encoded.arrayBuffer()), replayable: true };
  }
  // The DOM and undici typings describe the same runtime values (Node's web streams, Blob,
  // URLSearchParams, buffers are shared with undici); only their declarations differ.
  return { body: body as UndiciBody, replayable: !(body instanceof ReadableStream) };
}

function timerDelay(value: number, name: string): number {
  if (!(value >= 0)) throw new RangeError(`${name} must be ≥ 0 (0 for no limit)`);
  return value > MAX_TIMER_MS ? 0 : value;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

function noop(): void {}
