/**
 * Public types of the code sandbox. Shared by the host side (pool, index) and the runner child,
 * so this file must stay free of Node- or isolated-vm-specific imports.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Why an execution failed.
 * - syntax: the code does not parse.
 * - runtime: the code threw (or does not define main).
 * - timeout / memory: a limit was hit.
 * - output_too_large / invalid_output: main() returned something we cannot hand on.
 * - crashed: the runner process died (or stopped answering) while the code ran.
 * - cancelled: the caller's AbortSignal fired.
 * - busy: the sandbox queue is full (or the wait for a free slot was too long); retry later.
 * - invalid_input: the code or the inputs cannot be sent to the sandbox (too large, not JSON).
 */
export type SandboxErrorKind =
  | "syntax"
  | "runtime"
  | "timeout"
  | "memory"
  | "output_too_large"
  | "invalid_output"
  | "crashed"
  | "cancelled"
  | "busy"
  | "invalid_input";

export interface SandboxError {
  kind: SandboxErrorKind;
  /** Written for the workflow author: what happened and, where known, where (line/column). */
  message: string;
  /** The user's stack trace, reduced to frames in their own code. */
  stack?: string;
  /** 1-based position in the user's code, when the error points at one. */
  line?: number;
  column?: number;
}

export type LogLevel = "log" | "info" | "warn" | "error" | "debug";

export interface LogEntry {
  level: LogLevel;
  message: string;
}

/**
 * `output` is untrusted data produced by user code: plain JSON, but it may contain any key,
 * including an own `__proto__` key (harmless as data; do not `Object.assign` it into objects).
 * `durationMs` runs from the call to the result, including any wait for a free slot.
 */
export type SandboxResult =
  | { ok: true; output: JsonObject; logs: LogEntry[]; durationMs: number }
  | { ok: false; error: SandboxError; logs: LogEntry[]; durationMs: number };

export interface RunCodeOptions {
  /** The user's script; it must define `main(inputs)` (sync or async). */
  code: string;
  /** Anything JSON-serializable; `undefined` is sent as `{}`. */
  inputs?: unknown;
  /** Wall-clock limit for the whole execution (default 5 s, at most 60 s). */
  timeoutMs?: number;
  /** Heap limit of the isolate (default 64 MB). */
  memoryMb?: number;
  /** Limit on the UTF-8 size of the JSON output (default 1 MB). */
  maxOutputBytes?: number;
  /** Aborts the execution; the result is then `{ ok: false, error: { kind: "cancelled" } }`. */
  signal?: AbortSignal;
}
