import { afterEach, describe, expect, it } from "vitest";
import { NodeError } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import { startTestServer, type TestHandler, type TestServer } from "@/server/tools/testing/test-http-server";
import { httpRequestDefinition, type HttpRequestConfig } from "./definition";
import { executeHttpRequest } from "./execute";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: TestHandler): Promise<TestServer> {
  const server = await startTestServer(handler);
  servers.push(server);
  return server;
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): TestHandler => (_req, res) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
};

function run(config: Record<string, unknown>, values: Record<string, unknown> = {}, signal?: AbortSignal) {
  const test = createTestContext<HttpRequestConfig>({
    definition: httpRequestDefinition,
    config,
    values,
    signal,
    http: { allowedHosts: ["127.0.0.1"] },
  });
  return { test, result: executeHttpRequest(test.ctx) };
}

async function failure(promise: Promise<unknown>): Promise<NodeError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the node to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

describe("http-request: the request it sends", () => {
  it("encodes rendered values that go into the query string, keeps the rest of the URL as rendered", async () => {
    const server = await serve(json(200, { ok: true }));
    const { result } = run(
      {
        url: "{{start.base}}/search/{{start.section}}?q={{start.q}}&page=2",
        query: [{ key: "lang", value: "{{start.lang}}" }, { key: "", value: "ignored" }, { key: "empty", value: "" }],
      },
      { start: { base: server.origin, section: "books", q: "a&b=c d#x", lang: "zh CN/简" } },
    );
    await result;
    expect(server.requests[0]?.url).toBe("/search/books?q=a%26b%3Dc%20d%23x&page=2&lang=zh%20CN%2F%E7%AE%80&empty=");
  });

  it("returns status, headers, body and parsed JSON", async () => {
    const server = await serve(json(201, { id: 7, tags: ["a"] }, { "x-request-id": "r1" }));
    const { result, test } = run({ method: "POST", url: `${server.origin}/items` });
    const { outputs } = await result;
    expect(outputs.status_code).toBe(201);
    expect(outputs.body).toBe('{"id":7,"tags":["a"]}');
    expect(outputs.json).toEqual({ id: 7, tags: ["a"] });
    expect(outputs.headers).toMatchObject({ "content-type": "application/json", "x-request-id": "r1" });
    expect(test.logs).toEqual([{ level: "info", message: expect.stringMatching(new RegExp(`^POST ${server.origin}/items → 201 in \\d+ ms$`)) }]);
  });

  it("gives json null when the body is not a JSON object or array", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/text") res.writeHead(200, { "content-type": "text/plain" }).end("{ not json");
      else res.writeHead(200, { "content-type": "application/json" }).end("42");
    });
    expect((await run({ url: `${server.origin}/text` }).result).outputs).toMatchObject({ body: "{ not json", json: null });
    expect((await run({ url: `${server.origin}/number` }).result).outputs).toMatchObject({ body: "42", json: null });
  });

  it("sends a JSON body whose values are escaped inside strings and inserted as JSON outside them", async () => {
    const server = await serve(json(200, {}));
    const { result } = run(
      {
        method: "POST",
        url: `${server.origin}/chat`,
        body: {
          type: "json",
          content: '{\n  "q": "Question: {{start.q}}",\n  "n": {{start.n}},\n  "filter": {{start.filter}},\n  "name": {{start.name}},\n  "missing": {{start.none}},\n  "escaped": "\\"{{start.n}}\\""\n}',
        },
      },
      { start: { q: 'say "hi"\nthen \\ leave', n: 3, filter: { tags: ["x"], on: true }, name: "Ann" } },
    );
    await result;
    const request = server.requests[0]!;
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual({
      q: 'Question: say "hi"\nthen \\ leave',
      n: 3,
      filter: { tags: ["x"], on: true },
      name: "Ann",
      missing: null,
      escaped: '"3"',
    });
  });

  it("explains where a JSON body template stops being JSON", async () => {
    const { result } = run({ method: "POST", url: "https://api.example.com/", body: { type: "json", content: '{\n  "a": 1,\n}' } });
    const error = await failure(result);
    expect(error.message).toBe('The JSON body is not valid JSON after rendering: expected a property name in double quotes (or a trailing comma to remove) at line 3, column 1 (near "{ "a": 1, }")');
    expect(error.code).toBe("http_invalid_json_body");
    expect(error.retryable).toBe(false);
  });

  it("sends form and raw bodies with their content types; a Content-Type header wins", async () => {
    const server = await serve(json(200, {}));
    await run(
      { method: "POST", url: `${server.origin}/form`, body: { type: "form", fields: [{ key: "city", value: "{{start.city}}" }, { key: "n", value: "1&2" }] } },
      { start: { city: "São Paulo" } },
    ).result;
    await run({ method: "PUT", url: `${server.origin}/raw`, body: { type: "raw", content: "<a>{{start.x}}</a>", contentType: "application/xml" } }, { start: { x: "y" } }).result;
    await run({
      method: "PATCH",
      url: `${server.origin}/override`,
      headers: [{ key: "Content-Type", value: "application/merge-patch+json" }],
      body: { type: "json", content: "{}" },
    }).result;
    const [form, raw, override] = server.requests;
    expect(form).toMatchObject({ method: "POST", body: "city=S%C3%A3o+Paulo&n=1%262" });
    expect(form?.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(raw).toMatchObject({ method: "PUT", body: "<a>y</a>" });
    expect(raw?.headers["content-type"]).toBe("application/xml");
    expect(override?.headers["content-type"]).toBe("application/merge-patch+json");
  });

  it("answers HEAD with an empty body", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "content-length": "5" }).end();
    });
    const { outputs } = await run({ method: "HEAD", url: server.origin }).result;
    expect(outputs).toMatchObject({ status_code: 200, body: "", json: null });
  });

  it("refuses a header whose rendered value has a line break", async () => {
    const { result } = run(
      { url: "https://api.example.com/", headers: [{ key: "X-Name", value: "{{start.name}}" }] },
      { start: { name: "a\r\nX-Injected: 1" } },
    );
    const error = await failure(result);
    expect(error.message).toMatch(/^Header "X-Name" cannot be sent/);
    expect(error.retryable).toBe(false);
  });

  it("rejects a URL that does not render to an http(s) URL", async () => {
    expect((await failure(run({ url: "{{start.u}}" }, { start: { u: "api.example.com/x" } }).result)).message).toBe(
      '"api.example.com/x" is not a valid URL (it needs to start with http:// or https://)',
    );
    expect((await failure(run({ url: "{{start.u}}" }, { start: { u: "file:///etc/passwd" } }).result)).message).toBe(
      "Only http:// and https:// URLs can be called, not file: URLs",
    );
    expect((await failure(run({ url: "{{start.none}}" }).result)).message).toBe("The URL is empty after rendering; check the variables it uses");
  });
});

describe("http-request: authentication and secrets", () => {
  const env = { env: { API_TOKEN: "tok-3f9a8b7c", API_KEY: "key-12345678", PASSWORD: "pa55-word!" } };

  it("sends a bearer token from the environment and keeps it out of the trace and logs", async () => {
    const server = await serve(json(200, { ok: true }));
    const { result, test } = run(
      {
        url: `${server.origin}/me?sig={{env.API_KEY}}`,
        auth: { type: "bearer", token: "{{env.API_TOKEN}}" },
        headers: [{ key: "X-Trace", value: "t-{{env.API_KEY}}" }],
        query: [{ key: "key", value: "{{env.API_KEY}}" }],
      },
      env,
    );
    const { inputs } = await result;
    expect(server.requests[0]?.headers.authorization).toBe("Bearer tok-3f9a8b7c");
    expect(server.requests[0]?.url).toBe("/me?sig=key-12345678&key=key-12345678");
    expect(inputs).toEqual({
      method: "GET",
      url: `${server.origin}/me?sig=••••••&key=••••••`,
      headers: { authorization: "••••••", "x-trace": "t-••••••" },
    });
    const recorded = JSON.stringify([inputs, test.logs]);
    expect(recorded).not.toContain("tok-3f9a8b7c");
    expect(recorded).not.toContain("key-12345678");
  });

  it("sends basic credentials and API keys in the configured header", async () => {
    const server = await serve(json(200, {}));
    const basic = await run({ url: server.origin, auth: { type: "basic", username: "ann", password: "{{env.PASSWORD}}" } }, env).result;
    const apiKey = await run({ url: server.origin, auth: { type: "api_key", header: "X-Api-Token", value: "{{env.API_KEY}}" } }, env).result;
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("ann:pa55-word!").toString("base64")}`);
    expect(server.requests[1]?.headers["x-api-token"]).toBe("key-12345678");
    expect(basic.inputs?.headers).toEqual({ authorization: "••••••" });
    expect(apiKey.inputs?.headers).toEqual({ "x-api-token": "••••••" });
  });

  it("says which secret is missing when it renders empty", async () => {
    const error = await failure(run({ url: "https://api.example.com/", auth: { type: "bearer", token: "{{env.MISSING}}" } }, env).result);
    expect(error.message).toBe("The bearer token is empty after rendering; if it is {{env.NAME}}, check that the workspace variable is set");
    expect(error.retryable).toBe(false);
  });

  it("masks secrets in the body shown in the trace and in error messages", async () => {
    const server = await serve(json(401, { error: "bad key key-12345678" }));
    const { result } = run(
      {
        method: "POST",
        url: server.origin,
        body: { type: "json", content: '{"key": "{{env.API_KEY}}"}' },
        failOnErrorStatus: true,
      },
      env,
    );
    const error = await failure(result);
    expect(error.details).toEqual({ status_code: 401, body: '{"error":"bad key ••••••"}' });
    expect(server.requests[0]?.body).toBe('{"key": "key-12345678"}');
  });
});

describe("http-request: error statuses, retries and limits", () => {
  it("returns a 4xx/5xx answer as output by default", async () => {
    const server = await serve(json(404, { error: "not found" }));
    const { outputs } = await run({ url: `${server.origin}/missing` }).result;
    expect(outputs).toMatchObject({ status_code: 404, json: { error: "not found" } });
  });

  it("fails on 4xx/5xx when failOnErrorStatus is set; only retryable statuses may be retried by the engine", async () => {
    const server = await serve((req, res) => json(req.url === "/busy" ? 503 : 404, {})(req, res, ""));
    const notFound = await failure(run({ url: `${server.origin}/missing?token=x`, failOnErrorStatus: true }).result);
    expect(notFound.message).toBe(`GET ${server.origin}/missing answered HTTP 404 Not Found`);
    expect(notFound.code).toBe("http_error_status");
    expect(notFound.retryable).toBe(false);
    const busy = await failure(run({ url: `${server.origin}/busy`, failOnErrorStatus: true }).result);
    expect(busy.retryable).toBe(true);
  });

  it("retries 503 and 429, honouring Retry-After", async () => {
    let calls = 0;
    const server = await serve((req, res) => {
      calls += 1;
      if (calls === 1) return json(503, {}, { "retry-after": "0" })(req, res, "");
      if (calls === 2) return json(429, {}, { "retry-after": "1" })(req, res, "");
      return json(200, { ok: true })(req, res, "");
    });
    const started = Date.now();
    const { result, test } = run({ url: server.origin, retries: 2 });
    const { outputs } = await result;
    expect(outputs.status_code).toBe(200);
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(test.logs.filter((l) => l.level === "warn").map((l) => l.message)).toEqual([
      "Attempt 1 got HTTP 503; retrying in 0 ms",
      "Attempt 2 got HTTP 429; retrying in 1000 ms",
    ]);
  });

  it("stops retrying when retries run out and returns the last answer", async () => {
    const server = await serve(json(502, { upstream: "down" }, { "retry-after": "0" }));
    const { outputs } = await run({ url: server.origin, retries: 1 }).result;
    expect(outputs.status_code).toBe(502);
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry statuses a retry cannot fix", async () => {
    const server = await serve(json(400, {}));
    await run({ url: server.origin, retries: 3 }).result;
    expect(server.requests).toHaveLength(1);
  });

  it("retries a dropped connection", async () => {
    let calls = 0;
    const server = await serve((req, res) => {
      calls += 1;
      if (calls === 1) req.socket.destroy();
      else json(200, { ok: true })(req, res, "");
    });
    const { result, test } = run({ url: server.origin, retries: 1 });
    expect((await result).outputs.status_code).toBe(200);
    expect(test.logs.some((l) => l.level === "warn" && /^Attempt 1 failed \(Request to .* failed: .*\); retrying in \d+ ms$/.test(l.message))).toBe(true);
  });

  it("times out with a retryable error", async () => {
    const server = await serve(() => undefined);
    const error = await failure(run({ url: `${server.origin}/slow`, timeoutMs: 200 }).result);
    expect(error.code).toBe("http_timeout");
    expect(error.message).toBe(`${server.origin}/slow did not finish within 200 ms; the request was stopped`);
    expect(error.retryable).toBe(true);
  });

  it("refuses responses over maxResponseBytes", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(5000));
    });
    const error = await failure(run({ url: server.origin, maxResponseBytes: 1000 }).result);
    expect(error.code).toBe("http_response_too_large");
    expect(error.message).toBe(`${server.origin}/ sent more than 1000 bytes; the response was cut off at the limit`);
    expect(error.retryable).toBe(false);
  });

  it("stops when the run is cancelled, even while waiting to retry", async () => {
    const server = await serve(json(503, {}, { "retry-after": "30" }));
    const controller = new AbortController();
    const { result } = run({ url: server.origin, retries: 1 }, {}, controller.signal);
    setTimeout(() => controller.abort(new Error("run cancelled")), 200);
    await expect(result).rejects.toThrow("run cancelled");
    expect(server.requests).toHaveLength(1);
  });
});
