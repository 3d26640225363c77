/**
 * Tools the engine offers to the tool node and to agents (EngineTools in node-context.ts).
 * A tool is named by a ref: `builtin:<name>` for the tools in ./builtin, `workflow:<appId>` for
 * a published workflow app used as a tool (run by the engine's WorkflowToolRunner),
 * `openapi:<provider>/<operation>` and `mcp:<server>/<tool>` for a workspace's tool providers
 * (server/tools/tool-providers.service.ts). Provider refs use names, not ids, so an exported app
 * still points at the same tools after import into another workspace that has them.
 */
import { z } from "zod";
import { NodeError, type EngineTools, type ToolDescriptor } from "../engine/node-context";
import { OutboundRequestError, type GuardedFetch, type OutboundRequestErrorCode } from "../security/http";
import { ToolError, type BuiltinTool } from "./builtin-tool";
import { builtinTools } from "./builtin";

/** Runs published workflow apps as tools; implemented by the engine, which can load apps. */
export interface WorkflowToolRunner {
  /** The app as a tool: its start inputs become the parameters. Throws a NodeError when unknown. */
  describe(appId: string): Promise<ToolDescriptor>;
  /** Validates `args` against the app's start inputs, runs it and resolves with its outputs. */
  run(appId: string, args: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
}

/** A workspace's OpenAPI and MCP tools, looked up by ref; implemented over the database by the run services. */
export interface ProviderToolSource {
  resolve(ref: { kind: "openapi" | "mcp"; provider: string; tool: string }): Promise<{
    tool: { name: string; description: string; parameters: Record<string, unknown> };
    call(args: Record<string, unknown>, signal?: AbortSignal): Promise<unknown>;
  } | null>;
}

export interface EngineToolsDeps {
  /** The run's SSRF-guarded fetch; tools never reach the network any other way. */
  http: GuardedFetch;
  workflows?: WorkflowToolRunner;
  providers?: ProviderToolSource;
  now?: () => Date;
}

export type ToolRef =
  | { kind: "builtin"; name: string }
  | { kind: "workflow"; appId: string }
  | { kind: "openapi" | "mcp"; provider: string; tool: string };

const BUILTIN_PREFIX = "builtin:";
const WORKFLOW_PREFIX = "workflow:";
const PROVIDER_REF = /^(openapi|mcp):([a-z0-9][a-z0-9_-]*)\/(.+)$/;

/** Splits a ref into its kind and id; null when it has no known prefix or no id. */
export function parseToolRef(ref: string): ToolRef | null {
  if (ref.startsWith(BUILTIN_PREFIX) && ref.length > BUILTIN_PREFIX.length) return { kind: "builtin", name: ref.slice(BUILTIN_PREFIX.length) };
  if (ref.startsWith(WORKFLOW_PREFIX) && ref.length > WORKFLOW_PREFIX.length) return { kind: "workflow", appId: ref.slice(WORKFLOW_PREFIX.length) };
  const provider = PROVIDER_REF.exec(ref);
  if (provider) return { kind: provider[1] as "openapi" | "mcp", provider: provider[2]!, tool: provider[3]! };
  return null;
}

/** The function name a model sees for a provider tool: unique across providers, at most 64 characters. */
export function providerToolFunctionName(provider: string, tool: string): string {
  return `${provider}__${tool}`.replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 64);
}

function describeBuiltin(tool: BuiltinTool): ToolDescriptor {
  // Input side: arguments with defaults are optional for the caller.
  const { $schema: _dialect, ...parameters } = z.toJSONSchema(tool.parameters, { io: "input" });
  return { ref: `${BUILTIN_PREFIX}${tool.name}`, name: tool.name, description: tool.description, parameters };
}

const builtinByName: ReadonlyMap<string, { tool: BuiltinTool; descriptor: ToolDescriptor }> = new Map(
  builtinTools.map((tool) => [tool.name, { tool, descriptor: describeBuiltin(tool) }]),
);

/** Descriptors of every built-in tool (for the Tools page and tool pickers). */
export function listBuiltinTools(): ToolDescriptor[] {
  return [...builtinByName.values()].map(({ descriptor }) => structuredClone(descriptor));
}

/** Failures worth another attempt: the network, not the request, was the problem. */
const TRANSIENT_OUTBOUND: ReadonlySet<OutboundRequestErrorCode> = new Set(["TIMEOUT", "CONNECT_FAILED", "DNS_FAILED"]);

function formatIssue(issue: z.core.$ZodIssue): string {
  const [argument, ...rest] = issue.path.map(String);
  if (issue.code === "unrecognized_keys") return `unknown argument${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  const missing = issue.code === "invalid_type" && issue.input === undefined;
  const message = missing ? "is required" : issue.message;
  if (argument === undefined) return message;
  const where = rest.length > 0 ? `${argument}.${rest.join(".")}` : argument;
  return `argument "${where}" ${missing ? message : `— ${message}`}`;
}

function parseArguments(tool: BuiltinTool, args: Record<string, unknown>): Record<string, unknown> {
  const parsed = tool.parameters.safeParse(args, { reportInput: true });
  if (parsed.success) return parsed.data;
  const takes = Object.keys(tool.parameters.shape);
  const problems = parsed.error.issues.map(formatIssue).join("; ");
  throw new NodeError(`Tool "${tool.name}" got invalid arguments: ${problems} (it takes: ${takes.join(", ")})`, {
    code: "tool_invalid_arguments",
    retryable: false,
    details: { tool: tool.name, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  });
}

/** Makes any failure inside a tool a NodeError that names the tool. Cancellation passes through untouched. */
function toNodeError(toolName: string, error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof NodeError) return error;
  if (error instanceof ToolError) return new NodeError(`Tool "${toolName}": ${error.message}`, { code: "tool_failed", retryable: error.retryable, cause: error });
  if (error instanceof OutboundRequestError) {
    return new NodeError(`Tool "${toolName}": ${error.message}`, {
      code: `tool_request_${error.code.toLowerCase()}`,
      retryable: TRANSIENT_OUTBOUND.has(error.code),
      cause: error,
    });
  }
  return new NodeError(`Tool "${toolName}" failed: ${error instanceof Error ? error.message : String(error)}`, { code: "tool_failed", cause: error });
}

function unknownToolsError(refs: readonly string[]): NodeError {
  const list = refs.map((r) => `"${r}"`).join(", ");
  return new NodeError(
    `Unknown tool${refs.length === 1 ? "" : "s"} ${list}: use "builtin:<name>" (${[...builtinByName.keys()].join(", ")}), "workflow:<appId>", "openapi:<provider>/<operation>" or "mcp:<server>/<tool>" (providers must exist and be enabled on the Tools page)`,
    { code: "tool_unknown", retryable: false, details: { refs: [...refs] } },
  );
}

function noWorkflowRunner(ref: string): NodeError {
  return new NodeError(`Tool "${ref}" is a workflow, and workflow tools are not available in this run`, { code: "tool_workflow_unavailable", retryable: false });
}

export function createEngineTools(deps: EngineToolsDeps): EngineTools {
  const { http, workflows, providers, now } = deps;

  const resolveProvider = async (ref: string, parsed: { kind: "openapi" | "mcp"; provider: string; tool: string }) => {
    const resolved = providers ? await providers.resolve(parsed) : null;
    if (!resolved) throw unknownToolsError([ref]);
    return resolved;
  };

  return {
    async describe(refs) {
      const resolved = refs.map((ref) => ({ ref, parsed: parseToolRef(ref) }));
      const unknown = resolved.filter(({ parsed }) => parsed === null || (parsed.kind === "builtin" && !builtinByName.has(parsed.name)));
      if (unknown.length > 0) throw unknownToolsError(unknown.map(({ ref }) => ref));

      return Promise.all(
        resolved.map(async ({ ref, parsed }) => {
          if (parsed?.kind === "openapi" || parsed?.kind === "mcp") {
            const { tool } = await resolveProvider(ref, parsed);
            return { ref, name: providerToolFunctionName(parsed.provider, tool.name), description: tool.description || tool.name, parameters: structuredClone(tool.parameters) };
          }
          if (parsed?.kind === "workflow") {
            if (!workflows) throw noWorkflowRunner(ref);
            try {
              return { ...(await workflows.describe(parsed.appId)), ref };
            } catch (error) {
              throw toNodeError(ref, error);
            }
          }
          const builtin = parsed?.kind === "builtin" ? builtinByName.get(parsed.name) : undefined;
          if (!builtin) throw unknownToolsError([ref]);
          return structuredClone(builtin.descriptor);
        }),
      );
    },

    async call(ref, args, signal) {
      const parsed = parseToolRef(ref);
      if (parsed === null) throw unknownToolsError([ref]);
      if (parsed.kind === "workflow") {
        if (!workflows) throw noWorkflowRunner(ref);
        try {
          return await workflows.run(parsed.appId, args, signal);
        } catch (error) {
          throw toNodeError(ref, error, signal);
        }
      }
      if (parsed.kind === "openapi" || parsed.kind === "mcp") {
        const resolved = await resolveProvider(ref, parsed);
        try {
          return await resolved.call(args, signal);
        } catch (error) {
          throw toNodeError(ref, error, signal);
        }
      }
      const entry = parsed.kind === "builtin" ? builtinByName.get(parsed.name) : undefined;
      if (!entry) throw unknownToolsError([ref]);
      const valid = parseArguments(entry.tool, args);
      try {
        return await entry.tool.run(valid, { http, signal, now });
      } catch (error) {
        throw toNodeError(entry.tool.name, error, signal);
      }
    },
  };
}
