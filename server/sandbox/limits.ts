/**
 * Limits of one execution and of the pool. Per-call limits can be lowered or raised within the
 * bounds below; values outside them are a caller bug (the code node's settings are validated
 * before they get here), so they throw instead of being clamped silently.
 */

export const DEFAULT_TIMEOUT_MS = 5_000;
export const MAX_TIMEOUT_MS = 60_000;
export const MIN_TIMEOUT_MS = 1;

export const DEFAULT_MEMORY_MB = 64;
/** isolated-vm refuses memory limits under 8 MB. */
export const MIN_MEMORY_MB = 8;
/** Each child runs up to `maxConcurrentPerChild` isolates; 512 MB each is already a lot per process. */
export const MAX_MEMORY_MB = 512;

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
export const MAX_OUTPUT_BYTES_LIMIT = 16 * 1024 * 1024;

/** What goes in: both travel over IPC and are parsed/compiled inside the isolate. */
export const MAX_CODE_BYTES = 256 * 1024;
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** console.* capture inside the isolate (characters, not bytes: counted in the isolate). */
export const MAX_LOG_LINES = 200;
export const MAX_LOG_CHARS = 64 * 1024;

/** Error text coming out of user code is cut to these lengths (a thrown 10 MB message is not useful). */
export const MAX_ERROR_MESSAGE_CHARS = 4_000;
export const MAX_ERROR_STACK_CHARS = 16_000;

export interface PoolOptions {
  /** Number of runner child processes (default 2). */
  size: number;
  /** Executions running at once in one child, each in its own isolate (default 4). */
  maxConcurrentPerChild: number;
  /** Requests waiting for a free slot before new ones are turned away as busy (default 100). */
  maxQueue: number;
  /** How long a request may wait in the queue before it is turned away as busy (default 30 s). */
  maxQueueWaitMs: number;
  /** An isolate is replaced after this many executions (default 200). */
  maxExecutionsPerIsolate: number;
  /**
   * Extra time the host grants a child beyond an execution's own timeout before it declares the
   * child hung and kills it (the child enforces the timeout itself; this is only a backstop).
   */
  hangGraceMs: number;
  /** Entry file of the runner child, relative to `process.cwd()` unless absolute. */
  runnerPath: string;
}

export const DEFAULT_POOL_OPTIONS: PoolOptions = {
  size: 2,
  maxConcurrentPerChild: 4,
  maxQueue: 100,
  maxQueueWaitMs: 30_000,
  maxExecutionsPerIsolate: 200,
  hangGraceMs: 2_000,
  runnerPath: "server/sandbox/runner-child.ts",
};

export interface ExecutionLimits {
  timeoutMs: number;
  memoryMb: number;
  maxOutputBytes: number;
}

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`sandbox: ${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

export function resolveLimits(options: { timeoutMs?: number; memoryMb?: number; maxOutputBytes?: number }): ExecutionLimits {
  return {
    timeoutMs: checkInteger("timeoutMs", options.timeoutMs ?? DEFAULT_TIMEOUT_MS, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS),
    memoryMb: checkInteger("memoryMb", options.memoryMb ?? DEFAULT_MEMORY_MB, MIN_MEMORY_MB, MAX_MEMORY_MB),
    maxOutputBytes: checkInteger("maxOutputBytes", options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES, 2, MAX_OUTPUT_BYTES_LIMIT),
  };
}

export function resolvePoolOptions(options: Partial<PoolOptions> = {}): PoolOptions {
  const merged = { ...DEFAULT_POOL_OPTIONS, ...options };
  checkInteger("size", merged.size, 1, 64);
  checkInteger("maxConcurrentPerChild", merged.maxConcurrentPerChild, 1, 64);
  checkInteger("maxQueue", merged.maxQueue, 0, 100_000);
  checkInteger("maxQueueWaitMs", merged.maxQueueWaitMs, 1, 10 * 60_000);
  checkInteger("maxExecutionsPerIsolate", merged.maxExecutionsPerIsolate, 1, 1_000_000);
  checkInteger("hangGraceMs", merged.hangGraceMs, 100, 60_000);
  return merged;
}
