/**
 * The pool of runner child processes: admission (validation, bounded queue), scheduling onto
 * free slots, cancellation, and replacing children that die.
 *
 * `run()` never rejects for anything the user's code or a child does: every outcome is a
 * SandboxResult. It rejects only for caller bugs (limits out of range, code not a string).
 */
import { busyError, cancelledError, formatBytes, formatDuration, invalidInputError } from "./errors";
import { MAX_CODE_BYTES, MAX_INPUT_BYTES, resolveLimits, resolvePoolOptions, type PoolOptions } from "./limits";
import type { RunMessage } from "./protocol";
import { RunnerProcess, type ExecutionOutcome, type RunnerEvents } from "./runner-process";
import type { JsonObject, RunCodeOptions, SandboxError, SandboxResult } from "./types";

const STARTUP_TIMEOUT_MS = 30_000;
/** Consecutive children that die before becoming ready before requests are failed instead of queued. */
const START_FAILURES_BEFORE_GIVING_UP = 3;
const MAX_RESPAWN_DELAY_MS = 5_000;

/** A result before its duration is stamped on (Omit distributed over the union). */
type Settled = SandboxResult extends infer R ? (R extends SandboxResult ? Omit<R, "durationMs"> : never) : never;

interface Request {
  message: RunMessage;
  started: number;
  resolve: (result: SandboxResult) => void;
  state: "queued" | "running" | "done";
  runner?: RunnerProcess;
  queueTimer?: NodeJS.Timeout;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export interface SandboxPoolStats {
  children: { pid: number | undefined; ready: boolean; inFlight: number }[];
  queued: number;
}

function failure(error: SandboxError): Settled {
  return { ok: false, error, logs: [] };
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Serializes the inputs on the host, so what reaches the isolate is plain JSON text. */
function serializeInputs(inputs: unknown): { json: string } | { error: SandboxError } {
  let json: string | undefined;
  try {
    json = JSON.stringify(inputs === undefined ? {} : inputs);
  } catch (error) {
    return { error: invalidInputError(`The inputs cannot be converted to JSON: ${error instanceof Error ? error.message : String(error)}`) };
  }
  if (json === undefined) return { error: invalidInputError(`The inputs cannot be converted to JSON (got a ${typeof inputs})`) };
  const bytes = Buffer.byteLength(json, "utf8");
  if (bytes > MAX_INPUT_BYTES) return { error: invalidInputError(`The inputs are too large (${formatBytes(bytes)}; the limit is ${formatBytes(MAX_INPUT_BYTES)})`) };
  return { json };
}

export class SandboxPool {
  readonly options: PoolOptions;
  private readonly runners: RunnerProcess[] = [];
  private readonly queue: Request[] = [];
  private readonly readyWaiters: { count: number; resolve: () => void }[] = [];
  private nextId = 1;
  private closed = false;
  private startFailures = 0;
  private lastStartFailure = "";
  private respawnTimer: NodeJS.Timeout | undefined;
  private readonly events: RunnerEvents = {
    onReady: () => {
      this.startFailures = 0;
      this.notifyReady();
      this.pump();
    },
    onSlotFreed: () => this.pump(),
    onExit: (runner, info) => this.onRunnerExit(runner, info),
  };

  constructor(options: Partial<PoolOptions> = {}) {
    this.options = resolvePoolOptions(options);
    this.fill();
  }

  async run(options: RunCodeOptions): Promise<SandboxResult> {
    const started = performance.now();
    const limits = resolveLimits(options);
    if (typeof options.code !== "string") throw new TypeError("sandbox: code must be a string");
    const done = (settled: Settled): SandboxResult => ({ ...settled, durationMs: performance.now() - started });

    const codeBytes = Buffer.byteLength(options.code, "utf8");
    if (codeBytes > MAX_CODE_BYTES) {
      return done(failure(invalidInputError(`The code is too large (${formatBytes(codeBytes)}; the limit is ${formatBytes(MAX_CODE_BYTES)})`)));
    }
    const inputs = serializeInputs(options.inputs);
    if ("error" in inputs) return done(failure(inputs.error));
    if (this.closed) return done(failure(cancelledError("The code sandbox was shut down")));
    if (options.signal?.aborted) return done(failure(cancelledError()));
    if (this.startFailures >= START_FAILURES_BEFORE_GIVING_UP && !this.runners.some((runner) => runner.isReady)) {
      return done(failure({ kind: "crashed", message: `The code sandbox could not start (${this.lastStartFailure})` }));
    }
    if (this.queue.length >= this.options.maxQueue && !this.freeRunner()) {
      return done(failure(busyError(`${this.queue.length} code executions are already waiting`)));
    }

    return new Promise<SandboxResult>((resolve) => {
      const request: Request = {
        message: { type: "run", id: this.nextId++, code: options.code, inputsJson: inputs.json, ...limits },
        started,
        resolve,
        state: "queued",
        signal: options.signal,
      };
      request.queueTimer = setTimeout(() => {
        if (request.state !== "queued") return;
        this.removeFromQueue(request);
        this.settle(request, failure(busyError(`no sandbox slot became free within ${formatDuration(this.options.maxQueueWaitMs)}`)));
      }, this.options.maxQueueWaitMs);
      if (request.signal) {
        request.onAbort = () => this.abort(request);
        request.signal.addEventListener("abort", request.onAbort, { once: true });
      }
      this.queue.push(request);
      this.pump();
    });
  }

  /** PIDs of the live runner children (for tests and diagnostics). */
  childPids(): number[] {
    return this.runners.flatMap((runner) => (runner.pid === undefined || runner.isExited ? [] : [runner.pid]));
  }

  stats(): SandboxPoolStats {
    return {
      children: this.runners.map((runner) => ({ pid: runner.pid, ready: runner.isReady, inFlight: runner.inFlight })),
      queued: this.queue.length,
    };
  }

  /** Resolves once `count` children (default: all) are ready to run code. */
  whenReady(count = this.options.size): Promise<void> {
    return new Promise((resolve) => {
      this.readyWaiters.push({ count, resolve });
      this.notifyReady();
    });
  }

  /** Stops all children; queued and running executions end as `cancelled`. */
  async shutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.respawnTimer);
    for (const request of this.queue.splice(0)) this.settle(request, failure(cancelledError("The code sandbox was shut down")));
    await Promise.all(this.runners.map((runner) => runner.shutdown()));
  }

  private abort(request: Request): void {
    if (request.state === "queued") this.removeFromQueue(request);
    // The child disposes the isolate; its slot is freed when it confirms, not now.
    else if (request.state === "running") request.runner?.cancel(request.message.id);
    this.settle(request, failure(cancelledError()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const runner = this.freeRunner();
      if (!runner) return;
      const request = this.queue.shift();
      if (request) this.start(request, runner);
    }
  }

  /** The ready child with the fewest executions in flight, if any has a free slot. */
  private freeRunner(): RunnerProcess | undefined {
    let best: RunnerProcess | undefined;
    for (const runner of this.runners) {
      if (!runner.isReady || runner.inFlight >= this.options.maxConcurrentPerChild) continue;
      if (!best || runner.inFlight < best.inFlight) best = runner;
    }
    return best;
  }

  private start(request: Request, runner: RunnerProcess): void {
    request.state = "running";
    request.runner = runner;
    clearTimeout(request.queueTimer);
    const hangAfterMs = request.message.timeoutMs + this.options.hangGraceMs;
    void runner.run(request.message, hangAfterMs).then((outcome) => this.settle(request, this.toResult(outcome)));
  }

  private toResult(outcome: ExecutionOutcome): Settled {
    if (outcome.type === "lost") return failure(outcome.error);
    const { result } = outcome;
    if (!result.ok) return { ok: false, error: result.error, logs: result.logs };
    let output: unknown;
    try {
      output = JSON.parse(result.outputJson);
    } catch {
      return { ok: false, error: { kind: "invalid_output", message: "main() returned output that could not be read as JSON" }, logs: result.logs };
    }
    if (!isJsonObject(output)) {
      return { ok: false, error: { kind: "invalid_output", message: "main() must return an object" }, logs: result.logs };
    }
    return { ok: true, output, logs: result.logs };
  }

  private settle(request: Request, settled: Settled): void {
    if (request.state === "done") return;
    request.state = "done";
    clearTimeout(request.queueTimer);
    if (request.onAbort) request.signal?.removeEventListener("abort", request.onAbort);
    request.resolve({ ...settled, durationMs: performance.now() - request.started });
  }

  private removeFromQueue(request: Request): void {
    const index = this.queue.indexOf(request);
    if (index !== -1) this.queue.splice(index, 1);
  }

  private fill(): void {
    this.respawnTimer = undefined;
    if (this.closed) return;
    while (this.runners.length < this.options.size) {
      this.runners.push(
        new RunnerProcess(
          {
            runnerPath: this.options.runnerPath,
            config: { maxExecutionsPerIsolate: this.options.maxExecutionsPerIsolate, maxIsolates: this.options.maxConcurrentPerChild },
            startupTimeoutMs: STARTUP_TIMEOUT_MS,
          },
          this.events,
        ),
      );
    }
  }

  private onRunnerExit(runner: RunnerProcess, info: { wasReady: boolean; detail: string }): void {
    const index = this.runners.indexOf(runner);
    if (index !== -1) this.runners.splice(index, 1);
    if (this.closed) return;
    let delay = 0;
    if (!info.wasReady) {
      // A child that dies while starting will most likely do so again (missing build of
      // isolated-vm, broken install): back off, and stop making callers wait for it.
      this.startFailures += 1;
      this.lastStartFailure = info.detail;
      delay = Math.min(100 * 2 ** (this.startFailures - 1), MAX_RESPAWN_DELAY_MS);
      if (this.startFailures >= START_FAILURES_BEFORE_GIVING_UP && !this.runners.some((other) => other.isReady)) {
        for (const request of this.queue.splice(0)) {
          this.settle(request, failure({ kind: "crashed", message: `The code sandbox could not start (${info.detail})` }));
        }
      }
    }
    if (this.respawnTimer === undefined) {
      this.respawnTimer = setTimeout(() => this.fill(), delay);
      // A pending respawn alone must not keep a finished script alive.
      this.respawnTimer.unref();
    }
    // Executions queued behind the dead child can go to the others meanwhile.
    this.pump();
  }

  private notifyReady(): void {
    const ready = this.runners.filter((runner) => runner.isReady).length;
    for (let i = this.readyWaiters.length - 1; i >= 0; i--) {
      const waiter = this.readyWaiters[i]!;
      if (ready >= waiter.count) {
        this.readyWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
