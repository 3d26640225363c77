/**
 * The SSRF suite at the node level: the http-request node and the tool node running
 * web_page_to_text, each through the context the engine gives them, refuse every non-public
 * destination with a clear, non-retryable error, and reach an allowed host end to end.
 *
 * server/security/http/guarded-fetch.test.ts proves the guard itself (every range, pinning,
 * DNS rebinding, redirects, limits). This suite proves that nodes and tools actually go through
 * it and turn its refusals into errors a workflow author can act on. No external network: the
 * only server listens on 127.0.0.1, and ".test" names are answered by a played resolver.
 */
import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeError, type NodeExecutionContext } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import { systemResolver, type Resolver } from "@/server/security/http";
import { playedDns, startTestServer, type TestServer } from "@/server/tools/testing/test-http-server";
import { createEngineTools } from "@/server/tools/tool-service";
import { toolDefinition, type ToolConfig } from "../tool/definition";
import { executeTool } from "../tool/execute";
import { httpRequestDefinition, type HttpRequestConfig } from "./definition";
import { executeHttpRequest } from "./execute";

const ALLOWED_HOST = "api.example.test";

let server: TestServer;
let resolve: Resolver;

beforeAll(async () => {
  server = await startTestServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = req.url ?? "/";
    const redirect = /^\/redirect\?to=(.+)$/.exec(path)?.[1];
    if (redirect !== undefined) {
      res.writeHead(302, { location: decodeURIComponent(redirect) }).end();
    } else if (path === "/secret") {
      res.writeHead(200, { "content-type": "text/plain" }).end("internal secret");
    } else {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html><head><title>Public</title></head><body><p>Hello from a public page</p></body></html>");
    }
  });
  const played = playedDns({
    [ALLOWED_HOST]: ["127.0.0.1"],
    "internal.example.test": ["10.0.0.5"],
    "metadata.example.test": ["169.254.169.254"],
    "ula.example.test": ["fd12:3456::1"],
    // One public and one private answer: the connection could use either, so it is refused.
    "rebind.example.test": ["93.184.215.14", "127.0.0.1"],
  });
  // Names the table does not know (localhost) go to the system resolver, as in production.
  resolve = (hostname) => (hostname.endsWith(".test") ? played(hostname) : systemResolver(hostname));
});

afterAll(async () => {
  await server.close();
});

const guardOptions = () => ({ resolve, allowedHosts: [ALLOWED_HOST] });

/** The http-request node, GET `url`. */
function httpRequest(url: string) {
  const { ctx } = createTestContext<HttpRequestConfig>({ definition: httpRequestDefinition, config: { url }, http: guardOptions() });
  return executeHttpRequest(ctx);
}

/** The tool node calling web_page_to_text on `url`, with the tool service bound to the node's ctx.http. */
function webPageTool(url: string) {
  let ctx: NodeExecutionContext<ToolConfig> | undefined;
  const tools = createEngineTools({ http: (target, init) => ctx!.http(target, init) });
  ctx = createTestContext<ToolConfig>({
    definition: toolDefinition,
    config: { tool: "builtin:web_page_to_text", arguments: { url } },
    tools,
    http: guardOptions(),
  }).ctx;
  return executeTool(ctx);
}

async function refusal(promise: Promise<unknown>): Promise<NodeError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the request to be refused");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeError);
  const nodeError = error as NodeError;
  expect(nodeError.retryable, nodeError.message).toBe(false);
  return nodeError;
}

const REFUSED: ReadonlyArray<[url: string, address: string, reason: string]> = [
  ["http://127.0.0.1/", "127.0.0.1", "loopback address"],
  ["http://127.0.0.1:6379/", "127.0.0.1", "loopback address"],
  ["http://localhost/admin", "127.0.0.1|::1", "loopback address"],
  ["http://0.0.0.0/", "0.0.0.0", "unspecified address"],
  ["http://10.1.2.3/", "10.1.2.3", "private network address"],
  ["http://172.16.0.1/", "172.16.0.1", "private network address"],
  ["http://172.31.255.254/", "172.31.255.254", "private network address"],
  ["http://192.168.1.1/router", "192.168.1.1", "private network address"],
  ["http://169.254.1.1/", "169.254.1.1", "link-local address"],
  ["http://169.254.169.254/latest/meta-data/iam/", "169.254.169.254", "cloud metadata service address"],
  ["http://100.100.100.200/latest/meta-data/", "100.100.100.200", "cloud metadata service address"],
  ["http://[fd00:ec2::254]/latest/meta-data/", "fd00:ec2::254", "cloud metadata service address"],
  ["http://[::1]/", "::1", "loopback address"],
  ["http://[fc00::1]/", "fc00::1", "unique local (private) address"],
  ["http://[fd12:3456::1]/", "fd12:3456::1", "unique local (private) address"],
  ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1", "loopback address 127.0.0.1 embedded in an IPv4-mapped IPv6 address"],
  ["http://[::ffff:7f00:1]/", "::ffff:7f00:1", "loopback address 127.0.0.1 embedded in an IPv4-mapped IPv6 address"],
  ["http://[::ffff:169.254.169.254]/", "::ffff:a9fe:a9fe", "cloud metadata service address 169.254.169.254 embedded in an IPv4-mapped IPv6 address"],
  ["http://2130706433/", "127.0.0.1", "loopback address"],
  ["http://0x7f000001/", "127.0.0.1", "loopback address"],
  ["http://0177.0.0.1/", "127.0.0.1", "loopback address"],
  ["http://127.1/", "127.0.0.1", "loopback address"],
  ["http://internal.example.test/api", "10.0.0.5", "private network address"],
  ["http://metadata.example.test/latest/meta-data/", "169.254.169.254", "cloud metadata service address"],
  ["http://ula.example.test/", "fd12:3456::1", "unique local (private) address"],
  ["http://rebind.example.test/", "127.0.0.1", "loopback address"],
];

const escape = (text: string) => text.replace(/[.*+?^${}()[\]\\]/g, "\\$&");
/** The guard's explanation: which address, what kind, for which URL. */
const explanation = (address: string, reason: string) =>
  `Refused to connect to (${address.split("|").map(escape).join("|")}) \\(${escape(reason)}\\) for http://`;

describe("http-request node refuses non-public destinations", () => {
  it.each(REFUSED)("%s → %s (%s)", async (url, address, reason) => {
    const error = await refusal(httpRequest(url));
    expect(error.code).toBe("http_blocked_address");
    expect(error.message).toMatch(new RegExp(`^HTTP request to ${escape(new URL(url).hostname)} was blocked: ${explanation(address, reason)}`));
    expect(error.message).toMatch(/outbound requests may only reach public addresses$/);
  });
});

describe("web_page_to_text (tool node) refuses non-public destinations", () => {
  it.each(REFUSED)("%s → %s (%s)", async (url, address, reason) => {
    const error = await refusal(webPageTool(url));
    expect(error.code).toBe("tool_request_blocked_address");
    expect(error.message).toMatch(new RegExp(`^Tool "web_page_to_text": ${explanation(address, reason)}`));
  });
});

describe("redirects from an allowed host are checked again", () => {
  const targets = (): Array<[string, string, string]> => [
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254", "cloud metadata service address"],
    // The very server the allowed name points to: allowed by name, refused by address.
    [`http://127.0.0.1:${server.port}/secret`, "127.0.0.1", "loopback address"],
    ["http://internal.example.test/admin", "10.0.0.5", "private network address"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1", "loopback address 127.0.0.1 embedded in an IPv4-mapped IPv6 address"],
  ];

  it("http-request refuses every redirect into a private range, and the target is never reached", async () => {
    for (const [target, address, reason] of targets()) {
      const before = server.requests.length;
      const error = await refusal(httpRequest(`http://${ALLOWED_HOST}:${server.port}/redirect?to=${encodeURIComponent(target)}`));
      expect(error.message).toMatch(new RegExp(`^HTTP request to ${escape(ALLOWED_HOST)} was blocked: ${explanation(address, reason)}`));
      expect(server.requests.slice(before).map((r) => r.url)).toEqual([`/redirect?to=${encodeURIComponent(target)}`]);
    }
  });

  it("web_page_to_text refuses them too", async () => {
    for (const [target, address, reason] of targets()) {
      const error = await refusal(webPageTool(`http://${ALLOWED_HOST}:${server.port}/redirect?to=${encodeURIComponent(target)}`));
      expect(error.message).toMatch(new RegExp(`^Tool "web_page_to_text": ${explanation(address, reason)}`));
    }
    expect(server.requests.some((r) => r.url === "/secret")).toBe(false);
  });
});

describe("an allowed host works end to end", () => {
  it("http-request reaches it, following a redirect that stays on it", async () => {
    const { outputs } = await httpRequest(`http://${ALLOWED_HOST}:${server.port}/redirect?to=${encodeURIComponent("/page")}`);
    expect(outputs).toMatchObject({ status_code: 200, body: expect.stringContaining("Hello from a public page") });
    expect(server.requests.at(-1)?.headers.host).toBe(`${ALLOWED_HOST}:${server.port}`);
  });

  it("web_page_to_text reads it", async () => {
    const { outputs } = await webPageTool(`http://${ALLOWED_HOST}:${server.port}/page`);
    expect(outputs.result).toEqual({ url: `http://${ALLOWED_HOST}:${server.port}/page`, title: "Public", text: "Hello from a public page", truncated: false, length: 24 });
  });
});
