/**
 * Serves Next.js route handlers (app/api/**) from a plain node:http server, for integration
 * tests and benchmarks that want real HTTP (real clients such as the `openai` package, SSE,
 * disconnects) without a Next build. Only the handler code is exercised, not Next's routing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";

type Params = Record<string, string>;
/** `Promise<never>` so that any route's own params type fits (each handler knows its names). */
type Handler = (req: Request, context: { params: Promise<never> }) => Promise<Response> | Response;

export interface RouteDef {
  method: string;
  /** Path with `[name]` segments, e.g. `/api/v1/conversations/[conversationId]`. */
  path: string;
  handler: Handler;
}

function matcher(path: string): (pathname: string) => Params | null {
  const names: string[] = [];
  const source = path.replace(/[.*+?^${}()|\\]/g, "\\$&").replace(/\\?\[(\w+)\\?\]/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const regex = new RegExp(`^${source}$`);
  return (pathname) => {
    const match = regex.exec(pathname);
    if (!match) return null;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
  };
}

async function toRequest(req: IncomingMessage, base: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal,
    // Required by undici for a streamed request body.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  res.once("close", () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } catch {
    // The client went away mid-stream.
  }
  res.end();
}

export async function serveRoutes(routes: RouteDef[]): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const compiled = routes.map((route) => ({ ...route, match: matcher(route.path) }));
  const server = createServer((req, res) => {
    const abort = new AbortController();
    res.once("close", () => abort.abort());
    void (async () => {
      const pathname = new URL(req.url ?? "/", "http://x").pathname;
      for (const route of compiled) {
        const params = route.method === req.method ? route.match(pathname) : null;
        if (!params) continue;
        const request = await toRequest(req, `http://${req.headers.host ?? "localhost"}`, abort.signal);
        return send(res, await route.handler(request, { params: Promise.resolve(params) as Promise<never> }));
      }
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "no route", type: "not_found_error", code: "not_found", param: null } }));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
