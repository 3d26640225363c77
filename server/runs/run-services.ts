/**
 * The services a run's nodes get (EngineServices), bound to the run: model calls are accounted
 * to its workspace/app/run, outbound HTTP goes through the SSRF guard, code goes to the sandbox.
 */
import { inference } from "../inference";
import type { ChatResult } from "../inference/client";
import { env } from "../env";
import type { EngineServices } from "../engine/run-executor";
import { runCode } from "../sandbox";
import { guardedFetch, parseAllowedHosts, type GuardedFetch } from "../security/http";
import { createEngineTools, type WorkflowToolRunner } from "../tools/tool-service";
import { db } from "../db";
import { createEngineKnowledge } from "../knowledge/engine-knowledge";
import { resolveProviderTool } from "../tools/tool-providers.service";

export interface RunScope {
  workspaceId: string;
  appId: string | null;
  runId: string;
  /** The run's channel (its `source`), for usage per channel. */
  channel?: string | null;
}

let allowedHostsCache: { source: string; hosts: string[] } | undefined;

function workflowAllowedHosts(): string[] {
  const source = env().WORKFLOW_ALLOWED_HOSTS;
  if (allowedHostsCache?.source !== source) allowedHostsCache = { source, hosts: parseAllowedHosts(source) };
  return allowedHostsCache.hosts;
}

/** The guard with the deployment's allow-list for intranet hosts (WORKFLOW_ALLOWED_HOSTS). */
// The allow-list is the deployment's decision: it goes last so no node can widen it.
export const workflowFetch: GuardedFetch = (url, init) => guardedFetch(url, { ...init, allowedHosts: workflowAllowedHosts() });

export function createRunServices(scope: RunScope, workflows?: WorkflowToolRunner): EngineServices {
  const client = inference();
  const callScope = { workspaceId: scope.workspaceId, appId: scope.appId, runId: scope.runId, channel: scope.channel ?? null };
  return {
    models: {
      chat: (params) => client.chat(callScope, params),
      chatStream: async (params, onDelta) => {
        const stream = client.chatStream(callScope, params);
        let result: ChatResult | undefined;
        for (;;) {
          const next = await stream.next();
          if (next.done) {
            result = next.value;
            break;
          }
          if (next.value.type === "delta") onDelta(next.value.content);
          else result = next.value.result;
        }
        return result;
      },
    },
    knowledge: createEngineKnowledge({ db, models: client }, scope),
    tools: createEngineTools({
      http: workflowFetch,
      workflows,
      // OpenAPI and MCP tools of the run's workspace, enabled ones only; they call out through the same guard.
      providers: { resolve: (ref) => resolveProviderTool(db(), workflowFetch, scope.workspaceId, ref) },
    }),
    http: workflowFetch,
    sandbox: { runCode },
  };
}
