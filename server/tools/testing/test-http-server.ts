/**
 * Real HTTP servers on loopback and a played DNS for tests of code that reaches the network
 * through the SSRF guard (http-request node, tools). Nothing here touches the internet.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Resolver } from "@/server/security/http";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type TestHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void | Promise<void>;

/** Starts a server on 127.0.0.1 that records every request and answers with `handler`. */
export function startTestServer(handler: TestHandler): Promise<TestServer> {
  const server = http.createServer();
  const requests: RecordedRequest[] = [];
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      void Promise.resolve(handler(req, res, body)).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        port,
        origin: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A resolver answering from `table` (name → addresses); other names do not exist. */
export function playedDns(table: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const answers = table[hostname.toLowerCase()];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return answers.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
  };
}
