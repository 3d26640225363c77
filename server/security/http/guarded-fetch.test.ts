import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createGuardedFetch, createGuardedStream, guardedFetch, guardedStream, OutboundRequestError, parseAllowedHosts, type OutboundRequestErrorCode, type Resolver } from "./index";

// The SSRF suite. No external network: every server listens on 127.0.0.1 or ::1, and host names
// other than "localhost" are answered by an injected resolver (".test" names never resolve).

interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  servername?: string;
}

interface TestServer {
  port: number;
  origin: string;
  requests: RecordedRequest[];
  /** Resolves when the server-side response of the given request index is closed. */
  closed: Array<Promise<void>>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void | Promise<void>;

const servers: Array<http.Server | https.Server> = [];

function listen(server: http.Server | https.Server, handler: Handler, host: string, protocol: "http" | "https"): Promise<TestServer> {
  const state: TestServer = { port: 0, origin: "", requests: [], closed: [] };
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    state.closed.push(new Promise((resolve) => res.on("close", () => resolve())));
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const socket = req.socket as { servername?: string | false };
      state.requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        ...(typeof socket.servername === "string" ? { servername: socket.servername } : {}),
      });
      void handler(req, res, body);
    });
  });
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      state.port = (server.address() as AddressInfo).port;
      state.origin = `${protocol}://${host.includes(":") ? `[${host}]` : host}:${state.port}`;
      resolve(state);
    });
  });
}

function startServer(handler: Handler, host = "127.0.0.1"): Promise<TestServer> {
  return listen(http.createServer(), handler, host, "http");
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

const LOCAL = ["127.0.0.1"];

/** A resolver that plays DNS from a table and records the names it was asked for. */
function fakeDns(table: Record<string, string[] | ((call: number) => string[])>) {
  const calls: string[] = [];
  const resolve = vi.fn<Resolver>(async (hostname) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    const answers = typeof entry === "function" ? entry(calls.filter((h) => h === hostname).length) : entry;
    return answers.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
  });
  return { resolve, calls };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (error: unknown) => error,
  );
}

async function expectOutboundError(promise: Promise<unknown>, code: OutboundRequestErrorCode, message?: string | RegExp): Promise<OutboundRequestError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(OutboundRequestError);
  const outbound = error as OutboundRequestError;
  expect(outbound.code, outbound.message).toBe(code);
  if (message !== undefined) expect(outbound.message).toMatch(message);
  return outbound;
}

const text = (res: http.ServerResponse, body: string, status = 200, headers: http.OutgoingHttpHeaders = {}) => {
  res.writeHead(status, { "content-type": "text/plain", ...headers });
  res.end(body);
};

describe("refuses non-public destinations before connecting", () => {
  it.each([
    ["http://127.0.0.1/", "127.0.0.1 (loopback address)"],
    ["http://127.0.0.1:6379/", "127.0.0.1 (loopback address)"],
    ["https://127.0.0.1:8443/admin", "127.0.0.1 (loopback address)"],
    ["http://127.1/", "127.0.0.1 (loopback address)"],
    ["http://2130706433/", "127.0.0.1 (loopback address)"],
    ["http://0x7f000001/", "127.0.0.1 (loopback address)"],
    ["http://0177.0.0.1/", "127.0.0.1 (loopback address)"],
    ["http://0x7f.1/", "127.0.0.1 (loopback address)"],
    ["http://0.0.0.0/", "0.0.0.0 (unspecified address)"],
    ["http://0/", "0.0.0.0 (unspecified address)"],
    ["http://10.0.0.5/", "10.0.0.5 (private network address)"],
    ["http://172.16.0.1/", "172.16.0.1 (private network address)"],
    ["http://192.168.1.1/", "192.168.1.1 (private network address)"],
    ["http://3232235777/", "192.168.1.1 (private network address)"],
    ["http://100.64.0.1/", "100.64.0.1 (carrier-grade NAT address)"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 (cloud metadata service address)"],
    ["http://0xa9fea9fe/latest/meta-data/", "169.254.169.254 (cloud metadata service address)"],
    ["http://100.100.100.200/latest/meta-data/", "100.100.100.200 (cloud metadata service address)"],
    ["http://224.0.0.1/", "224.0.0.1 (multicast address)"],
    ["http://255.255.255.255/", "255.255.255.255 (broadcast address)"],
    ["http://240.0.0.1/", "240.0.0.1 (reserved address)"],
    ["http://198.18.0.1/", "198.18.0.1 (benchmarking address)"],
    ["http://[::1]/", "::1 (loopback address)"],
    ["http://[0:0:0:0:0:0:0:1]:8080/", "::1 (loopback address)"],
    ["http://[::]/", ":: (unspecified address)"],
    ["http://[fc00::1]/", "fc00::1 (unique local (private) address)"],
    ["http://[fd00:ec2::254]/latest/meta-data/", "fd00:ec2::254 (cloud metadata service address)"],
    ["http://[fe80::1]/", "fe80::1 (link-local address)"],
    ["http://[ff02::1]/", "ff02::1 (multicast address)"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 (loopback address 127.0.0.1 embedded in an IPv4-mapped IPv6 address)"],
    ["http://[::ffff:7f00:1]/", "::ffff:7f00:1 (loopback address 127.0.0.1 embedded in an IPv4-mapped IPv6 address)"],
    ["http://[::ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe (cloud metadata service address 169.254.169.254 embedded in an IPv4-mapped IPv6 address)"],
    ["http://[::ffff:10.0.0.1]/", "::ffff:a00:1 (private network address 10.0.0.1 embedded in an IPv4-mapped IPv6 address)"],
    ["http://[::127.0.0.1]/", "::7f00:1 (loopback address 127.0.0.1 embedded in an IPv4-compatible IPv6 address)"],
    ["http://[64:ff9b::a00:1]/", "64:ff9b::a00:1 (private network address 10.0.0.1 embedded in a NAT64 IPv6 address)"],
    ["http://[64:ff9b::169.254.169.254]/", "64:ff9b::a9fe:a9fe (cloud metadata service address 169.254.169.254 embedded in a NAT64 IPv6 address)"],
    ["http://[2002:7f00:1::]/", "2002:7f00:1:: (loopback address 127.0.0.1 embedded in a 6to4 IPv6 address)"],
    ["http://[2002:a9fe:a9fe::1]/", "2002:a9fe:a9fe::1 (cloud metadata service address 169.254.169.254 embedded in a 6to4 IPv6 address)"],
  ])("%s → %s", async (url, refused) => {
    const dns = fakeDns({});
    const error = await expectOutboundError(createGuardedFetch({ resolve: dns.resolve })(url), "BLOCKED_ADDRESS");
    expect(error.message).toBe(`Refused to connect to ${refused} for ${new URL(url).origin}${new URL(url).pathname} — outbound requests may only reach public addresses`);
    expect(dns.calls).toEqual([]); // a literal IP never goes to DNS
  });

  it("explains the refusal with the address, its class and the URL, without the query string", async () => {
    const dns = fakeDns({ "internal.example": ["10.0.0.5"] });
    const error = await expectOutboundError(createGuardedFetch({ resolve: dns.resolve })("http://internal.example/?token=s3cret#frag"), "BLOCKED_ADDRESS");
    expect(error.message).toBe("Refused to connect to 10.0.0.5 (private network address) for http://internal.example/ — outbound requests may only reach public addresses");
  });

  it("refuses localhost through the system resolver", async () => {
    await expectOutboundError(guardedFetch("http://localhost/"), "BLOCKED_ADDRESS", /\(loopback address\) for http:\/\/localhost\//);
    await expectOutboundError(guardedFetch("http://LOCALHOST:3000/admin"), "BLOCKED_ADDRESS", /loopback address/);
  });

  it.each([
    ["metadata.example", ["169.254.169.254"], "169.254.169.254 (cloud metadata service address)"],
    ["alibaba.example", ["100.100.100.200"], "100.100.100.200 (cloud metadata service address)"],
    ["ula.example", ["fd12::1"], "fd12::1 (unique local (private) address)"],
    ["v6loop.example", ["::1"], "::1 (loopback address)"],
    ["mapped.example", ["::ffff:10.0.0.1"], "::ffff:a00:1 (private network address 10.0.0.1 embedded in an IPv4-mapped IPv6 address)"],
    ["compat.example", ["::127.0.0.1"], "::7f00:1 (loopback address 127.0.0.1 embedded in an IPv4-compatible IPv6 address)"],
    ["nat64.example", ["64:ff9b::192.168.0.1"], "64:ff9b::c0a8:1 (private network address 192.168.0.1 embedded in a NAT64 IPv6 address)"],
    ["weird.example", ["2130706433"], "127.0.0.1 (loopback address)"],
    // Every answer must pass: the connection could use any of them.
    ["mixed.example", ["93.184.215.14", "10.0.0.5"], "10.0.0.5 (private network address)"],
    ["mixed6.example", ["2606:4700::1", "fe80::1"], "fe80::1 (link-local address)"],
  ])("refuses %s resolving to %j", async (hostname, answers, refused) => {
    const dns = fakeDns({ [hostname]: answers });
    await expectOutboundError(createGuardedFetch({ resolve: dns.resolve })(`https://${hostname}/v1`), "BLOCKED_ADDRESS", `Refused to connect to ${refused} for https://${hostname}/v1`);
    expect(dns.calls).toEqual([hostname]);
  });

  it.each(["file:///etc/passwd", "ftp://example.com/file", "data:text/plain,hello", "gopher://example.com:70/_GET", "javascript:alert(1)", "ws://example.com/", "dict://127.0.0.1:6379/info"])(
    "rejects the scheme of %s",
    async (url) => {
      const dns = fakeDns({});
      await expectOutboundError(createGuardedFetch({ resolve: dns.resolve })(url), "BAD_URL", /Only http:\/\/ and https:\/\/ URLs can be fetched, not [a-z]+: URLs/);
      expect(dns.calls).toEqual([]);
    },
  );

  it("rejects malformed URLs and URLs with credentials", async () => {
    await expectOutboundError(guardedFetch("not a url"), "BAD_URL", '"not a url" is not a valid URL');
    await expectOutboundError(guardedFetch("http://999.1.1.1/"), "BAD_URL");
    await expectOutboundError(guardedFetch("http://user:pass@example.com/"), "BAD_URL", /user name or password/);
  });
});

describe("DNS", () => {
  it("reports names that do not resolve", async () => {
    const dns = fakeDns({ "empty.test": [] });
    const fetch = createGuardedFetch({ resolve: dns.resolve });
    await expectOutboundError(fetch("http://missing.test/"), "DNS_FAILED", "Could not resolve missing.test for http://missing.test/: the host name does not exist");
    await expectOutboundError(fetch("http://empty.test/"), "DNS_FAILED", /no addresses found/);
  });

  it("gives up on a resolver that does not answer within connectTimeoutMs", async () => {
    const fetch = createGuardedFetch({ resolve: () => new Promise(() => {}) });
    await expectOutboundError(fetch("http://slow-dns.test/", { connectTimeoutMs: 50 }), "TIMEOUT", "Looking up slow-dns.test for http://slow-dns.test/ took longer than 50 ms");
  });
});

describe("allowed hosts", () => {
  it("reaches a private address listed by IP", async () => {
    const server = await startServer((_req, res) => text(res, "hello"));
    const res = await guardedFetch(`${server.origin}/x`, { allowedHosts: LOCAL });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${server.origin}/x`);
    expect(res.redirected).toBe(false);
    expect(await res.text()).toBe("hello");
  });

  it("reaches a private address through an allowed host name, as INFERENCE_ALLOWED_HOSTS would list it", async () => {
    const server = await startServer((_req, res) => text(res, "model"));
    const dns = fakeDns({ "vllm.internal": ["127.0.0.1"] });
    const fetch = createGuardedFetch({ resolve: dns.resolve });
    const res = await fetch(`http://VLLM.internal:${server.port}/v1/models`, { allowedHosts: parseAllowedHosts("other, vllm.internal") });
    expect(await res.text()).toBe("model");
    expect(server.requests[0]?.headers.host).toBe(`vllm.internal:${server.port}`);
  });

  it("reaches a private address inside an allowed CIDR range", async () => {
    const server = await startServer((_req, res) => text(res, "ok"));
    const dns = fakeDns({ "svc.internal": ["127.0.0.1"] });
    const res = await createGuardedFetch({ resolve: dns.resolve })(`http://svc.internal:${server.port}/`, { allowedHosts: ["127.0.0.0/8"] });
    expect(await res.text()).toBe("ok");
  });

  it("covers only what is listed", async () => {
    const dns = fakeDns({ "other.internal": ["127.0.0.1"], "vllm.internal.evil.test": ["10.0.0.2"] });
    const fetch = createGuardedFetch({ resolve: dns.resolve });
    await expectOutboundError(fetch("http://other.internal/", { allowedHosts: ["vllm.internal"] }), "BLOCKED_ADDRESS");
    await expectOutboundError(fetch("http://vllm.internal.evil.test/", { allowedHosts: ["vllm.internal"] }), "BLOCKED_ADDRESS");
    await expectOutboundError(fetch("http://127.0.0.1/", { allowedHosts: ["10.0.0.0/8"] }), "BLOCKED_ADDRESS");
    await expectOutboundError(fetch("http://[::1]/", { allowedHosts: LOCAL }), "BLOCKED_ADDRESS");
  });
});

describe("guardedStream (model token streams)", () => {
  const post = { method: "POST", headers: { "content-type": "application/json" }, body: "{}" };

  it("refuses private and rebinding destinations like guardedFetch, before connecting", async () => {
    const server = await startServer((_req, res) => text(res, "secret"));
    await expectOutboundError(guardedStream(`${server.origin}/v1/chat/completions`, post), "BLOCKED_ADDRESS");
    const dns = fakeDns({ "model.example.test": ["10.1.2.3"] });
    await expectOutboundError(createGuardedStream({ resolve: dns.resolve })("http://model.example.test/v1/chat/completions", post), "BLOCKED_ADDRESS");
    await expectOutboundError(guardedStream("file:///etc/passwd", post), "BAD_URL");
    expect(server.requests).toHaveLength(0);
  });

  it("streams an allowed host's body as it is written, and hands a redirect back unfollowed", async () => {
    const server = await startServer((req, res) => {
      if (req.url === "/moved") return void res.writeHead(307, { location: "http://10.0.0.1/" }).end();
      res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "r1" });
      res.write("data: one\n\n");
      setTimeout(() => res.end("data: two\n\n"), 20);
    });
    const response = await guardedStream(`${server.origin}/stream`, { ...post, allowedHosts: LOCAL });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("r1");
    const chunks: string[] = [];
    for await (const chunk of response.body) chunks.push(String(chunk));
    expect(chunks.join("")).toBe("data: one\n\ndata: two\n\n");
    expect(server.requests[0]).toMatchObject({ method: "POST", body: "{}" });

    const moved = await guardedStream(`${server.origin}/moved`, { ...post, allowedHosts: LOCAL });
    expect(moved.status).toBe(307);
    moved.body.destroy();
    expect(server.requests).toHaveLength(2);
  });

  it("stops when the caller aborts", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: first\n\n");
    });
    const abort = new AbortController();
    const response = await guardedStream(`${server.origin}/`, { ...post, allowedHosts: LOCAL, signal: abort.signal });
    abort.abort();
    await expect(rejection((async () => { for await (const chunk of response.body) void chunk; })())).resolves.toBeInstanceOf(Error);
  });
});

describe("connection pinning", () => {
  it("connects to the address it checked, without asking DNS again (DNS rebinding)", async () => {
    const server = await startServer((_req, res) => text(res, "first answer"));
    // A rebinding name: a harmless answer for the check, then a private one for anyone asking later.
    const dns = fakeDns({ "rebind.test": (call) => (call === 1 ? ["127.0.0.1"] : ["10.0.0.1"]) });
    const fetch = createGuardedFetch({ resolve: dns.resolve });

    const res = await fetch(`http://rebind.test:${server.port}/`, { allowedHosts: ["127.0.0.0/8"], connectTimeoutMs: 2000 });
    expect(await res.text()).toBe("first answer");
    expect(dns.calls).toEqual(["rebind.test"]); // one lookup; ".test" is unknown to the system resolver, so undici used ours
    expect(server.requests[0]?.headers.host).toBe(`rebind.test:${server.port}`);

    // The next request sees the rebound answer and is refused before connecting.
    await expectOutboundError(fetch(`http://rebind.test:${server.port}/`, { allowedHosts: ["127.0.0.0/8"] }), "BLOCKED_ADDRESS", /10\.0\.0\.1 \(private network address\)/);
    expect(server.requests).toHaveLength(1);
  });

  describe("over HTTPS", () => {
    let dir = "";
    let key = "";
    let cert = "";
    const haveOpenssl = (() => {
      try {
        execFileSync("openssl", ["version"], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    })();

    beforeAll(() => {
      if (!haveOpenssl) return;
      dir = mkdtempSync(path.join(tmpdir(), "guarded-fetch-tls-"));
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=secure.test", "-addext", "subjectAltName=DNS:secure.test", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
        { stdio: "ignore" },
      );
      key = readFileSync(path.join(dir, "key.pem"), "utf8");
      cert = readFileSync(path.join(dir, "cert.pem"), "utf8");
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it.skipIf(!haveOpenssl)("keeps SNI, Host and certificate checks on the host name while connecting to the pinned IP", async () => {
      const server = await listen(https.createServer({ key, cert }), (_req, res) => text(res, "secure"), "127.0.0.1", "https");
      const dns = fakeDns({ "secure.test": ["127.0.0.1"], "impostor.test": ["127.0.0.1"] });
      const fetch = createGuardedFetch({ resolve: dns.resolve, ca: cert });

      const res = await fetch(`https://secure.test:${server.port}/`, { allowedHosts: ["secure.test", "impostor.test"] });
      expect(await res.text()).toBe("secure");
      expect(server.requests[0]?.servername).toBe("secure.test");
      expect(server.requests[0]?.headers.host).toBe(`secure.test:${server.port}`);

      // Same IP, other name: the certificate is checked against the name, not the address.
      await expectOutboundError(fetch(`https://impostor.test:${server.port}/`, { allowedHosts: ["impostor.test"] }), "CONNECT_FAILED", /impostor\.test/);
    });
  });
});

describe("redirects", () => {
  /** A server on 127.0.0.1 that redirects /go?to=<url> and counts hops on /loop. */
  async function redirector(status = 302) {
    return startServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/go") text(res, "", status, { location: url.searchParams.get("to") ?? "/" });
      else if (url.pathname === "/loop") text(res, "", 302, { location: "/loop" });
      else text(res, `landed on ${url.pathname}`);
    });
  }

  it("follows a redirect within allowed destinations and reports where it landed", async () => {
    const server = await redirector();
    const res = await guardedFetch(`${server.origin}/go?to=/final`, { allowedHosts: LOCAL });
    expect(await res.text()).toBe("landed on /final");
    expect(res.url).toBe(`${server.origin}/final`);
    expect(res.redirected).toBe(true);
  });

  it.each([
    ["http://10.0.0.1/", "10.0.0.1 (private network address) for http://10.0.0.1/"],
    ["http://169.254.169.254/latest/meta-data/iam/", "169.254.169.254 (cloud metadata service address)"],
    ["http://[::ffff:169.254.169.254]/", "embedded in an IPv4-mapped IPv6 address"],
    ["http://2130706433:9/", "127.0.0.1 (loopback address)"],
    ["http://internal.test/", "192.168.0.10 (private network address) for http://internal.test/"],
  ])("refuses a redirect from an allowed server to %s", async (target, refused) => {
    const server = await redirector();
    // The first server is allowed by host name only, so every redirect target is judged on its own.
    const dns = fakeDns({ "first.test": ["127.0.0.1"], "internal.test": ["192.168.0.10"] });
    const fetch = createGuardedFetch({ resolve: dns.resolve });
    await expectOutboundError(fetch(`http://first.test:${server.port}/go?to=${encodeURIComponent(target)}`, { allowedHosts: ["first.test"] }), "BLOCKED_ADDRESS", refused);
    expect(server.requests).toHaveLength(1);
  });

  it("refuses a redirect to 10.0.0.1 from a server allowed by IP (127.0.0.1)", async () => {
    const server = await redirector();
    await expectOutboundError(guardedFetch(`${server.origin}/go?to=http://10.0.0.1/`, { allowedHosts: LOCAL }), "BLOCKED_ADDRESS", "Refused to connect to 10.0.0.1 (private network address) for http://10.0.0.1/");
  });

  it("refuses a redirect to [::1] even though the first server (127.0.0.1) was allowed", async (ctx) => {
    let v6: TestServer;
    try {
      v6 = await startServer((_req, res) => text(res, "IPv6 loopback reached"), "::1");
    } catch {
      ctx.skip();
      return;
    }
    const server = await redirector(307);
    await expectOutboundError(guardedFetch(`${server.origin}/go?to=${encodeURIComponent(`${v6.origin}/`)}`, { allowedHosts: LOCAL }), "BLOCKED_ADDRESS", `Refused to connect to ::1 (loopback address) for ${v6.origin}/`);
    expect(v6.requests).toHaveLength(0);
  });

  it("refuses a redirect to another scheme", async () => {
    const server = await redirector();
    await expectOutboundError(guardedFetch(`${server.origin}/go?to=${encodeURIComponent("file:///etc/passwd")}`, { allowedHosts: LOCAL }), "BAD_URL", /not file: URLs/);
  });

  it("stops after maxRedirects hops", async () => {
    const server = await redirector();
    await expectOutboundError(guardedFetch(`${server.origin}/loop`, { allowedHosts: LOCAL, maxRedirects: 3 }), "TOO_MANY_REDIRECTS", /after 3 redirects; giving up/);
    expect(server.requests).toHaveLength(4);
    await expectOutboundError(guardedFetch(`${server.origin}/go?to=/x`, { allowedHosts: LOCAL, maxRedirects: 0 }), "TOO_MANY_REDIRECTS");
  });

  it("follows at most 5 redirects by default", async () => {
    const server = await redirector();
    await expectOutboundError(guardedFetch(`${server.origin}/loop`, { allowedHosts: LOCAL }), "TOO_MANY_REDIRECTS", /after 5 redirects/);
    expect(server.requests).toHaveLength(6);
  });

  it("honours redirect: 'manual' and 'error'", async () => {
    const server = await redirector();
    const res = await guardedFetch(`${server.origin}/go?to=http://10.0.0.1/`, { allowedHosts: LOCAL, redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://10.0.0.1/");
    await expectOutboundError(guardedFetch(`${server.origin}/go?to=/x`, { allowedHosts: LOCAL, redirect: "error" }), "TOO_MANY_REDIRECTS", /does not follow redirects/);
  });

  it("drops credentials when a redirect leaves the origin, keeps them within it", async () => {
    const target = await startServer((_req, res) => text(res, "target"));
    const origin = await redirector();
    const dns = fakeDns({ "second.test": ["127.0.0.1"] });
    const fetch = createGuardedFetch({ resolve: dns.resolve });
    const headers = { authorization: "Bearer sk-secret", cookie: "session=1", "x-api-key": "sk-ant", "api-key": "azure", "x-goog-api-key": "g", "x-trace": "kept" };

    await fetch(`${origin.origin}/go?to=${encodeURIComponent(`http://second.test:${target.port}/`)}`, { allowedHosts: LOCAL, headers }).then((r) => r.text());
    const crossOrigin = target.requests[0]?.headers ?? {};
    expect(crossOrigin["x-trace"]).toBe("kept");
    for (const name of ["authorization", "cookie", "x-api-key", "api-key", "x-goog-api-key"]) expect(crossOrigin[name], name).toBeUndefined();

    await fetch(`${origin.origin}/go?to=/same`, { allowedHosts: LOCAL, headers: new Headers(headers) }).then((r) => r.text());
    expect(origin.requests.at(-1)?.headers.authorization).toBe("Bearer sk-secret");
    expect(origin.requests.at(-1)?.url).toBe("/same");
  });

  it("turns POST into GET on 303 and keeps method and body on 307", async () => {
    const see = await redirector(303);
    await guardedFetch(`${see.origin}/go?to=/after`, { allowedHosts: LOCAL, method: "POST", body: JSON.stringify({ a: 1 }), headers: { "content-type": "application/json" } }).then((r) => r.text());
    expect(see.requests[1]).toMatchObject({ method: "GET", url: "/after", body: "" });
    expect(see.requests[1]?.headers["content-type"]).toBeUndefined();

    const temp = await redirector(307);
    await guardedFetch(`${temp.origin}/go?to=/after`, { allowedHosts: LOCAL, method: "POST", body: JSON.stringify({ a: 1 }), headers: { "content-type": "application/json" } }).then((r) => r.text());
    expect(temp.requests[1]).toMatchObject({ method: "POST", url: "/after", body: '{"a":1}' });
  });

  it("hands back a 307 it cannot follow because the streamed body is already sent", async () => {
    const temp = await redirector(307);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("streamed"));
        controller.close();
      },
    });
    const res = await guardedFetch(`${temp.origin}/go?to=/after`, { allowedHosts: LOCAL, method: "POST", body });
    expect(res.status).toBe(307);
    expect(temp.requests).toHaveLength(1);
    expect(temp.requests[0]?.body).toBe("streamed");
  });
});

describe("response size cap", () => {
  /** Streams 1 KiB chunks until the client goes away. */
  async function endlessServer() {
    return startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(1024, 120);
      const timer = setInterval(() => res.write(chunk), 2);
      res.on("close", () => clearInterval(timer));
    });
  }

  it("cuts a stream that exceeds maxResponseBytes and closes the connection", async () => {
    const server = await endlessServer();
    const res = await guardedFetch(server.origin, { allowedHosts: LOCAL, maxResponseBytes: 10_000 });
    await expectOutboundError(res.arrayBuffer(), "RESPONSE_TOO_LARGE", `${server.origin}/ sent more than 9.8 KiB; the response was cut off at the limit`);
    await server.closed[0]; // the upstream connection was released, not left streaming
  });

  it("refuses up front when Content-Length is over the cap", async () => {
    const server = await startServer((_req, res) => text(res, "x".repeat(20_000), 200, { "content-length": 20_000 }));
    await expectOutboundError(guardedFetch(server.origin, { allowedHosts: LOCAL, maxResponseBytes: 10_000 }), "RESPONSE_TOO_LARGE", /sent 19\.5 KiB, more than the 9\.8 KiB limit/);
  });

  it("accepts a body of exactly the cap", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write("x".repeat(6_000));
      res.end("y".repeat(4_000));
    });
    const res = await guardedFetch(server.origin, { allowedHosts: LOCAL, maxResponseBytes: 10_000 });
    expect((await res.text()).length).toBe(10_000);
  });

  it("defaults to 10 MiB, and Infinity lifts the cap", async () => {
    const size = 10 * 1024 * 1024 + 1;
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(size, 97));
    });
    const capped = await guardedFetch(server.origin, { allowedHosts: LOCAL });
    await expectOutboundError(capped.arrayBuffer(), "RESPONSE_TOO_LARGE", /sent more than 10 MiB/);
    const res = await guardedFetch(server.origin, { allowedHosts: LOCAL, maxResponseBytes: Infinity });
    expect((await res.arrayBuffer()).byteLength).toBe(size);
  });
});

describe("time limits", () => {
  it("stops a request whose server never answers", async () => {
    const server = await startServer(() => {}); // accepts, never responds
    const started = Date.now();
    await expectOutboundError(guardedFetch(`${server.origin}/hang`, { allowedHosts: LOCAL, timeoutMs: 200 }), "TIMEOUT", `${server.origin}/hang did not finish within 200 ms; the request was stopped`);
    expect(Date.now() - started).toBeLessThan(2000);
    await server.closed[0];
  });

  it("keeps the total deadline running while the body streams", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write("tick\n"), 50);
      res.on("close", () => clearInterval(timer));
    });
    const res = await guardedFetch(server.origin, { allowedHosts: LOCAL, timeoutMs: 300 });
    expect(res.status).toBe(200);
    await expectOutboundError(res.text(), "TIMEOUT", /did not finish within 300 ms/);
    await server.closed[0];
  });

  it("passes the caller's abort through as an AbortError", async () => {
    const server = await startServer(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(guardedFetch(server.origin, { allowedHosts: LOCAL, signal: controller.signal }));
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");

    const already = AbortSignal.abort();
    expect(await rejection(guardedFetch(server.origin, { allowedHosts: LOCAL, signal: already }))).toBe(already.reason);
  });
});

describe("streaming", () => {
  it("hands over chunks as the server sends them (SSE)", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write('data: {"delta":"Hel"}\n\n');
      await released; // the second event is only sent once the client has read the first
      res.write('data: {"delta":"lo"}\n\n');
      res.end("data: [DONE]\n\n");
    });

    const res = await guardedFetch(`${server.origin}/v1/chat/completions`, { allowedHosts: LOCAL, method: "POST", body: "{}", maxResponseBytes: Infinity, timeoutMs: 0 });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe('data: {"delta":"Hel"}\n\n');
    release();
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += chunk.value;
    expect(rest).toBe('data: {"delta":"lo"}\n\ndata: [DONE]\n\n');
  });

  it("lets the consumer cancel a stream, which releases the connection", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write("data: x\n\n"), 10);
      res.on("close", () => clearInterval(timer));
    });
    const res = await guardedFetch(server.origin, { allowedHosts: LOCAL, maxResponseBytes: Infinity, timeoutMs: 0 });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await server.closed[0];
  });
});

describe("requests and responses", () => {
  it("sends FormData, URLSearchParams and JSON bodies as fetch would", async () => {
    const server = await startServer((_req, res) => text(res, "ok"));
    const form = new FormData();
    form.append("field", "value");
    form.append("file", new Blob(["file body"], { type: "text/plain" }), "a.txt");
    await guardedFetch(server.origin, { allowedHosts: LOCAL, method: "POST", body: form }).then((r) => r.text());
    await guardedFetch(server.origin, { allowedHosts: LOCAL, method: "POST", body: new URLSearchParams({ q: "a b" }) }).then((r) => r.text());

    const [multipart, urlencoded] = server.requests;
    expect(multipart?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(multipart?.body).toContain('name="field"\r\n\r\nvalue');
    expect(multipart?.body).toContain("file body");
    expect(urlencoded?.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(urlencoded?.body).toBe("q=a+b");
  });

  it("returns bodiless responses and every response header", async () => {
    const server = await startServer((req, res) => {
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      if (req.method === "HEAD") text(res, "ignored");
      else text(res, "", 204);
    });
    const empty = await guardedFetch(server.origin, { allowedHosts: LOCAL });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(empty.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const head = await guardedFetch(server.origin, { allowedHosts: LOCAL, method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("reports a refused connection", async () => {
    const server = await startServer(() => {});
    const { port } = server;
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    await expectOutboundError(guardedFetch(`http://127.0.0.1:${port}/`, { allowedHosts: LOCAL }), "CONNECT_FAILED", new RegExp(`Request to http://127\\.0\\.0\\.1:${port}/ failed: .*ECONNREFUSED`));
  });

  it("rejects invalid options", async () => {
    await expect(guardedFetch("http://example.com/", { maxRedirects: -1 })).rejects.toThrow(RangeError);
    await expect(guardedFetch("http://example.com/", { maxResponseBytes: 0 })).rejects.toThrow(RangeError);
    await expect(guardedFetch("http://example.com/", { timeoutMs: Number.NaN })).rejects.toThrow(RangeError);
  });
});
