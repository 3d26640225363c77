/**
 * Run limits (DESIGN.md "Engine"). Every limit has a name that appears in the error when it is
 * hit, so an author knows which setting to change rather than seeing a generic failure.
 */
import { z } from "zod";
import type { EngineLimits } from "./node-context";

export const DEFAULT_LIMITS: EngineLimits = {
  maxSteps: 500,
  maxRunTimeMs: 10 * 60_000,
  nodeTimeoutMs: 5 * 60_000,
  maxIterations: 1000,
  maxVariableBytes: 4 * 1024 * 1024,
  concurrency: 8,
};

/** Overrides a caller (or a deployment) may set; bounds keep one run from owning the machine. */
export const limitsOverrideSchema = z
  .object({
    maxSteps: z.number().int().min(1).max(100_000),
    maxRunTimeMs: z.number().int().min(100).max(24 * 3_600_000),
    nodeTimeoutMs: z.number().int().min(10).max(3_600_000),
    maxIterations: z.number().int().min(1).max(100_000),
    maxVariableBytes: z.number().int().min(1024).max(64 * 1024 * 1024),
    concurrency: z.number().int().min(1).max(64),
  })
  .partial();

export type LimitName = "max_steps" | "max_run_time" | "node_timeout" | "max_iterations" | "max_variable_size";

const SETTING: Record<LimitName, keyof EngineLimits> = {
  max_steps: "maxSteps",
  max_run_time: "maxRunTimeMs",
  node_timeout: "nodeTimeoutMs",
  max_iterations: "maxIterations",
  max_variable_size: "maxVariableBytes",
};

/** A run limit was reached; `code` is the limit's name. */
export class RunLimitError extends Error {
  readonly code: LimitName;
  readonly limit: number;
  constructor(code: LimitName, limit: number, message: string) {
    super(`${message} (limit ${code} = ${limit}; setting ${SETTING[code]})`);
    this.name = "RunLimitError";
    this.code = code;
    this.limit = limit;
  }
}

/** The run was stopped by a user or API call. */
export class RunCancelledError extends Error {
  readonly code = "cancelled";
  constructor(message = "The run was cancelled") {
    super(message);
    this.name = "RunCancelledError";
  }
}

/** UTF-8 size of a value as JSON; undefined (not serializable) counts as 0. */
export function jsonSize(value: unknown): number {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 0 : Buffer.byteLength(text);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
