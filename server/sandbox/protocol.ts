/**
 * Messages between the host (pool) and a runner child, over the fork IPC channel.
 *
 * Both sides validate what they receive: the child because the channel is its only input, the
 * host because a child that misbehaves (bug, memory corruption after a V8 fatal error) must not
 * be able to hand the web process a malformed result. The output travels as a JSON *string*
 * (`outputJson`) and is parsed once, by the host.
 */
import { z } from "zod";
import { MAX_MEMORY_MB, MAX_OUTPUT_BYTES_LIMIT, MAX_TIMEOUT_MS, MIN_MEMORY_MB, MIN_TIMEOUT_MS } from "./limits";

const executionId = z.number().int().nonnegative();

export const runMessage = z.object({
  type: z.literal("run"),
  id: executionId,
  code: z.string(),
  inputsJson: z.string(),
  timeoutMs: z.number().int().min(MIN_TIMEOUT_MS).max(MAX_TIMEOUT_MS),
  memoryMb: z.number().int().min(MIN_MEMORY_MB).max(MAX_MEMORY_MB),
  maxOutputBytes: z.number().int().positive().max(MAX_OUTPUT_BYTES_LIMIT),
});

export const cancelMessage = z.object({ type: z.literal("cancel"), id: executionId });

export const hostMessage = z.discriminatedUnion("type", [runMessage, cancelMessage]);

export const logEntry = z.object({
  level: z.enum(["log", "info", "warn", "error", "debug"]),
  message: z.string(),
});

export const sandboxError = z.object({
  kind: z.enum([
    "syntax",
    "runtime",
    "timeout",
    "memory",
    "output_too_large",
    "invalid_output",
    "crashed",
    "cancelled",
    "busy",
    "invalid_input",
  ]),
  message: z.string(),
  stack: z.string().optional(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
});

export const childResult = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), outputJson: z.string(), logs: z.array(logEntry), durationMs: z.number() }),
  z.object({ ok: z.literal(false), error: sandboxError, logs: z.array(logEntry), durationMs: z.number() }),
]);

export const readyMessage = z.object({ type: z.literal("ready"), pid: z.number().int() });
export const resultMessage = z.object({ type: z.literal("result"), id: executionId, result: childResult });

export const childMessage = z.discriminatedUnion("type", [readyMessage, resultMessage]);

/** Settings the host passes to a child on its command line (`--config=<json>`). */
export const childConfig = z.object({
  maxExecutionsPerIsolate: z.number().int().positive(),
  /** Idle isolates kept for reuse; the host never runs more than this many executions at once. */
  maxIsolates: z.number().int().positive(),
});

export type RunMessage = z.infer<typeof runMessage>;
export type CancelMessage = z.infer<typeof cancelMessage>;
export type HostMessage = z.infer<typeof hostMessage>;
export type ChildResult = z.infer<typeof childResult>;
export type ChildMessage = z.infer<typeof childMessage>;
export type ChildConfig = z.infer<typeof childConfig>;

export const CONFIG_FLAG = "--config=";

/** Written by a child to stderr, followed by an execution id, just before it kills itself
 * because V8 gave up on that execution's isolate (out of memory beyond recovery). */
export const FATAL_MARKER = "agentloom-sandbox-fatal: execution ";
