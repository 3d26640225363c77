/**
 * Runs executions inside isolated-vm isolates. Lives only in the runner child process.
 *
 * Isolates are pooled, contexts are not:
 * - Every execution gets a NEW Context (own global object and intrinsics), created from a
 *   reused isolate. Globals, prototype changes and pending promises of one run are unreachable
 *   from the next; the previous context is released when its run ends.
 * - An isolate serves one execution at a time and is reused because creating one costs ~2 ms
 *   plus warm-up, which would dominate a trivial code node (the target is ~1 ms). Contexts of one
 *   isolate share nothing reachable from JavaScript; what they share is the heap, the compiled
 *   code cache and the `Symbol.for` registry (symbols carry no data). Since isolates are not a
 *   boundary against CPU side channels inside one process either, per-isolate reuse does not
 *   weaken what the process boundary already gives.
 * - An isolate is thrown away after `maxExecutionsPerIsolate` runs, when its heap stays above
 *   half of its limit after a run, and after any timeout, memory error, cancellation or
 *   unexpected failure (its state is then unknown: e.g. terminated halfway through a microtask).
 *
 * Timeouts: isolated-vm's `timeout` stops synchronous code and microtask loops (CPU), but an
 * `await` on a promise that never settles leaves the isolate idle and the call pending forever,
 * so a wall-clock timer also runs; when it fires the isolate is disposed, which settles the call.
 */
import { writeSync } from "node:fs";
import ivm from "isolated-vm";
import {
  cancelledError,
  faultError,
  memoryError,
  outputTooLargeError,
  syntaxError,
  thrownError,
  timeoutError,
} from "./errors";
import { MAX_LOG_CHARS, MAX_LOG_LINES } from "./limits";
import { RUNTIME_FILENAME, RUNTIME_SOURCE, USER_FILENAME, runtimeEnvelope, type RuntimeEnvelope } from "./isolate-runtime";
import { FATAL_MARKER, type ChildConfig, type ChildResult, type RunMessage } from "./protocol";
import type { LogEntry, SandboxError } from "./types";

/** Grace after the execution's deadline before the wall-clock timer steps in, so that
 * isolated-vm's own CPU timeout (which keeps the isolate usable and its logs readable) wins for
 * busy code. */
const WALL_GRACE_MS = 25;
/** How long to wait for the logs of a run stopped by the wall-clock timer. */
const LOG_RESCUE_MS = 100;
const COMPILED_SCRIPTS_PER_ISOLATE = 32;
const HEAP_RECYCLE_RATIO = 0.5;
const TIMED_OUT = "Script execution timed out.";
const DISPOSED_FOR_MEMORY = "Isolate was disposed during execution due to memory limit";

interface PooledIsolate {
  isolate: ivm.Isolate;
  memoryMb: number;
  runtime: ivm.Script;
  /** Compiled user scripts by source: a workflow runs the same code node many times. A Script is
   * code only; running it in a fresh context creates fresh functions. */
  scripts: Map<string, ivm.Script>;
  executions: number;
  /** The execution running in this isolate, named if V8 gives up on the isolate (see acquire). */
  runningId?: number;
}

type Interruption = "timeout" | "cancelled";

interface Execution {
  pooled: PooledIsolate;
  interrupt: (reason: Interruption) => void;
}

/** An isolated-vm call failed for a reason that is not the user's code. */
class IsolateFailure extends Error {}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function logsOf(envelope: RuntimeEnvelope | undefined): LogEntry[] {
  if (!envelope) return [];
  const logs: LogEntry[] = envelope.logs.map(([level, message]) => ({ level, message }));
  if (envelope.dropped > 0) {
    const limit = `${MAX_LOG_LINES} lines / ${MAX_LOG_CHARS / 1024} K characters`;
    logs.push({ level: "warn", message: `… ${envelope.dropped} more console line(s) not shown (the sandbox keeps at most ${limit})` });
  }
  return logs;
}

export class IsolateRunner {
  private readonly idle: PooledIsolate[] = [];
  private readonly running = new Map<number, Execution>();

  constructor(private readonly config: ChildConfig) {}

  cancel(id: number): void {
    this.running.get(id)?.interrupt("cancelled");
  }

  async execute(message: RunMessage): Promise<ChildResult> {
    const started = performance.now();
    const pooled = this.acquire(message.memoryMb);
    pooled.runningId = message.id;
    const deadline = started + message.timeoutMs;
    let interrupt: (reason: Interruption) => void = () => undefined;
    const interrupted = new Promise<Interruption>((resolve) => {
      interrupt = resolve;
    });
    this.running.set(message.id, { pooled, interrupt });
    const wallTimer = setTimeout(() => interrupt("timeout"), message.timeoutMs + WALL_GRACE_MS);

    const state: { context?: ivm.Context; api?: ivm.Reference } = {};
    let reusable = false;
    try {
      const run = this.run(pooled, message, deadline, state);
      const outcome = await Promise.race([run, interrupted]);
      if (typeof outcome === "string") {
        // The wall clock or the caller stopped it. Rescue the logs if the isolate is idle
        // (awaiting a promise that never settles), then dispose it, which settles `run`.
        run.catch(() => undefined);
        const logs = outcome === "timeout" ? await this.rescueLogs(state.api) : [];
        const error = outcome === "timeout" ? timeoutError(message.timeoutMs) : cancelledError();
        return this.result(started, { error, logs });
      }
      reusable = outcome.reusable;
      return this.result(started, outcome);
    } catch (error) {
      return this.result(started, { error: this.classify(error, pooled, message), logs: [] });
    } finally {
      clearTimeout(wallTimer);
      this.running.delete(message.id);
      state.api?.release();
      // Releasing a context of a disposed isolate throws; there is nothing left to release then.
      if (!pooled.isolate.isDisposed) state.context?.release();
      pooled.runningId = undefined;
      this.releaseIsolate(pooled, reusable);
    }
  }

  private result(started: number, outcome: { output?: string; error?: SandboxError; logs: LogEntry[] }): ChildResult {
    const durationMs = performance.now() - started;
    if (outcome.error) return { ok: false, error: outcome.error, logs: outcome.logs, durationMs };
    return { ok: true, outputJson: outcome.output ?? "{}", logs: outcome.logs, durationMs };
  }

  /** The steps of one execution. Rejects only for failures that are not the user's code. */
  private async run(
    pooled: PooledIsolate,
    message: RunMessage,
    deadline: number,
    state: { context?: ivm.Context; api?: ivm.Reference },
  ): Promise<{ output?: string; error?: SandboxError; logs: LogEntry[]; reusable: boolean }> {
    const remaining = () => Math.max(1, Math.ceil(deadline - performance.now()));
    const { isolate } = pooled;

    let script: ivm.Script;
    try {
      script = await this.compile(pooled, message.code);
    } catch (error) {
      if (isolate.isDisposed) throw error;
      return { error: syntaxError(messageOf(error)), logs: [], reusable: true };
    }

    const context = await isolate.createContext();
    state.context = context;
    const api: ivm.Reference = await pooled.runtime.run(context, { reference: true, timeout: remaining() });
    state.api = api;

    // Top-level statements of the user's script run here (declaring main, or anything else).
    try {
      await script.run(context, { timeout: remaining() });
    } catch (error) {
      if (isolate.isDisposed) throw error;
      if (isTimeout(error, deadline)) return { error: timeoutError(message.timeoutMs), logs: await this.rescueLogs(api), reusable: false };
      const logs = logsOf(await this.readEnvelope(api, ["logs"], remaining()));
      if (error instanceof Error) return { error: thrownError(error.name, error.message, error.stack), logs, reusable: true };
      const thrown = typeof error === "string" ? JSON.stringify(error) : String(error);
      return { error: { kind: "runtime", message: `The code threw a ${typeof error} value instead of an Error: ${thrown}` }, logs, reusable: true };
    }

    let envelope: RuntimeEnvelope;
    try {
      envelope = await this.readEnvelope(api, ["invoke", message.inputsJson, message.maxOutputBytes], remaining());
    } catch (error) {
      // isolated-vm stopped busy code (a loop, a regex, a microtask flood); the isolate survives
      // that, so the logs written so far can still be read (then it is recycled all the same).
      if (!isolate.isDisposed && isTimeout(error, deadline)) return { error: timeoutError(message.timeoutMs), logs: await this.rescueLogs(api), reusable: false };
      throw error;
    }
    const logs = logsOf(envelope);
    if (envelope.fault) return { error: faultError(envelope.fault, message.maxOutputBytes), logs, reusable: true };
    if (!envelope.ok || envelope.output === undefined) throw new IsolateFailure("The sandbox runtime returned no output");
    // The isolate checked the length in UTF-16 units; the limit is on UTF-8 bytes.
    const bytes = Buffer.byteLength(envelope.output, "utf8");
    if (bytes > message.maxOutputBytes) return { error: outputTooLargeError(bytes, message.maxOutputBytes), logs, reusable: true };
    return { output: envelope.output, logs, reusable: true };
  }

  private async readEnvelope(api: ivm.Reference, args: (string | number)[], timeout: number): Promise<RuntimeEnvelope> {
    const text: unknown = await api.apply(undefined, args, {
      arguments: { copy: true },
      result: { promise: true, copy: true },
      timeout,
    });
    if (typeof text !== "string") throw new IsolateFailure("The sandbox runtime returned a non-string");
    const parsed = runtimeEnvelope.safeParse(JSON.parse(text));
    if (!parsed.success) throw new IsolateFailure("The sandbox runtime returned a malformed envelope");
    return parsed.data;
  }

  private async rescueLogs(api: ivm.Reference | undefined): Promise<LogEntry[]> {
    if (!api) return [];
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), LOG_RESCUE_MS);
    });
    try {
      const envelope = await Promise.race([this.readEnvelope(api, ["logs"], LOG_RESCUE_MS).catch(() => undefined), giveUp]);
      return logsOf(envelope);
    } finally {
      clearTimeout(timer);
    }
  }

  private classify(error: unknown, pooled: PooledIsolate, message: RunMessage): SandboxError {
    const text = messageOf(error);
    if (text.startsWith(DISPOSED_FOR_MEMORY)) return memoryError(message.memoryMb);
    if (text === TIMED_OUT) return timeoutError(message.timeoutMs);
    if (pooled.isolate.isDisposed) return memoryError(message.memoryMb);
    return { kind: "crashed", message: `The code sandbox failed unexpectedly: ${text}` };
  }

  private async compile(pooled: PooledIsolate, code: string): Promise<ivm.Script> {
    const cached = pooled.scripts.get(code);
    if (cached) {
      // Map order is insertion order: re-inserting makes this the most recently used.
      pooled.scripts.delete(code);
      pooled.scripts.set(code, cached);
      return cached;
    }
    const script = await pooled.isolate.compileScript(code, { filename: USER_FILENAME });
    pooled.scripts.set(code, script);
    if (pooled.scripts.size > COMPILED_SCRIPTS_PER_ISOLATE) {
      const oldest = pooled.scripts.keys().next();
      if (!oldest.done) {
        pooled.scripts.get(oldest.value)?.release();
        pooled.scripts.delete(oldest.value);
      }
    }
    return script;
  }

  private acquire(memoryMb: number): PooledIsolate {
    const index = this.idle.findIndex((pooled) => pooled.memoryMb === memoryMb);
    if (index !== -1) return this.idle.splice(index, 1)[0]!;
    let pooled: PooledIsolate | undefined;
    const isolate = new ivm.Isolate({
      memoryLimit: memoryMb,
      // V8 lost control of the isolate (typically an allocation that cannot fail gracefully, such
      // as flattening a huge string): isolated-vm's docs say to end the process. Name the
      // execution on stderr first (synchronously; the host reads it after the exit) so the host
      // can report *that* execution as out of memory and the others as collateral crashes.
      // SIGKILL rather than abort(): no core dump, no exit handlers in a damaged process.
      onCatastrophicError: (text: string) => {
        writeSync(2, `${FATAL_MARKER}${pooled?.runningId ?? "none"} ${text}\n`);
        process.kill(process.pid, "SIGKILL");
      },
    });
    const runtime = isolate.compileScriptSync(RUNTIME_SOURCE, { filename: RUNTIME_FILENAME });
    pooled = { isolate, memoryMb, runtime, scripts: new Map(), executions: 0 };
    return pooled;
  }

  private releaseIsolate(pooled: PooledIsolate, reusable: boolean): void {
    pooled.executions += 1;
    if (reusable && !pooled.isolate.isDisposed && pooled.executions < this.config.maxExecutionsPerIsolate && this.heapIsLow(pooled)) {
      this.idle.push(pooled);
      // Keep at most as many idle isolates as executions can run at once (e.g. after a change of
      // memory limit, isolates for the old limit are dropped first: they sit at the front).
      while (this.idle.length > this.config.maxIsolates) this.dispose(this.idle.shift());
      return;
    }
    this.dispose(pooled);
  }

  private heapIsLow(pooled: PooledIsolate): boolean {
    const heap = pooled.isolate.getHeapStatisticsSync();
    return heap.used_heap_size + heap.externally_allocated_size < pooled.memoryMb * 1024 * 1024 * HEAP_RECYCLE_RATIO;
  }

  private dispose(pooled: PooledIsolate | undefined): void {
    if (pooled && !pooled.isolate.isDisposed) pooled.isolate.dispose();
  }
}

function isTimeout(error: unknown, deadline: number): boolean {
  // A user could throw an Error with the same text; only count it once the deadline has passed.
  return messageOf(error) === TIMED_OUT && performance.now() >= deadline - 5;
}
