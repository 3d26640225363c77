/**
 * Hostile programs. Each one must be contained: it ends with a clear result (usually an error
 * of the expected kind), reaches nothing of the host, and leaves the pool serving. The last
 * tests check that the host and the pool are intact after the whole suite.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SandboxPool } from "./pool";
import { expectError, expectOk, sleep } from "./test-helpers";
import type { RunCodeOptions, SandboxResult } from "./types";

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const POOL_SIZE = 2;
let pool: SandboxPool;
const hostEnvBefore = { ...process.env };

beforeAll(async () => {
  pool = new SandboxPool({ size: POOL_SIZE });
  await pool.whenReady();
});

afterAll(async () => {
  await pool.shutdown();
});

function run(code: string, options: Omit<RunCodeOptions, "code"> = {}): Promise<SandboxResult> {
  return pool.run({ code, ...options });
}

/** The globals of a bare context (ECMAScript built-ins plus V8's inert console), minus what the
 * sandbox removes, plus the user's own `main`. */
const STANDARD_GLOBALS = [
  "AggregateError", "Array", "ArrayBuffer", "Atomics", "BigInt", "BigInt64Array", "BigUint64Array", "Boolean", "DataView",
  "Date", "Error", "EvalError", "FinalizationRegistry", "Float32Array", "Float64Array", "Function", "Infinity", "Int16Array",
  "Int32Array", "Int8Array", "Intl", "JSON", "Map", "Math", "NaN", "Number", "Object", "Promise", "Proxy", "RangeError",
  "ReferenceError", "Reflect", "RegExp", "Set", "String", "Symbol", "SyntaxError", "TypeError", "URIError", "Uint16Array",
  "Uint32Array", "Uint8Array", "Uint8ClampedArray", "WeakMap", "WeakRef", "WeakSet", "console", "decodeURI",
  "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "eval", "globalThis", "isFinite", "isNaN", "main",
  "parseFloat", "parseInt", "undefined", "unescape",
];

describe("reaching the host", () => {
  it("this.constructor.constructor('return process')() finds no process", async () => {
    const result = expectError(await run("function main() { const p = this.constructor.constructor('return process')(); return { env: p.env } }"), "runtime");
    expect(result.error.message).toContain("ReferenceError: process is not defined");
  });

  it("({}).constructor.constructor('return this')() is the sandbox global, with no process, require or Node globals", async () => {
    const result = expectOk(
      await run(`function main() {
        const g = ({}).constructor.constructor('return this')();
        const names = ['process', 'require', 'module', 'exports', 'Buffer', 'global', '__dirname', '__filename', 'fetch',
          'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'structuredClone', 'WebAssembly', 'SharedArrayBuffer',
          'ivm', '_ivm', 'navigator', 'XMLHttpRequest', 'WebSocket', 'Deno', 'Bun', 'importScripts', 'postMessage'];
        return { found: names.filter((k) => k in g), same: g === globalThis };
      }`),
    );
    expect(result.output).toEqual({ found: [], same: true });
  });

  it("Function('return globalThis')() exposes only standard globals and no symbols", async () => {
    const result = expectOk(
      await run(`function main() {
        const g = Function('return globalThis')();
        const chain = [];
        for (let p = Object.getPrototypeOf(g); p !== null; p = Object.getPrototypeOf(p)) {
          chain.push(p === Object.prototype ? 'Object.prototype' : Object.getOwnPropertyNames(p).join(','));
        }
        return { names: Object.getOwnPropertyNames(g).sort(), symbols: Object.getOwnPropertySymbols(g).map(String), chain };
      }`),
    );
    // V8's global object sits on an internal prototype (only `constructor`) above Object.prototype.
    expect(result.output).toEqual({ names: [...STANDARD_GLOBALS].sort(), symbols: [], chain: ["constructor", "Object.prototype"] });
  });

  it("console methods are sandbox functions: their constructor cannot reach the host either", async () => {
    const result = expectError(await run("function main() { return { p: console.log.constructor('return process')() } }"), "runtime");
    expect(result.error.message).toContain("process is not defined");
  });

  it("import('fs') is not supported", async () => {
    const result = expectError(await run("async function main() { const fs = await import('fs'); return { passwd: fs.readFileSync('/etc/passwd', 'utf8') } }"), "runtime");
    expect(result.error.message).toContain("Not supported");
    expectError(await run("import fs from 'fs';\nfunction main() { return {} }"), "syntax");
  });

  it("require('fs') does not exist", async () => {
    const result = expectError(await run("function main() { return { passwd: require('fs').readFileSync('/etc/passwd', 'utf8') } }"), "runtime");
    expect(result.error.message).toContain("require is not defined");
  });

  it("fetch does not exist", async () => {
    const result = expectError(await run("async function main() { const r = await fetch('http://127.0.0.1:5432/'); return { s: r.status } }"), "runtime");
    expect(result.error.message).toContain("fetch is not defined");
  });

  it("there are no timers", async () => {
    const result = expectOk(
      await run("function main() { return { types: [typeof setTimeout, typeof setInterval, typeof setImmediate, typeof queueMicrotask, typeof clearTimeout] } }"),
    );
    expect(result.output).toEqual({ types: ["undefined", "undefined", "undefined", "undefined", "undefined"] });
    expect(expectError(await run("function main() { setTimeout(() => {}, 1); return {} }"), "runtime").error.message).toContain("setTimeout is not defined");
  });

  it("process.env cannot be read", async () => {
    expect(expectOk(await run("function main() { return { type: typeof process } }")).output).toEqual({ type: "undefined" });
    const result = expectError(await run("function main() { return { db: process.env.DATABASE_URL } }"), "runtime");
    expect(result.error.message).toContain("process is not defined");
  });

  it("eval tricks see the same bare global", async () => {
    const result = expectOk(
      await run(`function main() {
        return { direct: eval('typeof process'), indirect: (0, eval)('typeof require'),
          viaFunction: new Function('return typeof this.process')(), global: (0, eval)('this') === globalThis,
          nested: eval('eval("typeof module")') };
      }`),
    );
    expect(result.output).toEqual({ direct: "undefined", indirect: "undefined", viaFunction: "undefined", global: true, nested: "undefined" });
    expectError(await run("async function main() { await (0, eval)(\"import('child_process')\"); return {} }"), "runtime");
  });

  it("Error.prepareStackTrace sees no host frames, functions or receivers", async () => {
    const result = expectOk(
      await run(`function main() {
        const frames = [];
        Error.prepareStackTrace = (error, sites) => {
          for (const s of sites) frames.push({ file: String(s.getFileName()), fn: typeof s.getFunction(), self: typeof s.getThis() });
          return 'custom';
        };
        const stack = new Error('probe').stack;
        return { stack, frames };
      }`),
    );
    const output = result.output as { stack: string; frames: { file: string; fn: string; self: string }[] };
    expect(output.stack).toBe("custom");
    expect(output.frames[0]).toEqual({ file: "main.js", fn: "function", self: "object" });
    for (const frame of output.frames.slice(1)) {
      // The sandbox runtime is strict code: V8 hides its functions and receivers.
      expect(frame).toEqual({ file: "agentloom-sandbox-runtime.js", fn: "undefined", self: "undefined" });
    }
  });

  it("a hostile Error.prepareStackTrace cannot break error reporting", async () => {
    const looping = expectError(
      await run("function main() { Error.prepareStackTrace = () => { while (true) {} }; throw new Error('boom') }", { timeoutMs: 300 }),
      "timeout",
    );
    expect(looping.error.message).toBe("Code node timed out after 300 ms");
    const throwing = expectError(await run("Error.prepareStackTrace = () => { throw 'nope' };\nthrow new Error('top level')\nfunction main() {}"), "runtime");
    expect(throwing.error.message).toContain("top level");
  });

  it("stack traces carry no server paths", async () => {
    const inside = expectOk(await run("function main() { return { stack: new Error('x').stack } }"));
    expect(JSON.stringify(inside.output)).not.toMatch(/\/work\/|\/app\/|node:|node_modules|isolated-vm/);
    const outside = expectError(await run("function helper() { throw new Error('deep') }\nhelper()\nfunction main() {}"), "runtime");
    expect(outside.error.stack).toBe("Error: deep\n    at helper (main.js:1:27)\n    at main.js:2:1");
  });

  it("Symbol tricks: registered symbols carry nothing, symbol keys are dropped from the output", async () => {
    const result = expectOk(
      await run(`function main() {
        const out = { [Symbol.for('nodejs.util.inspect.custom')]: () => 'hacked', [Symbol.toPrimitive]: () => { throw new Error('x') }, visible: 1 };
        out.globalSymbols = Object.getOwnPropertySymbols(globalThis).map(String);
        out.registry = Symbol.keyFor(Symbol.for('agentloom'));
        return out;
      }`),
    );
    expect(result.output).toEqual({ visible: 1, globalSymbols: [], registry: "agentloom" });
    expect(Object.getOwnPropertySymbols(result.output)).toEqual([]);
  });

  it("WebAssembly is not available", async () => {
    const result = expectOk(await run("function main() { return { type: typeof WebAssembly, listed: Object.getOwnPropertyNames(globalThis).includes('WebAssembly') } }"));
    expect(result.output).toEqual({ type: "undefined", listed: false });
    expectError(await run("function main() { return { m: new WebAssembly.Memory({ initial: 65536 }) } }"), "runtime");
  });

  it("SharedArrayBuffer is gone, so Atomics.wait cannot block", async () => {
    const result = expectOk(
      await run(`function main() {
        const r = { sab: typeof SharedArrayBuffer };
        try { Atomics.wait(new Int32Array(4), 0, 0, 10000); r.waited = true } catch (e) { r.error = e.name }
        return r;
      }`),
    );
    expect(result.output).toEqual({ sab: "undefined", error: "TypeError" });
  });
});

describe("tampering with the sandbox itself", () => {
  it("prototype pollution and global changes of one run are not visible in the next (fresh context)", async () => {
    // One child, one slot: both runs use the same pooled isolate.
    const single = new SandboxPool({ size: 1, maxConcurrentPerChild: 1 });
    try {
      await single.whenReady();
      expectOk(
        await single.run({
          code: `function main() {
            Object.prototype.polluted = 'yes';
            Array.prototype.map = function () { return 'hijacked' };
            JSON.parse = () => ({ hijacked: true });
            globalThis.leak = 'from run 1';
            Object.defineProperty(globalThis, 'sticky', { value: 1, configurable: false });
            Object.freeze(Object.prototype);
            return {};
          }`,
        }),
      );
      const second = expectOk(
        await single.run({
          code: "function main(inputs) { return { polluted: ({}).polluted ?? null, map: [1, 2].map((x) => x * 2), leak: typeof leak, sticky: typeof sticky, input: inputs.x, frozen: Object.isFrozen(Object.prototype) } }",
          inputs: { x: 1 },
        }),
      );
      expect(second.output).toEqual({ polluted: null, map: [2, 4], leak: "undefined", sticky: "undefined", input: 1, frozen: false });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    } finally {
      await single.shutdown();
    }
  });

  it("overriding JSON does not change how the output is read", async () => {
    const result = expectOk(
      await run(`function main(inputs) {
        JSON.stringify = () => '{"hacked":true}';
        JSON.parse = () => ({ hacked: true });
        globalThis.JSON = null;
        return { real: true, got: inputs.n };
      }`, { inputs: { n: 7 } }),
    );
    expect(result.output).toEqual({ real: true, got: 7 });
  });

  it("polluting Object.prototype.toJSON only garbles the user's own output", async () => {
    const result = expectError(await run("function main() { Object.prototype.toJSON = () => 'owned'; console.log('still logged'); return { a: 1 } }"), "invalid_output");
    expect(result.error.message).toBe("main() must return an object, but its toJSON() produced a string");
    expect(result.logs).toEqual([{ level: "log", message: "still logged" }]);
  });

  it("array index setters and String.prototype overrides do not corrupt captured logs", async () => {
    const result = expectOk(
      await run(`function main() {
        Object.defineProperty(Array.prototype, '0', { set() { throw new Error('setter') }, configurable: true });
        String.prototype.slice = () => 'sliced';
        Array.prototype.push = () => { throw new Error('push') };
        console.log('one'); console.log('two');
        return { ok: 1 };
      }`),
    );
    expect(result.logs.map((entry) => entry.message)).toEqual(["one", "two"]);
    expect(result.output).toEqual({ ok: 1 });
  });

  it("replacing Promise does not hang or break main()", async () => {
    const result = expectOk(
      await run("async function main() { Promise.prototype.then = function () { throw new Error('then') }; globalThis.Promise = null; return { done: true } }"),
    );
    expect(result.output).toEqual({ done: true });
  });

  it("Proxy tricks: a throwing Proxy as output, a revoked Proxy, a Proxy in the global's prototype chain, a Proxy logged", async () => {
    const throwing = expectError(await run("function main() { return new Proxy({}, { ownKeys() { throw new Error('trap') } }) }"), "invalid_output");
    expect(throwing.error.message).toBe("main() returned a value that cannot be converted to JSON: trap");
    // Awaiting main()'s result reads `then`, which a revoked Proxy refuses.
    const revoked = expectError(await run("function main() { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy }"), "runtime");
    expect(revoked.error.message).toBe("TypeError: Cannot perform 'get' on a proxy that has been revoked");
    const chain = expectOk(
      await run(`const seen = [];
        Object.setPrototypeOf(globalThis, new Proxy(Object.getPrototypeOf(globalThis), {
          has(t, k) { seen.push(String(k)); return Reflect.has(t, k) },
          get(t, k, r) { seen.push(String(k)); return Reflect.get(t, k, r) } }));
        function main() { return { seen: [...seen] } }`),
    );
    expect(chain.output).toEqual({ seen: [] });
    const logged = expectOk(await run("function main() { console.log(new Proxy({}, { get() { throw new Error('get') }, ownKeys() { throw new Error('keys') } })); return {} }"));
    expect(logged.logs).toEqual([{ level: "log", message: "[unprintable value]" }]);
  });

  it("a __proto__ key in the output stays data and does not pollute the host", async () => {
    const result = expectOk(await run("function main() { return JSON.parse('{\"__proto__\": {\"polluted\": true}, \"a\": 1}') }"));
    expect(Object.getPrototypeOf(result.output)).toBe(Object.prototype);
    expect(Object.hasOwn(result.output, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("exhausting time", () => {
  it("while (true) {} times out", async () => {
    expect(expectError(await run("function main() { while (true) {} }", { timeoutMs: 300 }), "timeout").error.message).toBe("Code node timed out after 300 ms");
  });

  it("for (;;) {} after an await in async code times out", async () => {
    const result = expectError(await run("async function main() { console.log('start'); await null; for (;;) {} }", { timeoutMs: 300 }), "timeout");
    expect(result.logs).toEqual([{ level: "log", message: "start" }]);
  });

  it("await new Promise(() => {}) times out on the wall clock, keeping the logs", async () => {
    const started = performance.now();
    const result = expectError(await run("async function main() { console.log('waiting forever'); await new Promise(() => {}) }", { timeoutMs: 300 }), "timeout");
    expect(result.logs).toEqual([{ level: "log", message: "waiting forever" }]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("async recursion times out or runs out of memory", async () => {
    expectError(await run("async function f(n) { await null; return f(n + 1) }\nasync function main() { return f(0) }", { timeoutMs: 500 }), ["timeout", "memory"]);
  });

  it("a microtask flood that outlives main() is stopped", async () => {
    expectError(await run("function flood() { Promise.resolve().then(flood) }\nfunction main() { flood(); return { returned: true } }", { timeoutMs: 300 }), [
      "timeout",
      "memory",
    ]);
  });

  it("an infinite loop at the top level of the script times out", async () => {
    expectError(await run("while (true) {}\nfunction main() { return {} }", { timeoutMs: 300 }), "timeout");
  });

  it("catastrophic regex backtracking times out", async () => {
    expectError(await run("function main() { return { m: /^(a+)+$/.test('a'.repeat(40) + '!') } }", { timeoutMs: 300 }), "timeout");
  });
});

describe("exhausting memory", () => {
  it("an array push loop runs out of memory", async () => {
    // A generous timeout: near the heap limit V8 collects garbage over and over, which is slow on a busy machine.
    const result = expectError(await run("function main() { const a = []; while (true) a.push({ n: a.length, row: new Array(100).fill(a.length) }) }", { timeoutMs: 30_000 }), "memory");
    expect(result.error.message).toBe("Out of memory (limit 64 MB)");
  });

  it("string doubling is stopped", async () => {
    // Without flattening, V8 refuses the string length first (a catchable RangeError).
    const ropes = expectError(await run("function main() { let s = 'x'; while (true) s = s + s }"), "runtime");
    expect(ropes.error.message).toMatch(/^RangeError: Invalid string length/);
  });

  it("a string bomb fails only as out of memory; if it takes the runner process down, its neighbours are told why and the child is replaced", async () => {
    // Flattening a huge string is usually an allocation V8 cannot fail gracefully: isolated-vm
    // reports a catastrophic error and the child must die. Where the limit is hit first in an
    // ordinary allocation (timing, on a busy machine), only the isolate is disposed and the
    // neighbour runs on to its own timeout. One child with two slots to observe a neighbour.
    const single = new SandboxPool({ size: 1, maxConcurrentPerChild: 2 });
    try {
      await single.whenReady();
      const neighbour = single.run({ code: "async function main() { await new Promise(() => {}) }", timeoutMs: 8_000 });
      const bomb = expectError(await single.run({ code: "function main() { let s = 'x'; while (true) { s = s + s; s.charCodeAt(s.length >> 1) } }" }), "memory");
      expect(bomb.error.message).toMatch(/^Out of memory \(limit 64 MB\)/);
      const hit = expectError(await neighbour, ["crashed", "timeout"]);
      if (hit.error.kind === "crashed") expect(hit.error.message).toContain("another execution in the same sandbox process ran out of memory");
      await single.whenReady();
      expectOk(await single.run({ code: "function main() { return { back: true } }" }));
    } finally {
      await single.shutdown();
    }
  });

  it("new ArrayBuffer(2 ** 31) is refused", async () => {
    const result = expectError(await run("function main() { const b = new ArrayBuffer(2 ** 31); return { n: b.byteLength } }"), "memory");
    expect(result.error.message).toBe("Out of memory: an ArrayBuffer could not be allocated (line 1, column 29)");
  });

  it("many moderately large typed arrays run out of memory", async () => {
    expectError(await run("function main() { const keep = []; for (let i = 0; i < 100; i++) keep.push(new Uint8Array(8 * 1024 * 1024).fill(1)); return { n: keep.length } }"), "memory");
  });

  it("deep recursion overflows the stack with a clear message", async () => {
    const result = expectError(await run("function down(n) { return down(n + 1) + 1 }\nfunction main() { return { n: down(0) } }"), "runtime");
    expect(result.error.message).toMatch(/^RangeError: Maximum call stack size exceeded \(line 1, column \d+\) — is there infinite recursion\?$/);
  });
});

describe("returning what cannot be handed on", () => {
  it("a 10 MB output is refused", async () => {
    const result = expectError(await run("function main() { return { big: 'x'.repeat(10 * 1024 * 1024) } }"), "output_too_large");
    expect(result.error.message).toBe("main() returned too much data (10 MB); the limit is 1 MB");
  });

  it("non-objects and values JSON cannot represent are refused with the reason", async () => {
    const cases: [string, string][] = [
      ["return () => 1", "main() must return an object, got function"],
      ["return 'text'", "main() must return an object, got string"],
      ["return [1, 2]", "main() must return an object, got array"],
      ["return null", "main() must return an object, got null"],
      ["return Symbol('s')", "main() must return an object, got symbol"],
      ["return 10n", "main() must return an object, got bigint"],
      ["const o = {}; o.self = o; return o", "main() returned a value that cannot be converted to JSON: Converting circular structure to JSON"],
      ["return { n: 10n }", "main() returned a value that cannot be converted to JSON: Do not know how to serialize a BigInt"],
      ["console.log('forgot')", "main() must return an object, got undefined (is a return statement missing?)"],
    ];
    for (const [body, message] of cases) {
      const result = expectError(await run(`async function main() { ${body} }`), "invalid_output");
      expect(result.error.message.startsWith(message), `${body} → ${result.error.message}`).toBe(true);
    }
  });

  it("toJSON and getter tricks on the returned object are contained", async () => {
    expect(expectError(await run("function main() { return { toJSON() { throw new Error('no json for you') } } }"), "invalid_output").error.message).toBe(
      "main() returned a value that cannot be converted to JSON: no json for you",
    );
    expect(expectError(await run("function main() { return { get x() { throw new TypeError('getter') } } }"), "invalid_output").error.message).toContain("getter");
    expectError(await run("function main() { return { toJSON() { return { big: 'y'.repeat(8 * 1024 * 1024) } } } }"), "output_too_large");
    expect(expectError(await run("function main() { return { toJSON() { return [1] } } }"), "invalid_output").error.message).toBe(
      "main() must return an object, but its toJSON() produced a array",
    );
    expectError(await run("function main() { return { toJSON() { while (true) {} } } }", { timeoutMs: 300 }), "timeout");
  });

  it("throwing non-Error values is reported clearly", async () => {
    const cases: [string, string][] = [
      ["throw 'plain string'", "main() threw a string value instead of an Error: plain string"],
      ["throw 42", "main() threw a number value instead of an Error: 42"],
      ["throw null", "main() threw a object value instead of an Error: null"],
      ["throw undefined", "main() threw a undefined value instead of an Error: undefined"],
      ["throw { code: 7 }", 'main() threw a object value instead of an Error: {"code":7}'],
    ];
    for (const [body, message] of cases) {
      expect(expectError(await run(`function main() { ${body} }`), "runtime").error.message).toBe(message);
    }
    const hostile = expectError(
      await run("function main() { const e = new Error('x'); Object.defineProperty(e, 'message', { get() { throw new Error('gotcha') } }); throw e }"),
      "runtime",
    );
    expect(hostile.error.message).toMatch(/^Error/);
  });
});

describe("after the hostile programs", () => {
  it("a child killed in the middle of hostile code reports crashed and is replaced", async () => {
    const victim = run("function main() { while (true) {} }", { timeoutMs: 20_000 });
    let pid: number | undefined;
    while (pid === undefined) {
      pid = pool.stats().children.find((child) => child.inFlight > 0)?.pid;
      if (pid === undefined) await sleep(5);
    }
    process.kill(pid, "SIGKILL");
    expect(expectError(await victim, "crashed").error.message).toContain("killed by SIGKILL");
    await pool.whenReady();
    expect(pool.childPids()).toHaveLength(POOL_SIZE);
    expect(pool.childPids()).not.toContain(pid);
  });

  it("the host is untouched and normal code still runs", async () => {
    expect(process.env).toEqual(hostEnvBefore);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
    expect(typeof JSON.stringify({})).toBe("string");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => run("async function main(inputs) { return { n: inputs.n * 2, text: '正常' } }", { inputs: { n: i } })),
    );
    expect(results.map((result) => expectOk(result).output)).toEqual(Array.from({ length: 6 }, (_, i) => ({ n: i * 2, text: "正常" })));
    expect(pool.stats().children.every((child) => child.ready)).toBe(true);
  });
});
