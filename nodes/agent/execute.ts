import type { ChatCompletionTool } from "openai/resources/chat/completions";
import { NodeError, type NodeExecutor, type ToolDescriptor } from "@/server/engine/node-context";
import type { ChatResult, ToolCall } from "@/server/inference/client";
import { excerpt, isPlainObject } from "../llm/model-json";
import { chatParams, CONVERSATION_SUMMARY_SELECTOR, memoryMessages, usageOf, type ChatMessage } from "../llm/prompt";
import type { AgentConfig } from "./definition";

/** What one tool call may put back into the conversation; more would crowd out the context window. */
export const MAX_TOOL_RESULT_CHARS = 16_000;
const STEP_SUMMARY_CHARS = 500;

const FINAL_ANSWER_NOTE = "You have used all the tool calls this task allows. Answer now with what you have found, without calling tools.";

export interface AgentStep {
  /** The model turn that asked for the call, from 1. */
  step: number;
  tool: string;
  ref: string | null;
  /** Parsed arguments, or the raw text when it was not a JSON object. */
  arguments: unknown;
  ok: boolean;
  /** The start of what the model was given back (the full text went to the model, capped). */
  result: string;
  durationMs: number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function resultText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "(no result)";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function capToolResult(text: string): string {
  if (text.length <= MAX_TOOL_RESULT_CHARS) return text;
  return `${text.slice(0, MAX_TOOL_RESULT_CHARS)}\n…[truncated: ${text.length - MAX_TOOL_RESULT_CHARS} more characters]`;
}

function parseArguments(raw: string): { ok: true; args: Record<string, unknown> } | { ok: false; reason: string } {
  if (raw.trim() === "") return { ok: true, args: {} };
  try {
    const value: unknown = JSON.parse(raw);
    return isPlainObject(value) ? { ok: true, args: value } : { ok: false, reason: "the arguments must be a JSON object" };
  } catch (error) {
    return { ok: false, reason: `the arguments are not valid JSON (${errorText(error)})` };
  }
}

/**
 * A tool-calling loop: the model answers or asks for tools; each call runs through ctx.tools and
 * its result (or its error, as text) goes back to the model. Tool failures are the model's to
 * handle, not run failures. After `maxSteps` turns with tool calls the model is asked once more
 * with tools switched off, so the run ends with an answer rather than an error; only when that
 * turn says nothing does the node fail, naming the limit.
 *
 * Every turn streams: text a model writes before calling tools ("Let me look that up.") is
 * part of the answer the user sees, so `text` is all streamed text, turns separated by a blank line.
 */
export const executeAgent: NodeExecutor<AgentConfig> = async (ctx) => {
  const { config } = ctx;
  const query = ctx.render(config.query);
  if (query.trim() === "") {
    throw new NodeError("The agent's query is empty; check that the variables in Query have values", { code: "empty_prompt", retryable: false });
  }
  const instructions = ctx.render(config.instructions).trim();

  const descriptors = config.tools.length > 0 ? await ctx.tools.describe(config.tools) : [];
  const byName = new Map<string, ToolDescriptor>(descriptors.map((d) => [d.name, d]));
  const tools: ChatCompletionTool[] = descriptors.map((d) => ({
    type: "function",
    function: { name: d.name, description: d.description, parameters: d.parameters },
  }));

  const messages: ChatMessage[] = [
    ...(instructions !== "" ? [{ role: "system" as const, content: instructions }] : []),
    ...memoryMessages(ctx.sys.history, config.memory, ctx.get(CONVERSATION_SUMMARY_SELECTOR)),
    { role: "user", content: query },
  ];
  const results: ChatResult[] = [];
  const steps: AgentStep[] = [];
  let text = "";

  const runTool = async (call: ToolCall & { id: string }, step: number): Promise<{ message: ChatMessage; record: AgentStep }> => {
    const started = performance.now();
    const descriptor = byName.get(call.name);
    const parsed = parseArguments(call.arguments);
    let output: string;
    let ok = false;
    if (!descriptor) {
      output = `Error: there is no tool named "${call.name}". Available tools: ${[...byName.keys()].join(", ") || "none"}.`;
    } else if (!parsed.ok) {
      output = `Error: ${parsed.reason}. Call ${call.name} again with a JSON object of arguments.`;
    } else {
      try {
        output = resultText(await ctx.tools.call(descriptor.ref, parsed.args, ctx.signal));
        ok = true;
      } catch (error) {
        // A cancelled run stops here; any other failure is information for the model.
        if (ctx.signal.aborted) throw error;
        output = `Error: ${errorText(error)}`;
      }
    }
    const content = capToolResult(output);
    const durationMs = Math.round(performance.now() - started);
    ctx.log(ok ? "info" : "warn", `Step ${step}: ${call.name} ${ok ? "returned" : "failed"} in ${durationMs} ms: ${excerpt(output, 200)}`);
    return {
      message: { role: "tool", tool_call_id: call.id, content },
      record: {
        step,
        tool: call.name,
        ref: descriptor?.ref ?? null,
        arguments: parsed.ok ? parsed.args : call.arguments,
        ok,
        result: excerpt(output, STEP_SUMMARY_CHARS),
        durationMs,
      },
    };
  };

  for (let step = 1; ; step++) {
    const final = step > config.maxSteps;
    if (final) {
      ctx.log("warn", `Reached the limit of ${config.maxSteps} tool steps; asking for a final answer without tools`);
      messages.push({ role: "user", content: FINAL_ANSWER_NOTE });
    }
    let separated = text === "";
    const result = await ctx.models.chatStream(
      {
        ...chatParams(config, ctx.signal),
        messages: [...messages],
        ...(tools.length > 0 ? { tools, ...(final ? { toolChoice: "none" as const } : {}) } : {}),
      },
      (delta) => {
        if (!separated) {
          ctx.emit("\n\n", "text");
          text += "\n\n";
          separated = true;
        }
        ctx.emit(delta, "text");
        text += delta;
      },
    );
    results.push(result);

    // Servers that ignore tool_choice "none" may still ask for tools on the final turn; those calls are not run.
    if (result.toolCalls.length === 0 || final) {
      if (final && result.content.trim() === "") {
        throw new NodeError(`The agent reached its limit of ${config.maxSteps} steps without an answer; raise Max steps or simplify the task`, {
          code: "agent_step_limit",
          details: { steps },
        });
      }
      break;
    }

    const calls = result.toolCalls.map((c, i) => ({ ...c, id: c.id || `call_${step}_${i}` }));
    messages.push({
      role: "assistant",
      content: result.content === "" ? null : result.content,
      tool_calls: calls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments || "{}" } })),
    });
    // Independent calls of one turn run together; their answers go back in the order asked.
    const ran = await Promise.all(calls.map((c) => runTool(c, step)));
    messages.push(...ran.map((r) => r.message));
    steps.push(...ran.map((r) => r.record));
  }

  return {
    outputs: { text, steps, usage: usageOf(results) },
    inputs: { query, tools: config.tools, model: results.at(-1)?.served.displayName },
  };
};
