/**
 * A real MCP server (built with the SDK) on loopback for tests: Streamable HTTP at /mcp
 * (stateless) and the older HTTP+SSE transport at /sse + /messages. It offers `add` and `echo`
 * and, when `requiredHeader` is set, refuses requests without that header with 401.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

export interface TestMcpServer {
  origin: string;
  /** Tool calls received, in order. */
  calls: { name: string; args: Record<string, unknown> }[];
  close(): Promise<void>;
}

function buildServer(calls: TestMcpServer["calls"]): McpServer {
  const server = new McpServer({ name: "test-mcp", version: "1.0.0" });
  server.registerTool("add", { description: "Adds two numbers", inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => {
    calls.push({ name: "add", args: { a, b } });
    return { content: [{ type: "text", text: String(a + b) }] };
  });
  server.registerTool("echo", { description: "Echoes a message", inputSchema: { message: z.string() } }, async ({ message }) => {
    calls.push({ name: "echo", args: { message } });
    if (message === "fail") return { isError: true, content: [{ type: "text", text: "echo refuses to fail" }] };
    return { content: [{ type: "text", text: `echo: ${message}` }] };
  });
  return server;
}

export function startTestMcpServer(options: { requiredHeader?: { name: string; value: string }; sseOnly?: boolean } = {}): Promise<TestMcpServer> {
  const calls: TestMcpServer["calls"] = [];
  const sseSessions = new Map<string, SSEServerTransport>();
  const httpServer = http.createServer((req, res) => {
    void (async () => {
      const required = options.requiredHeader;
      if (required && req.headers[required.name.toLowerCase()] !== required.value) {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "missing header" }));
        return;
      }
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname === "/mcp" && !options.sseOnly) {
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
        const server = buildServer(calls);
        res.on("close", () => void server.close());
        await server.connect(transport);
        await transport.handleRequest(req, res);
        return;
      }
      if (url.pathname === "/sse" && req.method === "GET") {
        const transport = new SSEServerTransport("/messages", res);
        sseSessions.set(transport.sessionId, transport);
        res.on("close", () => sseSessions.delete(transport.sessionId));
        await buildServer(calls).connect(transport);
        return;
      }
      if (url.pathname === "/messages" && req.method === "POST") {
        const transport = sseSessions.get(url.searchParams.get("sessionId") ?? "");
        if (!transport) {
          res.writeHead(404).end("unknown session");
          return;
        }
        await transport.handlePostMessage(req, res);
        return;
      }
      res.writeHead(404).end("not found");
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  return new Promise((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(0, "127.0.0.1", () => {
      const { port } = httpServer.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        calls,
        close: () =>
          new Promise<void>((done) => {
            httpServer.closeAllConnections();
            httpServer.close(() => done());
          }),
      });
    });
  });
}
