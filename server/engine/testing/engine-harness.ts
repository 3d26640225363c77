/**
 * Runs a workflow graph through the real engine with the real node registry, collecting events
 * and trace rows: the one harness engine tests and JSON fixtures share. Services are the real
 * ones (SSRF guard with a loopback allow-list for test servers, sandbox, built-in tools); only
 * models are given per test, since they need a model server.
 */
import type { Graph } from "@/nodes/graph";
import { nodeDefinitions } from "@/nodes";
import { nodeExecutors } from "@/nodes/server";
import { runCode } from "../../sandbox";
import { guardedFetch, type GuardedFetch } from "../../security/http";
import { createEngineTools } from "../../tools/tool-service";
import { compileGraph } from "../compiled-graph";
import type { RunEvent, RunEventBody } from "../events";
import { DEFAULT_LIMITS } from "../limits";
import { NodeError, type EngineLimits, type EngineModels, type SystemValues } from "../node-context";
import { executeRun, type NodeRunRecord, type ReusedNode, type RunOutcome } from "../run-executor";

export interface HarnessOptions {
  inputs?: Record<string, unknown>;
  sys?: Partial<SystemValues>;
  models?: EngineModels;
  limits?: Partial<EngineLimits>;
  signal?: AbortSignal;
  reuse?: ReadonlyMap<string, ReusedNode>;
  env?: Record<string, string>;
}

export interface HarnessResult {
  outcome: RunOutcome;
  events: RunEvent[];
  nodeRuns: NodeRunRecord[];
  /** Final status per top-level node id as events reported it. */
  statusOf(nodeId: string): string | undefined;
  /** Concatenated node.delta chunks of one node's field. */
  streamed(nodeId: string, field?: string): string;
}

const testFetch: GuardedFetch = (url, init) => guardedFetch(url, { ...init, allowedHosts: ["127.0.0.1", "localhost"] });

export async function runGraph(graph: Graph, options: HarnessOptions = {}): Promise<HarnessResult> {
  const events: RunEvent[] = [];
  const nodeRuns: NodeRunRecord[] = [];
  let id = 0;
  const noModels = () => {
    throw new NodeError("This test gives no models", { retryable: false });
  };
  const outcome = await executeRun({
    graph: compileGraph(graph, nodeDefinitions, nodeExecutors),
    inputs: options.inputs ?? {},
    sys: { query: "", conversationId: null, userId: null, files: [], history: [], appId: null, runId: "run_test", workspaceId: "ws_test", ...options.sys },
    env: options.env,
    services: {
      models: options.models ?? { chat: noModels, chatStream: noModels },
      knowledge: { retrieve: () => Promise.reject(new NodeError("No knowledge base", { retryable: false })) },
      tools: createEngineTools({ http: testFetch }),
      http: testFetch,
      sandbox: { runCode },
    },
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    signal: options.signal,
    reuse: options.reuse,
    emit: (event: RunEventBody) => events.push({ ...event, id: ++id } as RunEvent),
    onNodeRun: (record) => nodeRuns.push(record),
  });
  return {
    outcome,
    events,
    nodeRuns,
    statusOf(nodeId) {
      let status: string | undefined;
      for (const e of events) {
        if ((e.type === "node.finished" || e.type === "node.failed" || e.type === "node.started") && e.nodeId === nodeId && e.scope === "") {
          status = e.type === "node.finished" ? e.status : e.type === "node.failed" ? "failed" : "running";
        }
      }
      return status;
    },
    streamed(nodeId, field) {
      return events
        .filter((e): e is Extract<RunEvent, { type: "node.delta" }> => e.type === "node.delta" && e.nodeId === nodeId && (field === undefined || e.field === field))
        .map((e) => e.chunk)
        .join("");
    },
  };
}
