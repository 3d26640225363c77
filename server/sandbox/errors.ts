/**
 * Turning what went wrong into messages for the workflow author. Pure functions, shared by the
 * runner child (user errors) and the host pool (busy, crashed, cancelled).
 *
 * Stack traces are reduced to frames in the user's own file: frames of the sandbox runtime and
 * of the runner process (file paths on the server) must not leak into a trace the user sees.
 */
import { USER_FILENAME } from "./isolate-runtime";
import type { RuntimeFault } from "./isolate-runtime";
import type { SandboxError } from "./types";

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${trim(bytes / 1024)} KB`;
  return `${trim(bytes / (1024 * 1024))} MB`;
}

function trim(n: number): string {
  return n.toFixed(1).replace(/\.0$/, "");
}

const escapedFile = USER_FILENAME.replace(".", "\\.");
const LOCATION = new RegExp(`${escapedFile}:(\\d+):(\\d+)`);
/** isolated-vm appends the location to compile errors: "Unexpected number [main.js:2:9]". */
const COMPILE_LOCATION = new RegExp(`\\s*\\[${escapedFile}:(\\d+):(\\d+)\\]$`);

export interface Location {
  line: number;
  column: number;
}

export function locate(text: string | undefined): Location | undefined {
  const match = text ? LOCATION.exec(text) : null;
  if (!match) return undefined;
  return { line: Number(match[1]), column: Number(match[2]) };
}

/** Keeps the "Name: message" head of a V8 stack and the frames that point into the user's file. */
export function userStack(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const lines = stack.split("\n");
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
  const head = firstFrame === -1 ? lines : lines.slice(0, firstFrame);
  const frames = firstFrame === -1 ? [] : lines.slice(firstFrame).filter((line) => line.includes(USER_FILENAME));
  return [...head, ...frames].join("\n");
}

function at(location: Location | undefined): string {
  return location ? ` (line ${location.line}, column ${location.column})` : "";
}

function withLocation(error: Omit<SandboxError, "line" | "column">, location: Location | undefined): SandboxError {
  return location ? { ...error, line: location.line, column: location.column } : error;
}

export function syntaxError(rawMessage: string): SandboxError {
  const match = COMPILE_LOCATION.exec(rawMessage);
  const message = match ? rawMessage.slice(0, match.index) : rawMessage;
  const location = match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
  return withLocation({ kind: "syntax", message: `Syntax error${location ? ` at line ${location.line}, column ${location.column}` : ""}: ${message}` }, location);
}

/** An Error thrown by user code (inside main or at the top level of the script). */
export function thrownError(name: string | undefined, message: string | undefined, stack: string | undefined): SandboxError {
  const location = locate(stack);
  const label = name && name.length > 0 ? name : "Error";
  const text = message && message.length > 0 ? `${label}: ${message}` : label;
  if (label === "RangeError" && message === "Array buffer allocation failed") {
    return withLocation({ kind: "memory", message: `Out of memory: an ArrayBuffer could not be allocated${at(location)}`, stack: userStack(stack) }, location);
  }
  const hint = label === "RangeError" && message === "Maximum call stack size exceeded" ? " — is there infinite recursion?" : "";
  return withLocation({ kind: "runtime", message: `${text}${at(location)}${hint}`, stack: userStack(stack) }, location);
}

export function memoryError(memoryMb: number, note = ""): SandboxError {
  return { kind: "memory", message: `Out of memory (limit ${memoryMb} MB)${note}` };
}

export function timeoutError(timeoutMs: number, note = ""): SandboxError {
  return { kind: "timeout", message: `Code node timed out after ${formatDuration(timeoutMs)}${note}` };
}

export function cancelledError(message = "Execution was cancelled"): SandboxError {
  return { kind: "cancelled", message };
}

export function crashedError(detail: string): SandboxError {
  return { kind: "crashed", message: `The code sandbox process crashed while running this code (${detail}); it is being restarted, so a retry may succeed` };
}

export function busyError(reason: string): SandboxError {
  return { kind: "busy", message: `Sandbox busy: ${reason}; try again shortly` };
}

export function invalidInputError(message: string): SandboxError {
  return { kind: "invalid_input", message };
}

export function outputTooLargeError(sizeBytes: number | undefined, limitBytes: number): SandboxError {
  const size = sizeBytes === undefined ? "" : ` (${formatBytes(sizeBytes)})`;
  return { kind: "output_too_large", message: `main() returned too much data${size}; the limit is ${formatBytes(limitBytes)}` };
}

/** What the in-isolate runtime reported about main() and its return value. */
export function faultError(fault: RuntimeFault, maxOutputBytes: number): SandboxError {
  switch (fault.type) {
    case "no_main":
      return {
        kind: "runtime",
        message:
          fault.got === "undefined"
            ? "The code must define a function named main, e.g. async function main(inputs) { return { ... } }"
            : `main must be a function, got ${fault.got ?? "something else"}`,
      };
    case "thrown":
      return thrownError(fault.name, fault.message, fault.stack);
    case "thrown_value":
      return { kind: "runtime", message: `main() threw a ${fault.got ?? "non-Error"} value instead of an Error: ${fault.message ?? ""}` };
    case "bad_return": {
      const got = fault.got ?? "something else";
      if (fault.via === "toJSON") return { kind: "invalid_output", message: `main() must return an object, but its toJSON() produced ${got === "undefined" ? "nothing" : `a ${got}`}` };
      const hint = got === "undefined" ? " (is a return statement missing?)" : "";
      return { kind: "invalid_output", message: `main() must return an object, got ${got}${hint}` };
    }
    case "not_json":
      if (fault.name === "RangeError" && fault.message === "Invalid string length") return outputTooLargeError(undefined, maxOutputBytes);
      return { kind: "invalid_output", message: `main() returned a value that cannot be converted to JSON: ${fault.message ?? fault.name ?? "unknown error"}` };
    case "too_large":
      return outputTooLargeError(fault.size, maxOutputBytes);
  }
}
