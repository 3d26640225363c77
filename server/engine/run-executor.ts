/**
 * Executes one run of a compiled graph (DESIGN.md "Engine"): a ready queue driven by dependency
 * counting over edge states, concurrent ready nodes under a per-run limit, skip propagation so
 * joins after untaken branches never hang, per-node retries/timeouts/error policies, container
 * bodies (iteration/loop) as child scopes, cancellation and limits through one AbortSignal.
 *
 * It knows nothing about storage or transport: events go to `emit`, trace rows to `onNodeRun`.
 */
import { renderTemplate } from "@/nodes/references";
import { FAIL_HANDLE } from "@/nodes/node-definition";
import type { CompiledGraph, CompiledNode, Scope } from "./compiled-graph";
import type { EventError, RunEventBody } from "./events";
import { jsonSize, RunCancelledError, RunLimitError } from "./limits";
import {
  NodeError,
  type BodyRunResult,
  type EngineKnowledge,
  type EngineLimits,
  type EngineModels,
  type EngineSandbox,
  type EngineTools,
  type LogLevel,
  type NodeExecutionContext,
  type NodeResult,
  type SystemValues,
  type TokenUsage,
} from "./node-context";
import type { GuardedFetch } from "../security/http";
import { StreamRouter } from "./stream-router";
import { VariablePool } from "./variable-pool";

export interface EngineServices {
  models: EngineModels;
  knowledge: EngineKnowledge;
  tools: EngineTools;
  http: GuardedFetch;
  sandbox: EngineSandbox;
}

/** One row of the trace (a NodeRun), as the engine reports it. */
/** The abort reason a node's own signal gets once the node has finished (shared: it carries no detail). */
const NODE_FINISHED = new Error("The node finished");

export interface NodeRunRecord {
  nodeId: string;
  nodeType: string;
  title: string;
  scope: string;
  seq: number;
  status: "succeeded" | "failed" | "skipped" | "reused";
  attempts: number;
  inputs: Record<string, unknown> | null;
  outputs: Record<string, unknown> | null;
  branch: string | null;
  errorCode: string | null;
  error: string | null;
  logs: { level: LogLevel; message: string }[];
  usage: TokenUsage;
  startedAt: Date;
  finishedAt: Date;
  elapsedMs: number;
}

/** A node's result from an earlier run, reused by retry-from-failed-node. */
export interface ReusedNode {
  outputs: Record<string, unknown>;
  branch: string | null;
}

export interface ExecuteOptions {
  graph: CompiledGraph;
  inputs: Record<string, unknown>;
  sys: SystemValues;
  /** `{{env.NAME}}` values (workspace secrets, decrypted by the caller). */
  env?: Record<string, string>;
  /** `{{conversation.NAME}}` values. */
  conversation?: Record<string, unknown>;
  services: EngineServices;
  limits: EngineLimits;
  /** Stops the run (cancel); its reason should be a RunCancelledError. */
  signal?: AbortSignal;
  emit(event: RunEventBody): void;
  onNodeRun?(record: NodeRunRecord): void;
  /** Top-level nodes whose results are taken over instead of run again. */
  reuse?: ReadonlyMap<string, ReusedNode>;
}

export type RunOutcome =
  | { status: "succeeded"; outputs: Record<string, unknown>; usage: TokenUsage; steps: number; elapsedMs: number }
  | { status: "failed" | "cancelled"; error: EventError; usage: TokenUsage; steps: number; elapsedMs: number };

/** A failure that ends a scope: carries the failing node for the run's error. */
class NodeFailure extends Error {
  constructor(
    readonly nodeId: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "NodeFailure";
  }
}

/** Abort reason for the siblings of a node whose failure ended their scope. */
class ScopeAbortedError extends Error {
  constructor() {
    super("Stopped because another node in the same scope failed");
    this.name = "ScopeAbortedError";
  }
}

const RUN_ERROR_CODES = new Set(["cancelled", "max_steps", "max_run_time"]);

interface ScopeFrame {
  pool: VariablePool;
  /** "" at the top level, `iter_1[3]` inside a body pass. */
  label: string;
  signal: AbortSignal;
}

export async function executeRun(options: ExecuteOptions): Promise<RunOutcome> {
  return new RunExecutor(options).run();
}

class RunExecutor {
  private readonly graph: CompiledGraph;
  private readonly limits: EngineLimits;
  private readonly controller = new AbortController();
  private readonly root = new VariablePool();
  private readonly usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  private readonly settled = new Set<string>();
  private readonly ranInOrder: string[] = [];
  private readonly router: StreamRouter;
  private steps = 0;
  private seq = 0;
  private freeSlots: number;
  private readonly slotWaiters: (() => void)[] = [];
  private readonly startedAt = performance.now();

  constructor(private readonly options: ExecuteOptions) {
    this.graph = options.graph;
    this.limits = options.limits;
    this.freeSlots = options.limits.concurrency;
    this.root.set("sys", options.sys);
    this.root.set("env", options.env ?? {});
    this.root.set("conversation", options.conversation ?? {});
    this.router = new StreamRouter(this.graph.streams, {
      send: (ownerId, field, chunk) => options.emit({ type: "node.delta", nodeId: ownerId, field, chunk, scope: "" }),
      render: (raw) => renderTemplate(raw, (selector) => this.root.get(selector)),
      isSettled: (nodeId) => this.settled.has(nodeId),
    });
  }

  async run(): Promise<RunOutcome> {
    const { signal } = this.options;
    // A caller's abort means cancel, whatever reason object it used (a bare abort() gives a DOMException).
    const onCancel = () => this.controller.abort(signal?.reason instanceof RunCancelledError ? signal.reason : new RunCancelledError());
    if (signal?.aborted) onCancel();
    else signal?.addEventListener("abort", onCancel, { once: true });
    const runTimer = setTimeout(
      () => this.controller.abort(new RunLimitError("max_run_time", this.limits.maxRunTimeMs, `The run took longer than ${this.limits.maxRunTimeMs} ms`)),
      this.limits.maxRunTimeMs,
    );
    try {
      const top = this.graph.scopes.get(null);
      if (!top) throw new NodeFailure("", "graph_invalid", "The workflow has no nodes");
      await this.runScope(top, { pool: this.root, label: "", signal: this.controller.signal });
      if (this.controller.signal.aborted) throw this.controller.signal.reason;
      const outputs = this.runOutputs();
      const elapsedMs = this.elapsed();
      this.options.emit({ type: "run.finished", outputs, usage: { ...this.usage }, elapsedMs, steps: this.steps });
      return { status: "succeeded", outputs, usage: { ...this.usage }, steps: this.steps, elapsedMs };
    } catch (caught) {
      const reason = this.controller.signal.aborted && !(caught instanceof NodeFailure) ? this.controller.signal.reason : caught;
      const error = toEventError(reason);
      const cancelled = error.code === "cancelled";
      const elapsedMs = this.elapsed();
      this.options.emit({ type: "run.failed", error, usage: { ...this.usage }, elapsedMs, steps: this.steps, cancelled });
      return { status: cancelled ? "cancelled" : "failed", error, usage: { ...this.usage }, steps: this.steps, elapsedMs };
    } finally {
      clearTimeout(runTimer);
      signal?.removeEventListener("abort", onCancel);
    }
  }

  private elapsed(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  /** End nodes' outputs; a chatflow without an end node answers with its answer nodes' text. */
  private runOutputs(): Record<string, unknown> {
    const outputs: Record<string, unknown> = {};
    const answers: string[] = [];
    for (const id of this.ranInOrder) {
      const compiled = this.graph.nodes.get(id)!;
      const values = this.root.root(id);
      if (typeof values !== "object" || values === null) continue;
      if (compiled.node.type === "end") Object.assign(outputs, values);
      if (compiled.node.type === "answer" && typeof (values as { answer?: unknown }).answer === "string") answers.push((values as { answer: string }).answer);
    }
    if (answers.length > 0 && !("answer" in outputs)) outputs.answer = answers.join("\n\n");
    return outputs;
  }

  /**
   * Runs one pass over a scope and resolves when nothing is running and nothing is ready.
   * Quiescence, not "every node finished", ends a pass: nodes whose inputs never settle
   * (unreachable ones) simply never run.
   */
  private runScope(scope: Scope, frame: ScopeFrame): Promise<void> {
    const controller = new AbortController();
    const abortFromParent = () => controller.abort(frame.signal.reason);
    if (frame.signal.aborted) abortFromParent();
    else frame.signal.addEventListener("abort", abortFromParent, { once: true });
    const passFrame: ScopeFrame = { ...frame, signal: controller.signal };
    const remaining = new Map<string, number>();
    const activated = new Set<string>();
    for (const id of scope.nodeIds) remaining.set(id, this.graph.nodes.get(id)!.incoming.length);

    return new Promise<void>((resolve, reject) => {
      let inflight = 0;
      let failure: unknown = null;
      const finish = () => {
        if (inflight > 0) return;
        frame.signal.removeEventListener("abort", abortFromParent);
        if (failure !== null) reject(failure);
        else if (controller.signal.aborted) reject(controller.signal.reason);
        else resolve();
      };
      const settleEdge = (target: string, active: boolean) => {
        if (active) activated.add(target);
        const left = remaining.get(target)! - 1;
        remaining.set(target, left);
        if (left > 0) return;
        if (activated.has(target)) launch(target);
        else skip(target);
      };
      const skip = (id: string) => {
        const compiled = this.graph.nodes.get(id)!;
        this.markSkipped(compiled, passFrame);
        for (const edge of compiled.outgoing) settleEdge(edge.target, false);
      };
      const launch = (id: string) => {
        if (failure !== null || controller.signal.aborted) return;
        inflight++;
        this.runNode(this.graph.nodes.get(id)!, passFrame).then(
          (taken) => {
            inflight--;
            if (failure === null && !controller.signal.aborted) {
              for (const edge of this.graph.nodes.get(id)!.outgoing) settleEdge(edge.target, taken(edge.sourceHandle));
            }
            finish();
          },
          (error: unknown) => {
            inflight--;
            if (failure === null && !(error instanceof ScopeAbortedError)) {
              failure = error;
              controller.abort(new ScopeAbortedError());
            }
            finish();
          },
        );
      };
      for (const id of scope.entries) launch(id);
      finish();
    });
  }

  private markSkipped(compiled: CompiledNode, frame: ScopeFrame): void {
    const { id, type } = compiled.node;
    if (frame.label === "") {
      this.settled.add(id);
      this.router.onOwnerSkipped(id);
      this.router.onSettled(id);
    }
    this.options.emit({ type: "node.finished", nodeId: id, nodeType: type, scope: frame.label, status: "skipped", elapsedMs: 0 });
  }

  private async acquireSlot(signal: AbortSignal): Promise<void> {
    if (this.freeSlots > 0) {
      this.freeSlots--;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.slotWaiters.indexOf(grant);
        if (index >= 0) this.slotWaiters.splice(index, 1);
        reject(signal.reason);
      };
      const grant = () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      this.slotWaiters.push(grant);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  private releaseSlot(): void {
    const next = this.slotWaiters.shift();
    if (next) next();
    else this.freeSlots++;
  }

  /** Runs a node (with retries and its error policy); resolves with which handles were taken. */
  private async runNode(compiled: CompiledNode, frame: ScopeFrame): Promise<(handle: string) => boolean> {
    const { node, definition } = compiled;
    const reused = frame.label === "" ? this.options.reuse?.get(node.id) : undefined;
    if (reused) return this.reuseNode(compiled, reused);

    if (++this.steps > this.limits.maxSteps) {
      throw new RunLimitError("max_steps", this.limits.maxSteps, `The run executed more than ${this.limits.maxSteps} node steps`);
    }
    const container = definition.isContainer === true;
    if (!container) await this.acquireSlot(frame.signal);
    const seq = ++this.seq;
    const startedAt = new Date();
    const started = performance.now();
    const title = node.data.title;
    const logs: NodeRunRecord["logs"] = [];
    const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    const topLevel = frame.label === "";
    this.options.emit({ type: "node.started", nodeId: node.id, nodeType: node.type, title, scope: frame.label, at: startedAt.toISOString() });
    if (topLevel) this.router.onOwnerStarted(node.id);

    const record = (fields: Pick<NodeRunRecord, "status" | "attempts" | "inputs" | "outputs" | "branch" | "errorCode" | "error">) => {
      const elapsedMs = Math.round(performance.now() - started);
      this.options.onNodeRun?.({ nodeId: node.id, nodeType: node.type, title, scope: frame.label, seq, logs, usage, startedAt, finishedAt: new Date(), elapsedMs, ...fields });
      return elapsedMs;
    };

    const { retries, backoffMs, onError } = compiled.policy;
    let attempt = 0;
    try {
      for (;;) {
        attempt++;
        try {
          const result = await this.invoke(compiled, frame, logs, usage);
          const outputs = result.outputs;
          const size = jsonSize(outputs);
          if (size > this.limits.maxVariableBytes) {
            throw new RunLimitError("max_variable_size", this.limits.maxVariableBytes, `${describe(compiled)} produced ${size} bytes of output`);
          }
          frame.pool.set(node.id, outputs);
          const elapsedMs = record({ status: "succeeded", attempts: attempt, inputs: result.inputs ?? this.traceInputs(compiled, frame), outputs, branch: result.branch ?? null, errorCode: null, error: null });
          this.finished(compiled, frame, { outputs, branch: result.branch, elapsedMs, usage });
          const branch = result.branch;
          return branch === undefined ? (handle) => handle !== FAIL_HANDLE : (handle) => handle === branch;
        } catch (caught) {
          if (frame.signal.aborted) throw frame.signal.reason;
          // Run-wide limits end the run; node-level ones (timeout, size, iterations) are this node's failure.
          if (caught instanceof RunLimitError && (caught.code === "max_steps" || caught.code === "max_run_time")) throw caught;
          const error = toEventError(caught, node.id);
          const retryable = !(caught instanceof NodeError && !caught.retryable) && !(caught instanceof RunLimitError && caught.code === "max_variable_size");
          const willRetry = retryable && attempt <= retries;
          this.options.emit({ type: "node.failed", nodeId: node.id, nodeType: node.type, scope: frame.label, error, elapsedMs: Math.round(performance.now() - started), attempt, willRetry });
          if (willRetry) {
            logs.push({ level: "warn", message: `Attempt ${attempt} failed: ${error.message}` });
            await sleep(backoffMs * 2 ** (attempt - 1), frame.signal);
            continue;
          }
          const inputs = this.traceInputs(compiled, frame);
          if (onError === "fail") {
            record({ status: "failed", attempts: attempt, inputs, outputs: null, branch: null, errorCode: error.code, error: error.message });
            if (topLevel) this.settle(node.id);
            throw new NodeFailure(node.id, error.code, error.message);
          }
          const handled = { message: error.message, code: error.code };
          const outputs = onError === "branch" ? { error: handled } : { ...compiled.policy.defaultOutputs, error: handled };
          frame.pool.set(node.id, outputs);
          const branch = onError === "branch" ? FAIL_HANDLE : undefined;
          const elapsedMs = record({ status: "succeeded", attempts: attempt, inputs, outputs, branch: branch ?? null, errorCode: error.code, error: error.message });
          this.finished(compiled, frame, { outputs, branch, elapsedMs, usage, error });
          return branch === undefined ? (handle) => handle !== FAIL_HANDLE : (handle) => handle === FAIL_HANDLE;
        }
      }
    } finally {
      if (!container) this.releaseSlot();
    }
  }

  private finished(
    compiled: CompiledNode,
    frame: ScopeFrame,
    result: { outputs: Record<string, unknown>; branch: string | undefined; elapsedMs: number; usage: TokenUsage; error?: EventError },
  ): void {
    const { id, type } = compiled.node;
    this.options.emit({
      type: "node.finished",
      nodeId: id,
      nodeType: type,
      scope: frame.label,
      status: "succeeded",
      outputs: result.outputs,
      branch: result.branch,
      error: result.error,
      elapsedMs: result.elapsedMs,
      usage: { ...result.usage },
    });
    if (frame.label === "") {
      this.ranInOrder.push(id);
      this.settle(id);
    }
  }

  private settle(nodeId: string): void {
    this.settled.add(nodeId);
    this.router.onSettled(nodeId);
    this.router.onOwnerFinished(nodeId);
  }

  private reuseNode(compiled: CompiledNode, reused: ReusedNode): (handle: string) => boolean {
    const { id, type } = compiled.node;
    this.root.set(id, reused.outputs);
    const now = new Date();
    this.options.onNodeRun?.({
      nodeId: id, nodeType: type, title: compiled.node.data.title, scope: "", seq: ++this.seq, status: "reused", attempts: 0,
      inputs: null, outputs: reused.outputs, branch: reused.branch, errorCode: null, error: null, logs: [],
      usage: { inputTokens: 0, outputTokens: 0 }, startedAt: now, finishedAt: now, elapsedMs: 0,
    });
    this.options.emit({ type: "node.finished", nodeId: id, nodeType: type, scope: "", status: "reused", outputs: reused.outputs, branch: reused.branch ?? undefined, elapsedMs: 0 });
    this.ranInOrder.push(id);
    this.settle(id);
    const branch = reused.branch;
    return branch === null ? (handle) => handle !== FAIL_HANDLE : (handle) => handle === branch;
  }

  /** Values of the references in the node's config: the default "inputs" of the trace. */
  private traceInputs(compiled: CompiledNode, frame: ScopeFrame): Record<string, unknown> {
    const inputs: Record<string, unknown> = {};
    for (const selector of compiled.references) {
      const value = frame.pool.get(selector);
      if (value !== undefined) inputs[selector.join(".")] = value;
    }
    return inputs;
  }

  /** One attempt: the node's execute under its own time limit. */
  private async invoke(compiled: CompiledNode, frame: ScopeFrame, logs: NodeRunRecord["logs"], usage: TokenUsage): Promise<NodeResult> {
    const timeoutMs = compiled.policy.timeoutMs ?? this.limits.nodeTimeoutMs;
    const controller = new AbortController();
    const onParentAbort = () => controller.abort(frame.signal.reason);
    frame.signal.addEventListener("abort", onParentAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    // A node that ignores its signal must still not hold the run: the race settles on abort.
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
      timer = setTimeout(() => controller.abort(new RunLimitError("node_timeout", timeoutMs, `${describe(compiled)} did not finish within ${timeoutMs} ms`)), timeoutMs);
    });
    aborted.catch(() => undefined);
    try {
      const ctx = this.contextFor(compiled, frame, controller.signal, logs, usage);
      return await Promise.race([compiled.execute(ctx), aborted]);
    } finally {
      clearTimeout(timer);
      frame.signal.removeEventListener("abort", onParentAbort);
      // Work the node left behind (a stray request, a timer) is told to stop.
      if (!controller.signal.aborted) controller.abort(NODE_FINISHED);
    }
  }

  private contextFor(
    compiled: CompiledNode,
    frame: ScopeFrame,
    signal: AbortSignal,
    logs: NodeRunRecord["logs"],
    usage: TokenUsage,
  ): NodeExecutionContext<unknown> {
    const { node } = compiled;
    const { services } = this.options;
    const get = (selector: readonly string[]) => frame.pool.get(selector);
    const count = (u: TokenUsage) => {
      usage.inputTokens += u.inputTokens;
      usage.outputTokens += u.outputTokens;
      this.usage.inputTokens += u.inputTokens;
      this.usage.outputTokens += u.outputTokens;
    };
    const topLevel = frame.label === "";
    return {
      node: { id: node.id, type: node.type, title: node.data.title },
      config: compiled.config,
      sys: this.options.sys,
      runInputs: this.options.inputs,
      get,
      render: (template) => renderTemplate(template, get),
      signal,
      emit: (chunk, field = "text") => {
        if (signal.aborted || chunk === "") return;
        this.options.emit({ type: "node.delta", nodeId: node.id, field, chunk, scope: frame.label });
        if (topLevel) this.router.onDelta(node.id, field, chunk);
      },
      log: (level, message) => {
        if (logs.length < 500) logs.push({ level, message: message.length > 8000 ? `${message.slice(0, 8000)}…` : message });
      },
      http: (url, init) => services.http(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
      models: {
        chat: async (params) => {
          const result = await services.models.chat({ ...params, signal: params.signal ?? signal });
          count(result.usage);
          return result;
        },
        chatStream: async (params, onDelta) => {
          const result = await services.models.chatStream({ ...params, signal: params.signal ?? signal }, onDelta);
          count(result.usage);
          return result;
        },
      },
      knowledge: services.knowledge,
      tools: services.tools,
      sandbox: { runCode: (opts) => services.sandbox.runCode(opts) },
      addUsage: count,
      runBody: (locals, opts) => this.runBody(compiled, frame, locals, opts?.signal ?? signal, opts?.label),
      limits: this.limits,
    };
  }

  private async runBody(container: CompiledNode, frame: ScopeFrame, locals: Record<string, unknown>, signal: AbortSignal, label?: string): Promise<BodyRunResult> {
    const scope = this.graph.scopes.get(container.node.id);
    const pool = frame.pool.child();
    pool.set(container.node.id, locals);
    const pass = label ?? (typeof locals.index === "number" ? String(locals.index) : "0");
    const bodyLabel = `${frame.label ? `${frame.label}/` : ""}${container.node.id}[${pass}]`;
    if (scope) {
      try {
        await this.runScope(scope, { pool, label: bodyLabel, signal });
      } catch (error) {
        if (error instanceof NodeFailure) {
          // The container's own policy decides what a failed pass means; keep the body node's name in the message.
          throw new NodeError(`${describe(container)} pass ${pass}: ${error.message}`, { code: error.code, details: { nodeId: error.nodeId } });
        }
        throw error;
      }
    }
    return { get: (selector) => pool.get(selector) };
  }
}

function describe(compiled: CompiledNode): string {
  const { id, data } = compiled.node;
  return data.title ? `"${data.title}" (${id})` : id;
}

function toEventError(error: unknown, nodeId?: string): EventError {
  if (error instanceof NodeFailure) return { code: error.code, message: error.message, nodeId: error.nodeId || undefined };
  if (error instanceof RunLimitError) return { code: error.code, message: error.message, nodeId };
  if (error instanceof RunCancelledError) return { code: "cancelled", message: error.message };
  if (error instanceof NodeError) return { code: error.code, message: error.message, nodeId };
  if (error instanceof Error) {
    const code = "code" in error && typeof error.code === "string" && RUN_ERROR_CODES.has(error.code) ? error.code : "node_error";
    return { code, message: error.message || error.name, nodeId };
  }
  return { code: "node_error", message: String(error), nodeId };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
