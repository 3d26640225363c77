import { afterAll, describe, expect, it, vi } from "vitest";
import { NodeError } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import { shutdownSandboxPool } from "@/server/sandbox";
import * as sandboxLimits from "@/server/sandbox/limits";
import { CODE_LIMITS, codeDefinition, DEFAULT_CODE, type CodeConfig } from "./definition";
import { executeCode } from "./execute";

// The first run starts the sandbox's child processes (1-2 s on a busy machine).
vi.setConfig({ testTimeout: 30_000 });
afterAll(() => shutdownSandboxPool());

const parse = (config: unknown) => codeDefinition.configSchema.safeParse(config);
const messages = (config: unknown) => parse(config).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("code definition", () => {
  it("uses the sandbox's limits", () => {
    expect(CODE_LIMITS).toEqual({
      defaultTimeoutMs: sandboxLimits.DEFAULT_TIMEOUT_MS,
      minTimeoutMs: sandboxLimits.MIN_TIMEOUT_MS,
      maxTimeoutMs: sandboxLimits.MAX_TIMEOUT_MS,
      defaultMemoryMb: sandboxLimits.DEFAULT_MEMORY_MB,
      minMemoryMb: sandboxLimits.MIN_MEMORY_MB,
      maxMemoryMb: sandboxLimits.MAX_MEMORY_MB,
      maxCodeBytes: sandboxLimits.MAX_CODE_BYTES,
    });
  });

  it("has a valid, problem-free default whose outputs match the example code", () => {
    const config = parse(codeDefinition.defaultConfig).data!;
    expect(codeDefinition.validate?.(config)).toEqual([]);
    expect(codeDefinition.ports(config)).toEqual({ inputs: ["in"], outputs: ["out"] });
    expect(codeDefinition.outputs(config)).toEqual([
      { name: "result", type: "string" },
      { name: "length", type: "number" },
    ]);
    expect(parse({ code: "function main() {}" }).data).toEqual({ language: "javascript", code: "function main() {}", inputs: [], outputs: [], timeoutMs: 5000, memoryMb: 64 });
  });

  it("rejects other languages, out-of-range limits, oversized code and bad variables", () => {
    expect(messages({ language: "python", code: "" })).toEqual(['language: Only "javascript" is supported']);
    expect(messages({ code: "", timeoutMs: 60_001, memoryMb: 4 })).toEqual(["timeoutMs: Timeout can be at most 60000 ms", "memoryMb: Memory must be at least 8 MB"]);
    expect(messages({ code: "", timeoutMs: 1.5, memoryMb: 1024 })).toEqual(["timeoutMs: Timeout must be a whole number of milliseconds", "memoryMb: Memory can be at most 512 MB"]);
    expect(messages({ code: "é".repeat(128 * 1024 + 1) })).toEqual(["code: Code is larger than 256 KB"]);
    expect(messages({ code: "", inputs: [{ name: "a-b", selector: ["x"] }], outputs: [{ name: "r", type: "file" }] })).toEqual([
      'inputs.0.name: "a-b" is not a valid name: use letters, digits and _, starting with a letter or _',
      "inputs.0.selector: Choose a variable",
      "outputs.0.type: Type must be one of: string, number, boolean, object, array[string], array[object], any",
    ]);
    expect(messages({ code: "", sandbox: "off" })).toEqual([': Unrecognized key: "sandbox"']);
  });

  it("asks for code with main, declared outputs and unique names", () => {
    const config = parse({
      code: "return 1",
      inputs: [{ name: "a", selector: ["x", "y"] }, { name: "a", selector: ["x", "z"] }],
      outputs: [],
    }).data!;
    expect(codeDefinition.validate?.(config)).toEqual([
      { field: "code", message: "The code must define a main function: async function main(inputs) { return { … } }" },
      { field: "outputs", message: "Declare the outputs main() returns" },
      { field: "inputs.1.name", message: 'Another input is already named "a"' },
    ]);
    expect(codeDefinition.validate?.({ ...config, code: " ", inputs: [] })[0]).toEqual({ field: "code", message: "Write the code: a main(inputs) function that returns the outputs" });
    for (const code of ["const main = async ({ a }) => ({ a })", "let main=function(){}", "async function main(inputs){}", "function* main() {}"]) {
      expect(codeDefinition.validate?.({ ...config, code, inputs: [], outputs: [{ name: "a", type: "any" }] }), code).toEqual([]);
    }
  });
});

function run(config: Record<string, unknown>, values: Record<string, unknown> = {}) {
  const test = createTestContext<CodeConfig>({ definition: codeDefinition, config, values });
  return { promise: executeCode(test.ctx), logs: test.logs };
}

async function failure(config: Record<string, unknown>, values: Record<string, unknown> = {}): Promise<NodeError> {
  const error = await run(config, values).promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

describe("executeCode", () => {
  it("runs the default example on sys.query", async () => {
    const test = createTestContext<CodeConfig>({ definition: codeDefinition, config: codeDefinition.defaultConfig, sys: { query: "  hello 世界 " } });
    expect(await executeCode(test.ctx)).toEqual({ outputs: { result: "HELLO 世界", length: 8 }, inputs: { query: "  hello 世界 " } });
    expect(test.logs).toEqual([{ level: "log", message: "received 8 characters" }]);
    expect(DEFAULT_CODE).toContain("async function main(inputs)");
  });

  it("passes selected values in (null for missing ones), returns declared outputs only and forwards logs", async () => {
    const { promise, logs } = run(
      {
        code: `function main({ items, user, missing }) {
  console.warn("count", items.length);
  return { total: items.reduce((a, b) => a + b, 0), names: [user.name], profile: user, flag: missing === null, extra: 1, anything: [1, "x"], rows: [{ a: 1 }] };
}`,
        inputs: [
          { name: "items", selector: ["http_1", "body", "items"] },
          { name: "user", selector: ["start", "user"] },
          { name: "missing", selector: ["nowhere", "value"] },
        ],
        outputs: [
          { name: "total", type: "number" },
          { name: "names", type: "array[string]" },
          { name: "profile", type: "object" },
          { name: "flag", type: "boolean" },
          { name: "anything", type: "any" },
          { name: "rows", type: "array[object]" },
        ],
      },
      { http_1: { body: { items: [1, 2, 3] } }, start: { user: { name: "Ada" } } },
    );
    expect(await promise).toEqual({
      outputs: { total: 6, names: ["Ada"], profile: { name: "Ada" }, flag: true, anything: [1, "x"], rows: [{ a: 1 }] },
      inputs: { items: [1, 2, 3], user: { name: "Ada" }, missing: null },
    });
    expect(logs).toEqual([
      { level: "warn", message: "count 3" },
      { level: "warn", message: "Ignored values main() returned that are not declared outputs: extra" },
    ]);
  });

  it("names every missing or mistyped output", async () => {
    const error = await failure({
      code: "function main() { return { a: 1, b: 'x', c: ['x', 2], d: [], e: null, f: [{}, 'no'] } }",
      outputs: [
        { name: "a", type: "string" },
        { name: "b", type: "string" },
        { name: "c", type: "array[string]" },
        { name: "d", type: "object" },
        { name: "e", type: "number" },
        { name: "f", type: "array[object]" },
        { name: "g", type: "any" },
      ],
    });
    expect(error.message).toBe(
      'main() returned the wrong outputs: output "a" should be a string, but main() returned a number; output "c" should be an array of strings, but item 1 is a number; output "d" should be an object, but main() returned an array; output "e" should be a number, but main() returned null; output "f" should be an array of objects, but item 1 is a string; output "g" is missing (it returned: a, b, c, d, e, f)',
    );
    expect(error).toMatchObject({ code: "code_invalid_output", retryable: false });
  });

  it("reports a thrown error with its line, without retry, keeping the logs", async () => {
    const { promise, logs } = run({ code: "function main() {\n  console.log('before');\n  throw new TypeError('bad input');\n}", outputs: [{ name: "x", type: "any" }] });
    const error = (await promise.catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toMatch(/^TypeError: bad input \(line 3/);
    expect(error).toMatchObject({ code: "code_runtime", retryable: false, details: { kind: "runtime", line: 3 } });
    expect(logs).toEqual([{ level: "log", message: "before" }]);
  });

  it("reports syntax errors and a missing main without retry", async () => {
    expect(await failure({ code: "function main( {", outputs: [{ name: "x", type: "any" }] })).toMatchObject({ code: "code_syntax", retryable: false });
    const noMain = await failure({ code: "const x = 1;", outputs: [{ name: "x", type: "any" }] });
    expect(noMain).toMatchObject({ code: "code_runtime", retryable: false });
    expect(noMain.message).toMatch(/main/);
  });

  it("lets the retry policy handle timeouts, within the configured limit", async () => {
    const started = Date.now();
    const error = await failure({ code: "function main() { while (true) {} }", outputs: [{ name: "x", type: "any" }], timeoutMs: 200 });
    expect(error).toMatchObject({ code: "code_timeout", retryable: true, details: { kind: "timeout" } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("rejects output that is not an object", async () => {
    expect(await failure({ code: "function main() { return 42 }", outputs: [{ name: "x", type: "any" }] })).toMatchObject({ code: "code_invalid_output", retryable: false });
  });
});
