/**
 * The JavaScript that runs inside every fresh sandbox context *before* the user's code: it
 * installs console capture and returns one function (kept by the runner as a Reference on the
 * host side, never stored anywhere user code can see) that calls `main` and serializes the
 * result.
 *
 * It is a string, not a TypeScript function turned into source with `.toString()`, because the
 * code reaching the isolate must be exactly what is written here: tsx/esbuild and Next's
 * compiler rewrite functions (e.g. inserting `__name(...)` helpers that do not exist in a bare
 * isolate).
 *
 * Ground rules for this source:
 * - Nothing from the host goes in: no callbacks, no References. Inputs arrive as a JSON string
 *   argument, the result leaves as a JSON string (the runner copies strings only).
 * - Intrinsics it relies on (JSON.stringify, Reflect.apply, ...) are captured before user code
 *   runs, so a user overriding `JSON` or prototype methods can garble only their own output, never
 *   the envelope the runner parses. The envelope is built by string concatenation of values
 *   quoted with the captured JSON.stringify applied to primitives (no toJSON lookup happens for
 *   primitives), and log entries are stored with defineProperty (no inherited setters fire).
 * - Strict mode throughout: V8 hides strict frames' functions and receivers from
 *   `Error.prepareStackTrace` call sites, so user code cannot grab this closure via a stack trace
 *   (it could only disturb its own run anyway; the isolate is the security boundary).
 * - The runner validates the envelope with `runtimeEnvelope` below and treats it as untrusted.
 */
import { z } from "zod";
import { MAX_ERROR_MESSAGE_CHARS, MAX_ERROR_STACK_CHARS, MAX_LOG_CHARS, MAX_LOG_LINES } from "./limits";

/** File name the user's script is compiled under; stack frames in user code carry it. */
export const USER_FILENAME = "main.js";
export const RUNTIME_FILENAME = "agentloom-sandbox-runtime.js";

const SOURCE = String.raw`"use strict";
(function () {
  "use strict";
  const G = globalThis;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const isArray = Array.isArray;
  const toStr = String;
  const ErrorCtor = Error;
  const sliceStr = String.prototype.slice;
  const MAX_LOG_LINES = __MAX_LOG_LINES__;
  const MAX_LOG_CHARS = __MAX_LOG_CHARS__;
  const MAX_MESSAGE = __MAX_MESSAGE__;
  const MAX_STACK = __MAX_STACK__;

  // Not needed by code nodes, and hazards: WebAssembly memory is allocated outside the isolate's
  // heap limit (the child also runs with --no-expose-wasm), SharedArrayBuffer only serves to block
  // a thread with Atomics.wait or to build high-resolution timers.
  delete G.WebAssembly;
  delete G.SharedArrayBuffer;

  function cut(s, max) {
    return s.length > max ? apply(sliceStr, s, [0, max]) + "… [truncated]" : s;
  }

  function isError(v) {
    try { return v instanceof ErrorCtor; } catch (_) { return false; }
  }

  // console.log formatting: strings as they are, objects as JSON, errors with their stack.
  function describe(v) {
    try {
      switch (typeof v) {
        case "string": return v;
        case "undefined": return "undefined";
        case "bigint": return toStr(v) + "n";
        case "symbol": return toStr(v);
        case "function": return "[Function]";
        case "object": {
          if (v === null) return "null";
          if (isError(v)) { const s = v.stack; return typeof s === "string" ? s : toStr(v); }
          const s = stringify(v);
          return typeof s === "string" ? s : toStr(v);
        }
        default: return toStr(v);
      }
    } catch (_) {
      try { return toStr(v); } catch (_) { return "[unprintable value]"; }
    }
  }

  const logs = [];
  let logChars = 0;
  let dropped = 0;

  function record(level, args) {
    let line = "";
    for (let i = 0; i < args.length; i++) line += (i === 0 ? "" : " ") + describe(args[i]);
    if (logs.length >= MAX_LOG_LINES || logChars >= MAX_LOG_CHARS) { dropped++; return; }
    line = cut(line, MAX_LOG_CHARS - logChars);
    logChars += line.length;
    defineProperty(logs, logs.length, { value: [level, line], writable: true, enumerable: true, configurable: true });
  }

  // The context's built-in console has no-op methods (no inspector attached); the printing ones
  // are replaced, the rest (time, count, group...) stay harmless no-ops.
  const consoleObject = G.console;
  const methods = [["log", "log"], ["info", "info"], ["warn", "warn"], ["error", "error"], ["debug", "debug"],
    ["trace", "debug"], ["dir", "log"], ["table", "log"]];
  for (let i = 0; i < methods.length; i++) {
    const name = methods[i][0];
    const level = methods[i][1];
    defineProperty(consoleObject, name, {
      value: function (...args) { record(level, args); },
      writable: true, enumerable: true, configurable: true,
    });
  }
  defineProperty(consoleObject, "assert", {
    value: function (condition, ...args) { if (!condition) record("error", ["Assertion failed:"].concat(args)); },
    writable: true, enumerable: true, configurable: true,
  });

  function logsJson() {
    let s = "[";
    for (let i = 0; i < logs.length; i++) {
      const entry = logs[i];
      s += (i === 0 ? "" : ",") + "[" + stringify(entry[0]) + "," + stringify(entry[1]) + "]";
    }
    return s + "]";
  }

  function finish(body) {
    return "{" + body + ',"logs":' + logsJson() + ',"dropped":' + dropped + "}";
  }

  function field(key, value) {
    if (typeof value === "string") return "," + stringify(key) + ":" + stringify(value);
    if (typeof value === "number" && value === value) return "," + stringify(key) + ":" + value;
    return "";
  }

  function fault(type, fields) {
    return '"ok":false,"fault":{"type":' + stringify(type) + (fields || "") + "}";
  }

  function thrown(e) {
    if (e !== null && (typeof e === "object" || typeof e === "function")) {
      let name, message, stack;
      try { const n = e.name; if (typeof n === "string") name = cut(n, 200); } catch (_) {}
      try { const m = e.message; if (typeof m === "string") message = cut(m, MAX_MESSAGE); } catch (_) {}
      try { const s = e.stack; if (typeof s === "string") stack = cut(s, MAX_STACK); } catch (_) {}
      if (message !== undefined || stack !== undefined) {
        return fault("thrown", field("name", name) + field("message", message) + field("stack", stack));
      }
    }
    return fault("thrown_value", field("message", cut(describe(e), MAX_MESSAGE)) + field("got", typeof e));
  }

  function jsonKind(json) {
    const c = json[0];
    if (c === "[") return "array";
    if (c === '"') return "string";
    if (c === "t" || c === "f") return "boolean";
    if (c === "n") return "null";
    return "number";
  }

  function serialize(result, maxOutputChars) {
    let kind;
    try { kind = result === null ? "null" : isArray(result) ? "array" : typeof result; }
    catch (_) { kind = "revoked Proxy"; }
    if (kind !== "object") return fault("bad_return", field("got", kind));
    let json;
    try { json = stringify(result); }
    catch (e) {
      let name, message;
      try { name = toStr(e && e.name); message = cut(toStr(e && e.message), MAX_MESSAGE); } catch (_) {}
      return fault("not_json", field("name", name) + field("message", message));
    }
    if (typeof json !== "string") return fault("bad_return", field("got", "undefined") + field("via", "toJSON"));
    if (json[0] !== "{") return fault("bad_return", field("got", jsonKind(json)) + field("via", "toJSON"));
    if (json.length > maxOutputChars) return fault("too_large", field("size", json.length));
    return '"ok":true,"output":' + stringify(json);
  }

  async function invoke(inputsJson, maxOutputChars) {
    let result;
    try {
      if (typeof main !== "function") return finish(fault("no_main", field("got", typeof main)));
      result = await main(parse(inputsJson));
    } catch (e) {
      return finish(thrown(e));
    }
    return finish(serialize(result, maxOutputChars));
  }

  return function sandbox(op, inputsJson, maxOutputChars) {
    return op === "invoke" ? invoke(inputsJson, maxOutputChars) : finish('"ok":false');
  };
})();
`;

export const RUNTIME_SOURCE = SOURCE.replace("__MAX_LOG_LINES__", String(MAX_LOG_LINES))
  .replace("__MAX_LOG_CHARS__", String(MAX_LOG_CHARS))
  .replace("__MAX_MESSAGE__", String(MAX_ERROR_MESSAGE_CHARS))
  .replace("__MAX_STACK__", String(MAX_ERROR_STACK_CHARS));

const level = z.enum(["log", "info", "warn", "error", "debug"]);

export const runtimeFault = z.object({
  type: z.enum(["no_main", "thrown", "thrown_value", "bad_return", "not_json", "too_large"]),
  name: z.string().optional(),
  message: z.string().optional(),
  stack: z.string().optional(),
  got: z.string().optional(),
  via: z.string().optional(),
  size: z.number().optional(),
});

/** What `sandbox("invoke", ...)` resolves to (and `sandbox("logs")`, with only logs/dropped). */
export const runtimeEnvelope = z.object({
  ok: z.boolean(),
  output: z.string().optional(),
  fault: runtimeFault.optional(),
  logs: z.array(z.tuple([level, z.string()])),
  dropped: z.number().int().nonnegative(),
});

export type RuntimeFault = z.infer<typeof runtimeFault>;
export type RuntimeEnvelope = z.infer<typeof runtimeEnvelope>;
