/**
 * Workflow-as-tool: a published Workflow app of the same workspace offered to tool and agent
 * nodes. Its start inputs become the tool's JSON-Schema parameters; a call runs its latest
 * published version in-process as part of the calling run (usage accounted to the caller).
 */
import { startDefinition, type StartConfig, type StartInput } from "@/nodes/start/definition";
import { parseStartInputs } from "@/nodes/start/parse-start-inputs";
import type { Db } from "../db";
import { NodeError, type SystemValues, type ToolDescriptor } from "../engine/node-context";
import { executeRun } from "../engine/run-executor";
import type { WorkflowToolRunner } from "../tools/tool-service";
import { compileRunGraph, runLimits } from "./execute-stored-run";
import { createRunServices } from "./run-services";

/** A workflow calling a workflow calling a workflow is plenty; deeper is almost always a cycle. */
const MAX_DEPTH = 3;

interface Published {
  app: { id: string; name: string; description: string };
  graph: unknown;
  start: StartConfig;
}

function jsonSchemaOf(input: StartInput): Record<string, unknown> {
  const description = input.label || input.name;
  switch (input.type) {
    case "number":
      return { type: "number", description };
    case "boolean":
      return { type: "boolean", description };
    case "select":
      return { type: "string", enum: input.options, description };
    case "file_url":
      return { type: "string", format: "uri", description };
    default:
      return { type: "string", description };
  }
}

/** The start node's config of a published graph (defaults when it has none). */
export function startConfigOf(graph: unknown): StartConfig {
  const nodes = (graph as { nodes?: { type?: string; data?: { config?: unknown } }[] }).nodes;
  const startNode = nodes?.find((n) => n.type === "start");
  return startDefinition.configSchema.parse(startNode?.data?.config ?? {});
}

/** A published workflow as a tool: its start inputs are the parameters. */
export function describeWorkflowTool(app: { id: string; name: string; description: string }, start: StartConfig): ToolDescriptor {
  return {
    ref: `workflow:${app.id}`,
    name: `workflow_${app.id}`.slice(0, 64),
    description: app.description || app.name,
    parameters: {
      type: "object",
      properties: Object.fromEntries(start.inputs.map((i) => [i.name, jsonSchemaOf(i)])),
      required: start.inputs.filter((i) => i.required).map((i) => i.name),
    },
  };
}

export function createWorkflowToolRunner(options: { db: Db; workspaceId: string; parentRunId: string; channel?: string | null; depth?: number }): WorkflowToolRunner {
  const { db, workspaceId } = options;
  const depth = options.depth ?? 0;

  const load = async (appId: string): Promise<Published> => {
    const app = await db.app.findFirst({
      where: { id: appId, workspaceId, mode: "workflow" },
      select: { id: true, name: true, description: true, versions: { orderBy: { version: "desc" }, take: 1, select: { graph: true } } },
    });
    const version = app?.versions[0];
    if (!app || !version) throw new NodeError(`Workflow tool ${appId} is not a published Workflow app of this workspace`, { code: "tool_not_found", retryable: false });
    const start = startConfigOf(version.graph);
    return { app: { id: app.id, name: app.name, description: app.description }, graph: version.graph, start };
  };

  return {
    async describe(appId: string): Promise<ToolDescriptor> {
      const { app, start } = await load(appId);
      return describeWorkflowTool(app, start);
    },

    async run(appId: string, args: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
      if (depth >= MAX_DEPTH) throw new NodeError(`Workflow tools are nested more than ${MAX_DEPTH} deep; is a workflow calling itself?`, { code: "tool_depth", retryable: false });
      const { app, graph, start } = await load(appId);
      const parsed = parseStartInputs(start, args);
      if (!parsed.ok) throw new NodeError(`Workflow tool "${app.name}": ${parsed.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`, { code: "tool_arguments", retryable: false });
      const sys: SystemValues = { query: "", conversationId: null, userId: null, files: [], history: [], appId: app.id, runId: options.parentRunId, workspaceId };
      const outcome = await executeRun({
        graph: compileRunGraph(graph),
        inputs: parsed.values,
        sys,
        services: createRunServices({ workspaceId, appId: app.id, runId: options.parentRunId, channel: options.channel ?? null }, createWorkflowToolRunner({ ...options, depth: depth + 1 })),
        limits: runLimits(),
        signal,
        emit: () => undefined,
      });
      if (outcome.status !== "succeeded") throw new NodeError(`Workflow tool "${app.name}" failed: ${outcome.error.message}`, { code: "tool_failed" });
      return outcome.outputs;
    },
  };
}
