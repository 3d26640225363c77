/**
 * The shape of a built-in tool (server/tools/builtin/*): a name the model calls it by, a zod
 * schema for its arguments (also the source of the JSON Schema the model sees) and `run`.
 * Tools reach the network only through `deps.http`, the run's SSRF-guarded fetch.
 */
import type { z } from "zod";
import type { GuardedFetch } from "../security/http";

export interface ToolDeps {
  http: GuardedFetch;
  signal: AbortSignal;
  /** The clock; tests pin it. */
  now?: () => Date;
}

export interface BuiltinTool<Schema extends z.ZodObject = z.ZodObject, Result = unknown> {
  /** Function name offered to models and the part after `builtin:` in refs. */
  name: string;
  /** Written for the model choosing a tool: what it does and when to use it. */
  description: string;
  parameters: Schema;
  /** Gets arguments already parsed by `parameters`; resolves with a JSON-serializable value. */
  run(args: z.output<Schema>, deps: ToolDeps): Promise<Result>;
}

/**
 * A problem a tool reports about its input or its work, shown to the workflow author (and the
 * model) as written; the tool service adds which tool it was.
 */
export class ToolError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ToolError";
    this.retryable = options.retryable ?? false;
  }
}

/** Identity helper so each tool file gets its argument and result types inferred. */
export function defineBuiltinTool<Schema extends z.ZodObject, Result>(tool: BuiltinTool<Schema, Result>): BuiltinTool<Schema, Result> {
  return tool;
}
