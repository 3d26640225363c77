import { afterEach, describe, expect, it } from "vitest";
import { createGuardedFetch, type GuardedFetch } from "../../security/http";
import { startTestServer, type TestHandler, type TestServer } from "../testing/test-http-server";
import { ToolError } from "../builtin-tool";
import { webPageToTextTool } from "./web-page-to-text";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: TestHandler): Promise<TestServer> {
  const server = await startTestServer(handler);
  servers.push(server);
  return server;
}

const guarded = createGuardedFetch();
// The loopback test server is allowed; every other guard check stays on.
const http: GuardedFetch = (url, init) => guarded(url, { ...init, allowedHosts: ["127.0.0.1"] });
const read = (args: Record<string, unknown>) => webPageToTextTool.run(webPageToTextTool.parameters.parse(args), { http, signal: new AbortController().signal });

const page = (body: string | Buffer, contentType = "text/html; charset=utf-8", status = 200): TestHandler => (_req, res) => {
  res.writeHead(status, { "content-type": contentType });
  res.end(body);
};

const ARTICLE = `<!doctype html><html><head><title>Tea &amp; Coffee</title><style>p{color:red}</style><script>alert("x")</script></head>
<body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<h1>Brewing guide</h1><p>Use <a href="https://example.com/water">fresh water</a> at 90&deg;C.</p><img src="cup.png" alt="cup">
<ul><li>Green tea: 2 min</li><li>Black tea: 4 min</li></ul>
<table><tr><th>Tea</th><th>Grams</th></tr><tr><td>Green</td><td>3</td></tr></table>
<footer>© 2026</footer></body></html>`;

describe("web_page_to_text", () => {
  it("returns the readable text and title of an HTML page, without markup, scripts or navigation", async () => {
    const server = await serve(page(ARTICLE));
    const result = await read({ url: `${server.origin}/guide` });
    expect(result).toMatchObject({ url: `${server.origin}/guide`, title: "Tea & Coffee", truncated: false });
    expect(result.text).toBe("Brewing guide\n\nUse fresh water at 90°C.\n\n * Green tea: 2 min\n * Black tea: 4 min\n\nTea     Grams\nGreen   3");
    expect(result.length).toBe(result.text.length);
    expect(server.requests[0]?.headers.accept).toMatch(/^text\/html/);
  });

  it("returns plain text pages as they are", async () => {
    const server = await serve(page("line one\nline two\n", "text/plain"));
    expect(await read({ url: server.origin })).toMatchObject({ title: null, text: "line one\nline two" });
  });

  it("decodes pages in their declared charset (GBK pages are common in Chinese)", async () => {
    // "中文网页" in GBK.
    const gbk = Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xcd, 0xf8, 0xd2, 0xb3]);
    const server = await serve((req, res) => {
      res.writeHead(200, { "content-type": req.url === "/meta" ? "text/html" : "text/html; charset=GBK" });
      res.end(Buffer.concat([Buffer.from(req.url === "/meta" ? '<html><head><meta charset="gbk"></head><body><p>' : "<p>"), gbk, Buffer.from("</p>")]));
    });
    expect((await read({ url: `${server.origin}/header` })).text).toBe("中文网页");
    expect((await read({ url: `${server.origin}/meta` })).text).toBe("中文网页");
  });

  it("cuts the text at maxLength and says so", async () => {
    const server = await serve(page(`<p>${"word ".repeat(100)}</p>`));
    const result = await read({ url: server.origin, maxLength: 100 });
    expect(result.text).toHaveLength(100);
    expect(result).toMatchObject({ truncated: true, length: 499 });
  });

  it("refuses content that is not a web page", async () => {
    const server = await serve(page("%PDF-1.7", "application/pdf"));
    await expect(read({ url: `${server.origin}/file.pdf` })).rejects.toThrow(
      new ToolError(`${server.origin}/file.pdf is not a web page (its content type is application/pdf); only HTML and plain text can be read`),
    );
  });

  it("reports error statuses, retryable only when a retry may help", async () => {
    const server = await serve((req, res) => page("nope", "text/html", req.url === "/busy" ? 503 : 404)(req, res, ""));
    const missing = await read({ url: `${server.origin}/gone` }).catch((e: unknown) => e);
    expect(missing).toEqual(new ToolError(`${server.origin}/gone answered HTTP 404 Not Found`));
    expect((missing as ToolError).retryable).toBe(false);
    const busy = await read({ url: `${server.origin}/busy` }).catch((e: unknown) => e);
    expect((busy as ToolError).retryable).toBe(true);
  });

  it("accepts only http(s) URLs and bounded lengths", () => {
    expect(webPageToTextTool.parameters.safeParse({ url: "file:///etc/passwd" }).error?.issues[0]?.message).toBe("Give an http:// or https:// URL");
    expect(webPageToTextTool.parameters.safeParse({ url: "https://example.com", maxLength: 10 }).success).toBe(false);
    expect(webPageToTextTool.parameters.parse({ url: " https://example.com/a " })).toEqual({ url: "https://example.com/a", maxLength: 10_000 });
  });
});
