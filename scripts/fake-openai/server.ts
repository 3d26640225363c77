/**
 * A small, fast OpenAI-compatible server for integration tests, e2e tests and benchmarks, in
 * place of vLLM (no GPU needed). Answers are deterministic (see chat.ts, embeddings.ts,
 * rerank.ts); latency, streaming pace and failures are switchable at run time per instance.
 *
 *   const fake = await startFakeOpenAI();
 *   const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "x" });
 *   fake.set({ failNext: { status: 429, count: 1 } });
 *   ...
 *   await fake.close();
 *
 * Plain node:http on purpose: a latency benchmark uses it as the upstream, so the per-request
 * cost has to stay close to Node's own HTTP handling.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "../lib/loopback-server";
import { handleChat } from "./chat";
import { handleControl } from "./control";
import { handleEmbeddings } from "./embeddings";
import { HttpError, errorBody, parseBody, readBody, sendError, sendJson, sendRaw, wait } from "./http";
import { DEFAULT_MODELS, listModels, modelObject } from "./models";
import { handleRerank } from "./rerank";
import type { Exchange, FakeBehavior, FakeOpenAIOptions, FakeOpenAIServer, FakeStats, RecordedRequest, ServerConfig } from "./types";

export type { FakeBehavior, FakeModel, FakeOpenAIOptions, FakeOpenAIServer, FakeStats, FailNext, ModelKind, RecordedRequest } from "./types";
export { DEFAULT_MODELS } from "./models";
export { embed } from "./embeddings";

export const DEFAULT_BEHAVIOR: Readonly<FakeBehavior> = Object.freeze({
  latencyMs: 0,
  tokensPerSecond: 0,
  failNext: null,
  disconnectAfterTokens: null,
  omitUsage: false,
  nonJson: false,
  hang: false,
});

/** How many requests the log keeps (oldest dropped first), so long benchmarks do not grow memory. */
const MAX_RECORDED = 1000;

interface Route {
  method: "GET" | "POST";
  handle(ex: Exchange): void | Promise<void>;
}

const rerankRoute: Route = { method: "POST", handle: handleRerank };

const ROUTES = new Map<string, Route>([
  ["/v1/models", { method: "GET", handle: (ex) => sendJson(ex.res, 200, listModels(ex.config)) }],
  ["/v1/chat/completions", { method: "POST", handle: handleChat }],
  ["/v1/embeddings", { method: "POST", handle: handleEmbeddings }],
  // Rerank servers disagree on the prefix (vLLM and Jina: /v1/rerank, also /rerank; Cohere: /v2/rerank).
  ["/v1/rerank", rerankRoute],
  ["/rerank", rerankRoute],
  ["/v2/rerank", rerankRoute],
]);

/** GET /v1/models/{id}: the one parameterised path, so it is matched apart from the table. */
const modelRoute: Route = {
  method: "GET",
  handle(ex) {
    const id = safeDecode(ex.path.slice("/v1/models/".length));
    const model = ex.config.models.get(id);
    if (!model) throw new HttpError(404, `The model \`${id}\` does not exist`, "model_not_found", "model");
    sendJson(ex.res, 200, modelObject(model));
  },
};

const HTML_PAGE = "<!doctype html><html><head><title>Welcome</title></head><body><h1>It works!</h1><p>This is not an API.</p></body></html>";

export function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const config: ServerConfig = {
    models: new Map((options.models ?? DEFAULT_MODELS).map((model) => [model.id, model])),
    embeddingDimensions: options.embeddingDimensions ?? 8,
  };
  const expectedAuthorization = options.apiKey === undefined ? null : `Bearer ${options.apiKey}`;
  let behavior: FakeBehavior = { ...DEFAULT_BEHAVIOR };
  const requests: RecordedRequest[] = [];
  const stats: FakeStats = { total: 0, inFlight: 0, maxInFlight: 0 };
  let seq = 0;

  /** The behaviour this request gets; an injected failure is used up here, in arrival order. */
  function takeBehavior(): FakeBehavior {
    const current = behavior;
    const failure = current.failNext;
    if (failure && !current.hang) behavior = { ...current, failNext: failure.count > 1 ? { ...failure, count: failure.count - 1 } : null };
    return current;
  }

  function record(req: IncomingMessage, path: string): RecordedRequest {
    const entry: RecordedRequest = { seq, method: req.method ?? "GET", path, url: req.url ?? "/", headers: req.headers, body: undefined, receivedAt: Date.now() };
    requests.push(entry);
    if (requests.length > MAX_RECORDED) requests.shift();
    return entry;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    seq++;
    const entry = record(req, path);
    const ex: Exchange = { res, closed: false, path, body: undefined, behavior: takeBehavior(), config, seq };
    stats.total++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.once("close", () => {
      ex.closed = true;
      stats.inFlight--;
      entry.finishedAt = Date.now();
      if (res.headersSent) entry.status = res.statusCode;
    });
    const parsed = parseBody(await readBody(req));
    entry.body = ex.body = parsed.value;
    await answer(req, ex, parsed.ok);
  }

  /** The order matters: hang and latency come first (they model the network), then injected failures, then auth. */
  async function answer(req: IncomingMessage, ex: Exchange, bodyIsJson: boolean): Promise<void> {
    const { res, behavior: current } = ex;
    // Never answered: the client's abort or close() ends it.
    if (current.hang) return;
    if (current.latencyMs > 0 && !(await wait(current.latencyMs, ex))) return;
    if (current.failNext) {
      const { status, body, headers } = current.failNext;
      return sendRaw(res, status, body === undefined ? errorBody(status) : body, headers);
    }
    if (current.nonJson) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(HTML_PAGE) });
      return void res.end(HTML_PAGE);
    }
    if (expectedAuthorization !== null && req.headers.authorization !== expectedAuthorization) {
      const message = req.headers.authorization ? "Incorrect API key provided." : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.";
      throw new HttpError(401, message, "invalid_api_key");
    }
    const route = ROUTES.get(ex.path) ?? (ex.path.startsWith("/v1/models/") ? modelRoute : undefined);
    if (!route) throw new HttpError(404, `Invalid URL (${req.method} ${ex.path})`);
    if (req.method !== route.method) throw new HttpError(405, `Method ${req.method} not allowed for ${ex.path}; use ${route.method}.`);
    if (!bodyIsJson) throw new HttpError(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)");
    await route.handle(ex);
  }

  const api: FakeOpenAIServer = {
    url: "",
    requests,
    set(patch) {
      // `{ latencyMs: undefined }` leaves latencyMs alone rather than breaking it.
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<FakeBehavior>;
      const next: FakeBehavior = { ...behavior, ...defined };
      // A copy, so the caller's object is not counted down; count 0 means "no failure".
      next.failNext = next.failNext && next.failNext.count > 0 ? { ...next.failNext } : null;
      behavior = next;
    },
    reset() {
      behavior = { ...DEFAULT_BEHAVIOR };
      requests.length = 0;
      stats.total = 0;
      stats.maxInFlight = stats.inFlight;
    },
    behavior: () => ({ ...behavior }),
    stats: () => ({ ...stats }),
    close: () => Promise.resolve(),
  };

  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const path = normalizePath(url);
    const handled = path === "/health" ? sendHealth(res) : path.startsWith("/__fake/") ? handleControl(req, res, path, api) : handleApi(req, res, path);
    void Promise.resolve(handled).catch((error: unknown) => fail(res, error));
  });

  return listenOnLoopback(server, options).then((listening) => {
    api.url = listening.url;
    api.close = listening.close;
    return api;
  });
}

/** The path without query string or trailing slash. */
function normalizePath(url: string): string {
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** Model ids may contain "/" or be percent-encoded; a malformed escape is looked up as written. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Readiness probe (vLLM has one too): never recorded or affected by behaviour, so probes cannot disturb tests. */
function sendHealth(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/plain", "content-length": 2 });
  res.end("ok");
}

function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    // Mid-stream: the only honest signal left is to drop the connection.
    res.destroy();
    return;
  }
  sendError(res, error instanceof HttpError ? error : new HttpError(500, `Fake server bug: ${error instanceof Error ? error.message : String(error)}`));
}
