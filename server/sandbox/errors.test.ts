import { describe, expect, it } from "vitest";
import { faultError, formatBytes, formatDuration, locate, syntaxError, thrownError, userStack } from "./errors";
import { resolveLimits, resolvePoolOptions } from "./limits";
import { childMessage, hostMessage } from "./protocol";

describe("sandbox error messages", () => {
  it("formats durations and sizes for people", () => {
    expect(formatDuration(5000)).toBe("5 s");
    expect(formatDuration(1500)).toBe("1.5 s");
    expect(formatDuration(300)).toBe("300 ms");
    expect(formatBytes(1024 * 1024)).toBe("1 MB");
    expect(formatBytes(10.5 * 1024 * 1024)).toBe("10.5 MB");
    expect(formatBytes(2048)).toBe("2 KB");
    expect(formatBytes(12)).toBe("12 bytes");
  });

  it("keeps only the user's frames of a stack trace, so server paths never reach the user", () => {
    const stack = [
      "TypeError: x is not a function",
      "    at helper (main.js:4:3)",
      "    at main (main.js:9:10)",
      "    at invoke (agentloom-sandbox-runtime.js:150:20)",
      "    at (<isolated-vm boundary>)",
      "    at IsolateRunner.run (/app/server/sandbox/runner.ts:120:7)",
    ].join("\n");
    expect(userStack(stack)).toBe("TypeError: x is not a function\n    at helper (main.js:4:3)\n    at main (main.js:9:10)");
    expect(locate(stack)).toEqual({ line: 4, column: 3 });
    expect(locate("no location")).toBeUndefined();
  });

  it("puts the line and column of an error in its message", () => {
    const error = thrownError("TypeError", "Cannot read properties of undefined (reading 'x')", "TypeError: ...\n    at main (main.js:3:9)");
    expect(error).toMatchObject({ kind: "runtime", line: 3, column: 9 });
    expect(error.message).toBe("TypeError: Cannot read properties of undefined (reading 'x') (line 3, column 9)");
  });

  it("reads isolated-vm's location suffix of syntax errors", () => {
    expect(syntaxError("Unexpected token '}' [main.js:2:9]")).toEqual({
      kind: "syntax",
      message: "Syntax error at line 2, column 9: Unexpected token '}'",
      line: 2,
      column: 9,
    });
    expect(syntaxError("Unexpected end of input").message).toBe("Syntax error: Unexpected end of input");
  });

  it("explains bad return values", () => {
    expect(faultError({ type: "bad_return", got: "string" }, 1024).message).toBe("main() must return an object, got string");
    expect(faultError({ type: "bad_return", got: "undefined" }, 1024).message).toContain("return statement");
    expect(faultError({ type: "bad_return", got: "string", via: "toJSON" }, 1024).message).toContain("toJSON() produced a string");
    expect(faultError({ type: "too_large", size: 10 * 1024 * 1024 }, 1024 * 1024)).toEqual({
      kind: "output_too_large",
      message: "main() returned too much data (10 MB); the limit is 1 MB",
    });
    expect(faultError({ type: "no_main", got: "undefined" }, 1).message).toContain("function named main");
  });
});

describe("sandbox limits and protocol", () => {
  it("applies defaults and rejects out-of-range limits (caller bugs)", () => {
    expect(resolveLimits({})).toEqual({ timeoutMs: 5000, memoryMb: 64, maxOutputBytes: 1024 * 1024 });
    expect(() => resolveLimits({ timeoutMs: 60_001 })).toThrow(RangeError);
    expect(() => resolveLimits({ memoryMb: 4 })).toThrow(RangeError);
    expect(() => resolveLimits({ timeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => resolvePoolOptions({ size: 0 })).toThrow(RangeError);
    expect(resolvePoolOptions({ size: 3 })).toMatchObject({ size: 3, maxConcurrentPerChild: 4 });
  });

  it("validates messages in both directions", () => {
    expect(hostMessage.safeParse({ type: "run", id: 1, code: "", inputsJson: "{}", timeoutMs: 100, memoryMb: 64, maxOutputBytes: 10 }).success).toBe(true);
    expect(hostMessage.safeParse({ type: "run", id: 1, code: "", inputsJson: "{}", timeoutMs: 999_999, memoryMb: 64, maxOutputBytes: 10 }).success).toBe(false);
    expect(hostMessage.safeParse({ type: "eval", code: "process.exit()" }).success).toBe(false);
    expect(childMessage.safeParse({ type: "result", id: 1, result: { ok: true, outputJson: "{}", logs: [], durationMs: 1 } }).success).toBe(true);
    expect(childMessage.safeParse({ type: "result", id: 1, result: { ok: false, error: { kind: "pwned", message: "" }, logs: [], durationMs: 1 } }).success).toBe(false);
  });
});
