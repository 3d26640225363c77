/**
 * Run events (DESIGN.md "Run events"): the same names over SSE, in the Redis stream and in
 * tests. `id` is monotonic per run and is what `Last-Event-ID` resumes from.
 */
import type { TokenUsage } from "./node-context";

export interface EventError {
  code: string;
  message: string;
  nodeId?: string;
}

export type RunEventBody =
  | { type: "run.started"; runId: string; at: string }
  | { type: "node.started"; nodeId: string; nodeType: string; title: string; scope: string; at: string }
  | { type: "node.delta"; nodeId: string; field: string; chunk: string; scope: string }
  | {
      type: "node.finished";
      nodeId: string;
      nodeType: string;
      scope: string;
      /** skipped: a branch not taken; reused: taken over from the run this one retries. */
      status: "succeeded" | "skipped" | "reused";
      outputs?: Record<string, unknown>;
      branch?: string;
      /** The node failed and its error policy handled it (fail branch or default value). */
      error?: EventError;
      elapsedMs: number;
      usage?: TokenUsage;
    }
  | { type: "node.failed"; nodeId: string; nodeType: string; scope: string; error: EventError; elapsedMs: number; attempt: number; willRetry: boolean }
  | { type: "run.finished"; outputs: Record<string, unknown>; usage: TokenUsage; elapsedMs: number; steps: number }
  | { type: "run.failed"; error: EventError; usage: TokenUsage; elapsedMs: number; steps: number; cancelled: boolean }
  | { type: "ping" };

export type RunEventType = RunEventBody["type"];

export type RunEvent = RunEventBody & { id: number };

export const TERMINAL_EVENTS: ReadonlySet<RunEventType> = new Set(["run.finished", "run.failed"]);
