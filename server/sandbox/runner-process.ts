/**
 * Host-side handle of one runner child process: spawns it, sends executions, matches results,
 * and turns the child's death into results for the executions it was running.
 *
 * The child's entry is resolved from `process.cwd()` (the project root, for the web server, the
 * worker, tsx scripts and Vitest alike) rather than `import.meta.url`/`__dirname`: this module is
 * bundled by Next.js into `.next/server/...`, where those point into the bundle, while the runner
 * must be loaded from the source tree by plain Node + tsx (it is never bundled; isolated-vm is a
 * native addon that only the child loads).
 */
import type { ChildProcess } from "node:child_process";
import { Socket } from "node:net";
import path from "node:path";
import { logger } from "../observability/logger";
import { cancelledError, crashedError, memoryError, timeoutError } from "./errors";
import { CONFIG_FLAG, FATAL_MARKER, childMessage, type ChildConfig, type ChildResult, type RunMessage } from "./protocol";
import type { SandboxError } from "./types";

export type ExecutionOutcome = { type: "result"; result: ChildResult } | { type: "lost"; error: SandboxError };

export interface RunnerEvents {
  onReady(runner: RunnerProcess): void;
  /** An execution finished (or was lost): the runner may take another one. */
  onSlotFreed(runner: RunnerProcess): void;
  onExit(runner: RunnerProcess, info: { wasReady: boolean; detail: string }): void;
}

export interface RunnerProcessOptions {
  runnerPath: string;
  config: ChildConfig;
  startupTimeoutMs: number;
}

interface Pending {
  resolve: (outcome: ExecutionOutcome) => void;
  timeoutMs: number;
  memoryMb: number;
  hangTimer: NodeJS.Timeout;
}

type KillReason = { kind: "hung"; id: number } | { kind: "shutdown" } | { kind: "startup_timeout" } | { kind: "protocol" };

const STDERR_TAIL_CHARS = 4096;
const OOM_HINT = /out.of.memory|heap limit|allocation failed/i;

/** The child's whole environment. Secrets (DATABASE_URL, AUTH_SECRET, ENCRYPTION_KEY, provider
 * keys) stay in the host; NODE_OPTIONS is not inherited either. */
function childEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin" };
  // Next's type augmentation makes NODE_ENV a required key of ProcessEnv; the child needs none.
  return env as NodeJS.ProcessEnv;
}

export class RunnerProcess {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private status: "starting" | "ready" | "exited" = "starting";
  private stderrTail = "";
  private killReason: KillReason | undefined;
  private readonly startupTimer: NodeJS.Timeout;

  constructor(
    options: RunnerProcessOptions,
    private readonly events: RunnerEvents,
  ) {
    const entry = path.resolve(process.cwd(), options.runnerPath);
    const execArgv = ["--no-node-snapshot", "--no-expose-wasm", ...(entry.endsWith(".ts") ? ["--import", "tsx"] : [])];
    // Looked up at run time: Next's bundler traces a static `fork(path)` and fails on the dynamic runner path.
    const { fork } = process.getBuiltinModule("node:child_process");
    this.child = fork(entry, [CONFIG_FLAG + JSON.stringify(options.config)], {
      cwd: process.cwd(),
      env: childEnv(),
      execArgv,
      // Structured clone instead of JSON: the output JSON string is not escaped a second time.
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
      });
      // Reading the pipes must not keep a host process alive (see updateRef).
      if (stream instanceof Socket) stream.unref();
    }
    this.child.unref();
    this.child.on("message", (raw: unknown) => this.onMessage(raw));
    // 'close' comes after the exit *and* the end of stderr, which may name the execution that
    // took the process down (FATAL_MARKER); 'exit' alone could beat the last stderr bytes.
    this.child.on("close", (code, signal) => this.onExit(describeExit(code, signal)));
    this.child.on("exit", (code, signal) => {
      // Backstop in case 'close' never comes (a stray process keeping the pipes open).
      setTimeout(() => this.onExit(describeExit(code, signal)), 2_000).unref();
    });
    this.child.on("error", (error) => {
      // Spawning failed: there will be no exit/close. Other errors (a failed kill or send) are
      // followed by exit/close or handled where they happen.
      if (this.child.pid === undefined) this.onExit(`could not start: ${error.message}`);
    });
    this.startupTimer = setTimeout(() => this.kill({ kind: "startup_timeout" }), options.startupTimeoutMs);
    this.startupTimer.unref();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isReady(): boolean {
    return this.status === "ready";
  }

  get isExited(): boolean {
    return this.status === "exited";
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Sends one execution. Resolves with the child's result, or with a `lost` error if the child
   * dies first. `hangAfterMs` is the backstop: past it the child is considered hung and killed.
   */
  run(message: RunMessage, hangAfterMs: number): Promise<ExecutionOutcome> {
    return new Promise((resolve) => {
      const hangTimer = setTimeout(() => this.kill({ kind: "hung", id: message.id }), hangAfterMs);
      this.pending.set(message.id, { resolve, timeoutMs: message.timeoutMs, memoryMb: message.memoryMb, hangTimer });
      this.updateRef();
      // A failed send means the channel is closing; the exit handler then resolves this execution.
      this.child.send(message, (error) => {
        if (error) this.kill({ kind: "protocol" });
      });
    });
  }

  cancel(id: number): void {
    if (this.pending.has(id) && this.child.connected) this.child.send({ type: "cancel", id }, () => undefined);
  }

  shutdown(): Promise<void> {
    if (this.status === "exited") return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.kill({ kind: "shutdown" });
    return exited;
  }

  private kill(reason: KillReason): void {
    if (this.status === "exited") return;
    this.killReason ??= reason;
    this.child.kill("SIGKILL");
  }

  private onMessage(raw: unknown): void {
    const parsed = childMessage.safeParse(raw);
    if (!parsed.success) {
      logger().error({ pid: this.pid, issues: parsed.error.issues.slice(0, 3) }, "sandbox runner sent an invalid message; killing it");
      this.kill({ kind: "protocol" });
      return;
    }
    const message = parsed.data;
    if (message.type === "ready") {
      if (this.status !== "starting") return;
      clearTimeout(this.startupTimer);
      this.status = "ready";
      this.updateRef();
      this.events.onReady(this);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.hangTimer);
    this.updateRef();
    pending.resolve({ type: "result", result: message.result });
    this.events.onSlotFreed(this);
  }

  private onExit(how: string): void {
    if (this.status === "exited") return;
    const wasReady = this.status === "ready";
    this.status = "exited";
    clearTimeout(this.startupTimer);
    const reason = this.killReason;
    const fatalId = fatalExecutionId(this.stderrTail);
    const oom = OOM_HINT.test(this.stderrTail) ? ", probably out of memory" : "";
    const detail =
      reason?.kind === "hung"
        ? "another execution in the same sandbox process stopped responding, so the process was restarted"
        : reason?.kind === "startup_timeout"
          ? "the sandbox process did not start in time"
          : reason?.kind === "protocol"
            ? "the sandbox process stopped communicating correctly"
            : fatalId !== undefined
              ? "another execution in the same sandbox process ran out of memory and took the process down"
              : `${how}${oom}`;
    if (reason?.kind !== "shutdown") {
      logger().warn({ pid: this.pid, how, reason: reason?.kind, fatalId, inFlight: this.pending.size, stderr: this.stderrTail.slice(-1000) }, "sandbox runner process exited");
    }
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.hangTimer);
      let error: SandboxError;
      if (reason?.kind === "shutdown") error = cancelledError("The code sandbox was shut down");
      else if (reason?.kind === "hung" && reason.id === id) error = timeoutError(pending.timeoutMs, " (the sandbox process stopped responding and was restarted)");
      else if (fatalId === id) error = memoryError(pending.memoryMb, "; the sandbox process had to be restarted");
      else error = crashedError(detail);
      pending.resolve({ type: "lost", error });
    }
    this.pending.clear();
    this.events.onExit(this, { wasReady, detail: `${detail}${this.stderrTail ? `: ${lastLine(this.stderrTail)}` : ""}` });
  }

  /**
   * The IPC channel keeps the host's event loop alive only while this child is starting or
   * running something, so a script that used the sandbox can exit without shutting it down.
   */
  private updateRef(): void {
    const channel = this.child.channel;
    if (!channel) return;
    if (this.status === "starting" || this.pending.size > 0) channel.ref();
    else channel.unref();
  }
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code ?? "unknown"}`;
}

/** The execution a child named on stderr before killing itself over a fatal isolate error. */
function fatalExecutionId(stderr: string): number | undefined {
  const at = stderr.lastIndexOf(FATAL_MARKER);
  if (at === -1) return undefined;
  const id = Number.parseInt(stderr.slice(at + FATAL_MARKER.length), 10);
  return Number.isInteger(id) ? id : undefined;
}

/** The most telling line of a child's stderr: the last error line, else the last line. */
function lastLine(text: string): string {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith("Node.js v"));
  const errorLine = [...lines].reverse().find((line) => /error/i.test(line));
  return (errorLine ?? lines[lines.length - 1] ?? "").slice(0, 300);
}
