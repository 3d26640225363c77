/**
 * What a node's `execute.ts` gets from the engine (DESIGN.md "A node type is one folder").
 * Everything a node may touch comes through this context, so the engine can scope it to the run
 * (usage accounting, SSRF guard, cancellation, tracing) and tests can build a real one cheaply
 * (see testing/test-context.ts).
 */
import type { ChatParams, ChatResult } from "../inference/client";
import type { GuardedFetch } from "../security/http";
import type { LogLevel, RunCodeOptions, SandboxResult } from "../sandbox/types";

export type { LogLevel };

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** One earlier turn of a chat conversation, oldest first (llm memory window reads these). */
export interface ChatTurn {
  query: string;
  answer: string;
}

/** Chat-model calls bound to the run's workspace/app/run for usage accounting. */
export interface EngineModels {
  chat(params: ChatParams): Promise<ChatResult>;
  /** Streams content deltas to `onDelta` as they arrive; resolves with the whole result. */
  chatStream(params: ChatParams, onDelta: (text: string) => void): Promise<ChatResult>;
}

export interface RetrievalRequest {
  knowledgeBaseIds: string[];
  query: string;
  topK: number;
  scoreThreshold?: number;
  rerank?: boolean;
  /** vector, keyword or hybrid (default hybrid; keyword-only knowledge bases always use keyword). */
  mode?: "vector" | "keyword" | "hybrid";
  /** Only chunks of documents whose metadata has every one of these key/values. */
  metadataFilter?: Record<string, string>;
}

export interface RetrievedChunk {
  content: string;
  score: number;
  knowledgeBaseId: string;
  documentId: string;
  documentName: string;
  chunkId: string;
  metadata?: Record<string, unknown>;
}

export interface EngineKnowledge {
  retrieve(request: RetrievalRequest): Promise<RetrievedChunk[]>;
}

/** A tool as an LLM sees it: name, description and a JSON Schema of its arguments. */
export interface ToolDescriptor {
  /** Stable reference stored in node configs, e.g. "builtin:current_time" or "workflow:<appId>". */
  ref: string;
  /** Function name offered to the model (letters, digits, _ and -; max 64). */
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface EngineTools {
  /** Descriptors for the given refs; unknown refs throw a NodeError naming them. */
  describe(refs: readonly string[]): Promise<ToolDescriptor[]>;
  /** Runs a tool with arguments already parsed from JSON; the result is JSON-serializable. */
  call(ref: string, args: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
}

export interface EngineSandbox {
  runCode(options: Omit<RunCodeOptions, "signal">): Promise<SandboxResult>;
}

/** Values under `{{sys.*}}`. */
export interface SystemValues {
  query: string;
  conversationId: string | null;
  userId: string | null;
  /** File URLs the user attached (vision inputs). */
  files: string[];
  /** Earlier turns of the conversation (chat apps), oldest first. */
  history: ChatTurn[];
  /** The app being run, when the run belongs to one. */
  appId: string | null;
  runId: string;
  workspaceId: string;
}

/** A body run of a container node (iteration/loop): read values its nodes produced. */
export interface BodyRunResult {
  get(selector: readonly string[]): unknown;
}

export interface NodeExecutionContext<Config> {
  node: { id: string; type: string; title: string };
  /** The node's config, already parsed by its definition's schema (defaults filled in). */
  config: Config;
  sys: SystemValues;
  /**
   * The inputs the run was started with, as the caller sent them (only the start node reads
   * these; it keeps declared inputs only and checks their types).
   */
  runInputs: Readonly<Record<string, unknown>>;
  /** A value by selector `[nodeId, field, ...path]` or `[sys|env|conversation, name, ...]`; undefined when missing. */
  get(selector: readonly string[]): unknown;
  /** Replaces `{{…}}` references in `template` with values (path lookup only, never code). */
  render(template: string): string;
  /** Fires when the run is cancelled, the node times out or the run time limit is reached. */
  signal: AbortSignal;
  /** Streams a chunk of output `field` (default "text") to the run's listeners as `node.delta`. */
  emit(chunk: string, field?: string): void;
  /** A line in the node's trace (shown in the run inspector). */
  log(level: LogLevel, message: string): void;
  /** SSRF-guarded fetch; the only way a node reaches the network. */
  http: GuardedFetch;
  models: EngineModels;
  knowledge: EngineKnowledge;
  tools: EngineTools;
  sandbox: EngineSandbox;
  /** Token usage outside `models` (e.g. a tool that called a model); `models` calls count by themselves. */
  addUsage(usage: TokenUsage): void;
  /**
   * Containers only (definitions with `isContainer`): runs the body — the nodes whose
   * `parentId` is this node — once. `locals` become this node's own outputs while the body
   * runs (e.g. `{ item, index }` so body nodes can read `{{iter_1.item}}`). Rejects with the
   * first body failure that its error policy did not handle.
   */
  runBody(locals: Record<string, unknown>, options?: { signal?: AbortSignal; label?: string }): Promise<BodyRunResult>;
  /** Limits of this run (containers enforce loop/iteration counts themselves). */
  limits: EngineLimits;
}

export interface EngineLimits {
  maxSteps: number;
  maxRunTimeMs: number;
  nodeTimeoutMs: number;
  maxIterations: number;
  maxVariableBytes: number;
  concurrency: number;
}

export interface NodeResult {
  outputs: Record<string, unknown>;
  /**
   * Branch nodes: the source handle taken; edges leaving other handles are skipped.
   * Omitted: every handle except "fail" is taken.
   */
  branch?: string;
  /** Resolved inputs worth showing in the trace (e.g. the rendered prompt). */
  inputs?: Record<string, unknown>;
}

export type NodeExecutor<Config> = (ctx: NodeExecutionContext<Config>) => Promise<NodeResult>;

/**
 * An error a node raises on purpose: the message is shown to the workflow author as-is.
 * `retryable: false` skips retries (a bad config will not fix itself); the default lets the
 * node's retry policy decide.
 */
export class NodeError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details?: Record<string, unknown>;
  constructor(message: string, options: { code?: string; retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "NodeError";
    this.code = options.code ?? "node_error";
    this.retryable = options.retryable ?? true;
    this.details = options.details;
  }
}
