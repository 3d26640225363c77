/**
 * Test support for model-based nodes: an EngineModels that answers from a script and records
 * every request, so a test asserts on the messages a node sent and plays the replies it needs.
 * Imported by unit tests only; end-to-end runs use the real inference client.
 */
import type { EngineModels } from "@/server/engine/node-context";
import type { ChatParams, ChatResult, ToolCall } from "@/server/inference/client";

export interface ScriptedReply {
  content?: string;
  toolCalls?: ToolCall[];
  finishReason?: string | null;
  usage?: { inputTokens: number; outputTokens: number };
  /** How chatStream delivers `content`; two halves when omitted. */
  chunks?: string[];
}

export function chatResult(reply: ScriptedReply): ChatResult {
  return {
    content: reply.content ?? "",
    toolCalls: reply.toolCalls ?? [],
    finishReason: reply.finishReason === undefined ? (reply.toolCalls?.length ? "tool_calls" : "stop") : reply.finishReason,
    usage: { ...(reply.usage ?? { inputTokens: 10, outputTokens: 5 }), estimated: false },
    served: { modelId: "model_test", modelName: "test-model", displayName: "Test model", endpointId: "endpoint_test", providerName: "Test", attempts: [] },
    latencyMs: 1,
    ttftMs: null,
  };
}

function defaultChunks(content: string): string[] {
  const half = Math.ceil(content.length / 2);
  return [content.slice(0, half), content.slice(half)].filter((c) => c !== "");
}

/**
 * `script(params, callIndex)` answers each call; a fixed list answers calls in order. Both
 * chat and chatStream are served, and `calls` records how each was made.
 */
export function scriptedModels(script: ScriptedReply[] | ((params: ChatParams, call: number) => ScriptedReply | Promise<ScriptedReply>)) {
  const calls: { params: ChatParams; streamed: boolean }[] = [];
  const answer = async (params: ChatParams): Promise<ScriptedReply> => {
    const index = calls.length - 1;
    if (typeof script === "function") return script(params, index);
    const reply = script[index];
    if (!reply) throw new Error(`The script has ${script.length} replies but call ${index + 1} was made`);
    return reply;
  };
  const models: EngineModels = {
    chat: async (params) => {
      calls.push({ params, streamed: false });
      return chatResult(await answer(params));
    },
    chatStream: async (params, onDelta) => {
      calls.push({ params, streamed: true });
      const reply = await answer(params);
      for (const chunk of reply.chunks ?? defaultChunks(reply.content ?? "")) onDelta(chunk);
      return chatResult(reply);
    },
  };
  return { models, calls };
}
