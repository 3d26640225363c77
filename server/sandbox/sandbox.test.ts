/**
 * The sandbox end to end: real child processes running real isolates. Happy paths, limits,
 * concurrency and queueing, cancellation, crashes. Hostile programs are in escape.test.ts.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getSandboxPool, runCode, shutdownSandboxPool } from "./index";
import { SandboxPool } from "./pool";
import { abortAfter, busyCode, expectError, expectOk, sleep } from "./test-helpers";

// Child processes start with tsx (~1-2 s on a busy 2-core machine) and some tests wait on timeouts.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let pool: SandboxPool;

beforeAll(async () => {
  pool = new SandboxPool({ size: 2 });
  await pool.whenReady();
});

afterAll(async () => {
  await pool.shutdown();
});

describe("running code", () => {
  it("runs an async main with inputs and returns its object, Chinese text included", async () => {
    const result = expectOk(
      await pool.run({
        code: "async function main(inputs) { return { greeting: `${inputs.name}，你好！`, doubled: inputs.items.map((n) => n * 2), ok: true, nothing: null } }",
        inputs: { name: "世界 🌏", items: [1, 2, 3] },
      }),
    );
    expect(result.output).toEqual({ greeting: "世界 🌏，你好！", doubled: [2, 4, 6], ok: true, nothing: null });
    expect(result.logs).toEqual([]);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it("accepts a plain function main, an arrow main, and no inputs", async () => {
    expect(expectOk(await pool.run({ code: "function main(inputs) { return { keys: Object.keys(inputs) } }" })).output).toEqual({ keys: [] });
    expect(expectOk(await pool.run({ code: "const main = async ({ a, b }) => ({ sum: a + b })", inputs: { a: 2, b: 40 } })).output).toEqual({ sum: 42 });
  });

  it("converts values the JSON way (dates become strings, functions inside objects are dropped)", async () => {
    const result = expectOk(
      await pool.run({ code: "function main() { return { when: new Date(0), fn() {}, nan: NaN, nested: { list: [undefined, 1] } } }" }),
    );
    expect(result.output).toEqual({ when: "1970-01-01T00:00:00.000Z", nan: null, nested: { list: [null, 1] } });
  });

  it("captures console output with levels, formatting objects as JSON and errors with their stack", async () => {
    const result = expectOk(
      await pool.run({
        code: [
          "async function main(inputs) {",
          "  console.log('hello', 42, { a: [1, '二'] }, undefined, null, 10n);",
          "  console.info('info');",
          "  console.warn('warn');",
          "  console.error(new Error('boom'));",
          "  console.debug('debug');",
          "  console.table([1]);",
          "  console.assert(1 === 2, 'math is broken');",
          "  console.time('t'); console.count(); console.group();",
          "  return {};",
          "}",
        ].join("\n"),
      }),
    );
    expect(result.logs.map((entry) => entry.level)).toEqual(["log", "info", "warn", "error", "debug", "log", "error"]);
    expect(result.logs[0]?.message).toBe('hello 42 {"a":[1,"二"]} undefined null 10n');
    expect(result.logs[3]?.message).toMatch(/^Error: boom\n\s+at main \(main\.js:5:17\)/);
    expect(result.logs[6]?.message).toBe("Assertion failed: math is broken");
  });

  it("caps the captured console output", async () => {
    const result = expectOk(await pool.run({ code: "function main() { for (let i = 0; i < 1000; i++) console.log('line ' + i); return {} }" }));
    expect(result.logs).toHaveLength(201);
    expect(result.logs[199]?.message).toBe("line 199");
    expect(result.logs[200]).toMatchObject({ level: "warn" });
    expect(result.logs[200]?.message).toContain("800 more console line(s) not shown");

    const big = expectOk(await pool.run({ code: "function main() { console.log('x'.repeat(200000)); console.log('after'); return {} }" }));
    expect(big.logs[0]?.message.length).toBeLessThan(70_000);
    expect(big.logs.at(-1)?.message).toContain("not shown");
  });

  it("returns the logs written before an error", async () => {
    const result = expectError(await pool.run({ code: "function main() {\n  console.log('step 1');\n  throw new TypeError('bad input');\n}" }), "runtime");
    expect(result.logs).toEqual([{ level: "log", message: "step 1" }]);
    expect(result.error).toMatchObject({ message: "TypeError: bad input (line 3, column 9)", line: 3, column: 9 });
    expect(result.error.stack).toBe("TypeError: bad input\n    at main (main.js:3:9)");
  });

  it("reports syntax errors with their position", async () => {
    const result = expectError(await pool.run({ code: "async function main(inputs) {\n  return { a: 1 ;\n}" }), "syntax");
    expect(result.error.message).toMatch(/^Syntax error at line 2, column \d+: /);
    expect(result.error.line).toBe(2);
  });

  it("explains a missing main", async () => {
    const result = expectError(await pool.run({ code: "function mian() { return {} }" }), "runtime");
    expect(result.error.message).toContain("must define a function named main");
    expect(expectError(await pool.run({ code: "var main = 5" }), "runtime").error.message).toBe("main must be a function, got number");
  });

  it("reports errors thrown at the top level of the script, with logs", async () => {
    const result = expectError(await pool.run({ code: "console.log('loading');\nconst x = undefined.y;\nfunction main() { return {} }" }), "runtime");
    expect(result.error.line).toBe(2);
    expect(result.logs).toEqual([{ level: "log", message: "loading" }]);
  });

  it("rejects inputs that are not JSON and code that is too large, before running anything", async () => {
    expectError(await pool.run({ code: "function main() { return {} }", inputs: { n: 10n } }), "invalid_input");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(expectError(await pool.run({ code: "function main() { return {} }", inputs: cyclic }), "invalid_input").error.message).toContain("cannot be converted to JSON");
    expect(expectError(await pool.run({ code: `// ${"x".repeat(300 * 1024)}\nfunction main() { return {} }` }), "invalid_input").error.message).toContain(
      "The code is too large",
    );
  });

  it("throws for limits outside their bounds (a caller bug, not a user error)", async () => {
    await expect(pool.run({ code: "function main() { return {} }", timeoutMs: 120_000 })).rejects.toThrow(RangeError);
    await expect(pool.run({ code: "function main() { return {} }", memoryMb: 2 })).rejects.toThrow(RangeError);
  });
});

describe("limits per call", () => {
  it("honours a custom timeout", async () => {
    const result = expectError(await pool.run({ code: busyCode(10_000), timeoutMs: 250 }), "timeout");
    expect(result.error.message).toBe("Code node timed out after 250 ms");
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it("honours a custom memory limit", async () => {
    const code = "function main() { const chunks = []; for (let i = 0; i < 40; i++) chunks.push(new Array(1024 * 128).fill(i)); return { n: chunks.length } }";
    expect(expectError(await pool.run({ code, memoryMb: 16 }), "memory").error.message).toBe("Out of memory (limit 16 MB)");
    expect(expectOk(await pool.run({ code, memoryMb: 128 })).output).toEqual({ n: 40 });
  });

  it("limits the output in UTF-8 bytes", async () => {
    // 40 Chinese characters: 40 UTF-16 units but 120 bytes.
    const result = expectError(await pool.run({ code: "function main() { return { s: '中'.repeat(40) } }", maxOutputBytes: 100 }), "output_too_large");
    expect(result.error.message).toBe("main() returned too much data (128 bytes); the limit is 100 bytes");
    expectOk(await pool.run({ code: "function main() { return { s: '中'.repeat(20) } }", maxOutputBytes: 100 }));
  });
});

describe("the pool", () => {
  it("runs executions in parallel across children and slots", async () => {
    let peak = 0;
    const watcher = setInterval(() => {
      peak = Math.max(peak, pool.stats().children.reduce((sum, child) => sum + child.inFlight, 0));
    }, 10);
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.run({ code: busyCode(400, `{ i: ${i} }`) })));
    const elapsed = performance.now() - started;
    clearInterval(watcher);
    expect(results.map((result) => expectOk(result).output)).toEqual(Array.from({ length: 8 }, (_, i) => ({ i })));
    expect(peak).toBe(8);
    // Sequentially this would take 3.2 s (loose bound: the machine may be busy with other tests).
    expect(elapsed).toBeLessThan(3_000);
  });

  it("queues executions when all slots are busy, and turns away what exceeds the queue", async () => {
    const small = new SandboxPool({ size: 1, maxConcurrentPerChild: 1, maxQueue: 2 });
    try {
      await small.whenReady();
      const running = small.run({ code: busyCode(300, "{ n: 1 }") });
      const queued = [small.run({ code: "function main() { return { n: 2 } }" }), small.run({ code: "function main() { return { n: 3 } }" })];
      expect(small.stats().queued).toBe(2);
      const rejected = expectError(await small.run({ code: "function main() { return { n: 4 } }" }), "busy");
      expect(rejected.error.message).toBe("Sandbox busy: 2 code executions are already waiting; try again shortly");
      const outputs = (await Promise.all([running, ...queued])).map((result) => expectOk(result).output);
      expect(outputs).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    } finally {
      await small.shutdown();
    }
  });

  it("turns away an execution that waited too long for a slot", async () => {
    const small = new SandboxPool({ size: 1, maxConcurrentPerChild: 1, maxQueueWaitMs: 150 });
    try {
      await small.whenReady();
      const running = small.run({ code: busyCode(800) });
      const waiting = expectError(await small.run({ code: "function main() { return {} }" }), "busy");
      expect(waiting.error.message).toContain("no sandbox slot became free within 150 ms");
      expectOk(await running);
    } finally {
      await small.shutdown();
    }
  });
});

describe("cancellation", () => {
  it("cancels an execution awaiting a promise that never settles", async () => {
    const result = expectError(await pool.run({ code: "async function main() { await new Promise(() => {}) }", timeoutMs: 20_000, signal: abortAfter(150) }), "cancelled");
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it("cancels busy synchronous code", async () => {
    const result = expectError(await pool.run({ code: "function main() { while (true) {} }", timeoutMs: 20_000, signal: abortAfter(150) }), "cancelled");
    expect(result.error.message).toBe("Execution was cancelled");
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it("cancels a queued execution and an already aborted signal", async () => {
    const small = new SandboxPool({ size: 1, maxConcurrentPerChild: 1 });
    try {
      await small.whenReady();
      const running = small.run({ code: busyCode(400) });
      const controller = new AbortController();
      const queued = small.run({ code: "function main() { return {} }", signal: controller.signal });
      controller.abort();
      expectError(await queued, "cancelled");
      expect(small.stats().queued).toBe(0);
      expectOk(await running);
      expectError(await small.run({ code: "function main() { return {} }", signal: AbortSignal.abort() }), "cancelled");
      expectOk(await small.run({ code: "function main() { return {} }" }));
    } finally {
      await small.shutdown();
    }
  });
});

describe("runner processes", () => {
  it("fails the executions of a child that dies with `crashed`, replaces the child and keeps serving", async () => {
    const single = new SandboxPool({ size: 1, maxConcurrentPerChild: 2 });
    try {
      await single.whenReady();
      const [pid] = single.childPids();
      const doomed = [single.run({ code: busyCode(10_000), timeoutMs: 20_000 }), single.run({ code: "async function main() { await new Promise(() => {}) }", timeoutMs: 20_000 })];
      while (single.stats().children[0]?.inFlight !== 2) await sleep(10);
      await sleep(50);
      process.kill(pid!, "SIGKILL");
      for (const result of await Promise.all(doomed)) {
        expect(expectError(result, "crashed").error.message).toContain("The code sandbox process crashed while running this code (killed by SIGKILL)");
      }
      await single.whenReady();
      expect(single.childPids()).not.toContain(pid);
      expectOk(await single.run({ code: "function main() { return { alive: true } }" }));
    } finally {
      await single.shutdown();
    }
  });

  it("kills a child that stops responding and reports the execution as timed out", async () => {
    const single = new SandboxPool({ size: 1, hangGraceMs: 300 });
    try {
      await single.whenReady();
      const [pid] = single.childPids();
      const result = single.run({ code: "async function main() { await new Promise(() => {}) }", timeoutMs: 200 });
      while (single.stats().children[0]?.inFlight !== 1) await sleep(5);
      process.kill(pid!, "SIGSTOP"); // the child can no longer enforce its own timeout
      const stopped = expectError(await result, "timeout");
      expect(stopped.error.message).toBe("Code node timed out after 200 ms (the sandbox process stopped responding and was restarted)");
      await single.whenReady();
      expectOk(await single.run({ code: "function main() { return {} }" }));
    } finally {
      await single.shutdown();
    }
  });

  it("gives up with a clear error when children cannot start", async () => {
    const broken = new SandboxPool({ size: 1, runnerPath: "server/sandbox/no-such-runner.mjs" });
    try {
      const result = expectError(await broken.run({ code: "function main() { return {} }" }), "crashed");
      expect(result.error.message).toContain("The code sandbox could not start");
      expect(result.error.message).toContain("Cannot find module");
    } finally {
      await broken.shutdown();
    }
  });

  it("starts children with no secrets in their environment", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      DATABASE_URL: "postgres://user:pw@db/app",
      AUTH_SECRET: "auth-secret-value",
      ENCRYPTION_KEY: "encryption-key-value",
      OPENAI_API_KEY: "sk-test",
      NODE_OPTIONS: "--inspect",
    });
    const fresh = new SandboxPool({ size: 1 });
    try {
      await fresh.whenReady();
      const [pid] = fresh.childPids();
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
      const names = environ.map((entry) => entry.slice(0, entry.indexOf("="))).sort();
      // The two NODE_CHANNEL_* variables are how Node hands the IPC channel to a forked child.
      expect(names).toEqual(["NODE_CHANNEL_FD", "NODE_CHANNEL_SERIALIZATION_MODE", "PATH"]);
      expect(environ.join("\n")).not.toMatch(/secret|sk-test|pw@|inspect/);
    } finally {
      process.env = saved;
      await fresh.shutdown();
    }
  });

  it("offers a process-wide pool through runCode / getSandboxPool / shutdownSandboxPool", async () => {
    try {
      const result = expectOk(await runCode({ code: "async function main(inputs) { return { echo: inputs } }", inputs: { a: "б" } }));
      expect(result.output).toEqual({ echo: { a: "б" } });
      expect(getSandboxPool()).toBe(getSandboxPool());
      expect(getSandboxPool().childPids()).toHaveLength(2);
    } finally {
      await shutdownSandboxPool();
    }
  });
});
