/**
 * Assistant settings → a chatflow graph, so an assistant runs on the same engine, channels and
 * API as a canvas app. The shape:
 *
 *   start → [input_moderation] → [knowledge] → llm | agent → [output_moderation] → answer → [follow_ups] → [end]
 *                 └ blocked → blocked_answer
 *
 * Output moderation buffers: the answer node reads `{{output_moderation.text}}`, which exists only
 * once the whole reply was checked (the moderation node emits no deltas), so a blocked reply is
 * never streamed. Without output moderation the answer streams the model's text as it comes.
 * The end node adds `citations` and `suggestions` to the run's outputs (beside `answer`).
 */
import { GRAPH_SCHEMA_VERSION, type Graph, type GraphEdge, type GraphNode } from "@/nodes/graph";
import type { AgentConfig } from "@/nodes/agent/definition";
import type { AnswerConfig } from "@/nodes/answer/definition";
import type { EndConfig } from "@/nodes/end/definition";
import type { KnowledgeRetrievalConfig } from "@/nodes/knowledge-retrieval/definition";
import type { LlmConfig } from "@/nodes/llm/definition";
import { BLOCKED_BRANCH, PASS_BRANCH, type ModerationConfig } from "@/nodes/moderation/definition";
import type { StartConfig } from "@/nodes/start/definition";
import { PROMPT_VARIABLE_PATTERN, type AssistantConfig } from "./assistant-config";

/** Node ids of the compiled graph (stable, so traces of every version read alike). */
export const ASSISTANT_NODE = {
  start: "start",
  inputModeration: "input_moderation",
  blockedAnswer: "blocked_answer",
  knowledge: "knowledge",
  llm: "llm",
  agent: "agent",
  outputModeration: "output_moderation",
  answer: "answer",
  followUps: "follow_ups",
  end: "end",
} as const;

const X_STEP = 320;

/** `{{name}}` of a declared variable → `{{start.name}}`; everything else stays as written. */
export function promptTemplate(config: AssistantConfig): string {
  const declared = new Set(config.variables.map((v) => v.name));
  return config.prompt.replace(PROMPT_VARIABLE_PATTERN, (whole, name: string) => (declared.has(name) ? `{{${ASSISTANT_NODE.start}.${name}}}` : whole));
}

/** The JSON Schema the follow-up call answers with. */
export function followUpSchema(count: number): Record<string, unknown> {
  return {
    type: "object",
    properties: { questions: { type: "array", items: { type: "string" }, maxItems: count } },
    required: ["questions"],
    additionalProperties: false,
  };
}

function followUpPrompt(count: number): string {
  return (
    `Suggest up to ${count} short follow-up questions the user is likely to ask next about this exchange. ` +
    "Write them in the language of the user's question, each under 80 characters, as the user would type them. " +
    'Reply with JSON: {"questions": ["…"]}.'
  );
}

export function compileAssistant(config: AssistantConfig): Graph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let column = 0;
  const add = (id: string, type: string, title: string, nodeConfig: object, row = 0, policy?: GraphNode["data"]["policy"]) => {
    nodes.push({ id, type, position: { x: column * X_STEP, y: row * 160 }, data: { title, config: nodeConfig as Record<string, unknown>, ...(policy ? { policy } : {}) } });
  };
  const connect = (source: string, target: string, sourceHandle = "out") => {
    edges.push({ id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target, targetHandle: "in" });
  };
  /** The node the next step hangs off, and through which handle. */
  let tail: { id: string; handle: string } = { id: ASSISTANT_NODE.start, handle: "out" };
  const next = (id: string, type: string, title: string, nodeConfig: object, policy?: GraphNode["data"]["policy"]) => {
    column++;
    add(id, type, title, nodeConfig, 0, policy);
    connect(tail.id, id, tail.handle);
    tail = { id, handle: "out" };
  };

  add(ASSISTANT_NODE.start, "start", "Start", { inputs: config.variables } satisfies StartConfig);

  const input = config.moderation.input;
  if (input.enabled) {
    next(ASSISTANT_NODE.inputModeration, "moderation", "Input moderation", {
      direction: "input",
      text: "{{sys.query}}",
      keywords: input.keywords,
      reply: input.reply,
    } satisfies ModerationConfig);
    add(ASSISTANT_NODE.blockedAnswer, "answer", "Blocked reply", { answer: `{{${ASSISTANT_NODE.inputModeration}.text}}` } satisfies AnswerConfig, 1);
    connect(ASSISTANT_NODE.inputModeration, ASSISTANT_NODE.blockedAnswer, BLOCKED_BRANCH);
    tail = { id: ASSISTANT_NODE.inputModeration, handle: PASS_BRANCH };
  }

  const knowledge = config.knowledge;
  const withKnowledge = knowledge.knowledgeBaseIds.length > 0;
  if (withKnowledge) {
    next(ASSISTANT_NODE.knowledge, "knowledge-retrieval", "Knowledge", {
      knowledgeBaseIds: knowledge.knowledgeBaseIds,
      query: "{{sys.query}}",
      topK: knowledge.topK,
      ...(knowledge.scoreThreshold !== undefined ? { scoreThreshold: knowledge.scoreThreshold } : {}),
      rerank: knowledge.rerank,
      mode: knowledge.mode,
      metadataFilter: [],
    } satisfies KnowledgeRetrievalConfig);
  }

  const prompt = promptTemplate(config);
  const memory = { enabled: config.memory.enabled, window: config.memory.window };
  let replyRef: string;
  if (config.tools.length === 0) {
    next(ASSISTANT_NODE.llm, "llm", "Model", {
      ...(config.model !== undefined ? { model: config.model } : {}),
      completionParams: config.completionParams,
      messages: [
        { role: "system", text: prompt },
        { role: "user", text: "{{sys.query}}" },
      ],
      memory,
      structuredOutput: { enabled: false, name: "output", schema: { type: "object", properties: {} } },
      vision: { enabled: false, detail: "auto" },
      context: withKnowledge ? { selector: [ASSISTANT_NODE.knowledge, "result"] } : {},
    } satisfies LlmConfig);
    replyRef = `${ASSISTANT_NODE.llm}.text`;
  } else {
    // The agent node takes no knowledge context of its own: the chunks go into its instructions.
    const knowledgeBlock = withKnowledge
      ? `\n\nUse the following retrieved knowledge when it is relevant; say so when it does not contain the answer.\n<context>\n{{${ASSISTANT_NODE.knowledge}.result}}\n</context>`
      : "";
    next(ASSISTANT_NODE.agent, "agent", "Agent", {
      ...(config.model !== undefined ? { model: config.model } : {}),
      completionParams: config.completionParams,
      instructions: prompt + knowledgeBlock,
      query: "{{sys.query}}",
      tools: config.tools,
      maxSteps: 8,
      memory,
    } satisfies AgentConfig);
    replyRef = `${ASSISTANT_NODE.agent}.text`;
  }

  const output = config.moderation.output;
  if (output.enabled) {
    next(ASSISTANT_NODE.outputModeration, "moderation", "Output moderation", {
      direction: "output",
      text: `{{${replyRef}}}`,
      keywords: output.keywords,
      reply: output.reply,
    } satisfies ModerationConfig);
    replyRef = `${ASSISTANT_NODE.outputModeration}.text`;
  }
  next(ASSISTANT_NODE.answer, "answer", "Answer", { answer: `{{${replyRef}}}` } satisfies AnswerConfig);

  const endOutputs: EndConfig["outputs"] = [];
  if (withKnowledge && knowledge.citations && config.tools.length === 0) endOutputs.push({ name: "citations", selector: [ASSISTANT_NODE.llm, "citations"] });
  if (config.followUps.enabled) {
    const count = config.followUps.count;
    next(
      ASSISTANT_NODE.followUps,
      "llm",
      "Follow-up questions",
      {
        ...(config.model !== undefined ? { model: config.model } : {}),
        completionParams: { temperature: 0.7, maxTokens: 300 },
        messages: [
          { role: "system", text: followUpPrompt(count) },
          { role: "user", text: `Question: {{sys.query}}\n\nAnswer: {{${ASSISTANT_NODE.answer}.answer}}` },
        ],
        memory: { enabled: false, window: 10 },
        structuredOutput: { enabled: true, name: "follow_ups", schema: followUpSchema(count) },
        vision: { enabled: false, detail: "auto" },
        context: {},
      } satisfies LlmConfig,
      // Suggestions are extra: when they fail the answer still stands, with none.
      { retries: 0, backoffMs: 1000, onError: "default", defaultOutputs: { structured: { questions: [] } } },
    );
    endOutputs.push({ name: "suggestions", selector: [ASSISTANT_NODE.followUps, "structured", "questions"] });
  }
  if (endOutputs.length > 0) next(ASSISTANT_NODE.end, "end", "Outputs", { outputs: endOutputs } satisfies EndConfig);

  return { schemaVersion: GRAPH_SCHEMA_VERSION, nodes, edges, notes: [] };
}
