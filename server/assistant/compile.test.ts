import { describe, expect, it } from "vitest";
import { nodeDefinitions } from "@/nodes";
import { validateGraph } from "@/nodes/validate-graph";
import { assistantConfigProblems, assistantConfigSchema, defaultAssistantConfig, promptVariableNames, type AssistantConfigInput } from "./assistant-config";
import { ASSISTANT_NODE, compileAssistant, promptTemplate } from "./compile";

const moderation = (enabled: boolean) => ({ enabled, keywords: ["forbidden"], reply: "Not allowed." });

/** Every combination of the options that change the graph's shape. */
function combinations(): AssistantConfigInput[] {
  const out: AssistantConfigInput[] = [];
  for (const knowledge of [false, true])
    for (const tools of [false, true])
      for (const input of [false, true])
        for (const output of [false, true])
          for (const followUps of [false, true])
            for (const citations of [false, true])
              for (const summary of [false, true])
                out.push({
                  prompt: "You help {{name}} with {{topic}}. Today: {{sys.query}}",
                  variables: [
                    { name: "name", label: "Name", type: "text", required: true },
                    { name: "topic", label: "Topic", type: "select", options: ["billing", "tech"] },
                  ],
                  model: "gpt-test",
                  completionParams: { temperature: 0.3, topP: 0.9, maxTokens: 500 },
                  knowledge: { knowledgeBaseIds: knowledge ? ["kb_1", "kb_2"] : [], topK: 3, mode: "keyword", citations },
                  tools: tools ? ["builtin:current_time", "builtin:calculator"] : [],
                  memory: { enabled: true, window: 5, summary },
                  followUps: { enabled: followUps, count: 4 },
                  moderation: { input: moderation(input), output: moderation(output) },
                });
  return out;
}

describe("compileAssistant", () => {
  it("compiles every option combination to a graph that passes validation", () => {
    const all = combinations();
    expect(all).toHaveLength(128);
    for (const raw of all) {
      const config = assistantConfigSchema.parse(raw);
      expect(assistantConfigProblems(config)).toEqual([]);
      const graph = compileAssistant(config);
      const errors = validateGraph(graph, nodeDefinitions).filter((p) => p.severity === "error");
      expect(errors, JSON.stringify(raw)).toEqual([]);
    }
  });

  it("compiles the defaults to start → llm → answer", () => {
    const graph = compileAssistant(defaultAssistantConfig());
    expect(graph.nodes.map((n) => n.id)).toEqual(["start", "llm", "answer"]);
    expect(graph.edges.map((e) => `${e.source}>${e.target}`)).toEqual(["start>llm", "llm>answer"]);
    expect(validateGraph(graph, nodeDefinitions).filter((p) => p.severity === "error")).toEqual([]);
  });

  it("wires the full shape: moderation branches, knowledge into the llm, buffered output, follow-ups and outputs", () => {
    const config = assistantConfigSchema.parse(combinations().find((c) => c.knowledge?.knowledgeBaseIds?.length && c.tools?.length === 0 && c.moderation?.input?.enabled && c.moderation.output?.enabled && c.followUps?.enabled && c.knowledge.citations));
    const graph = compileAssistant(config);
    expect(graph.nodes.map((n) => n.id)).toEqual(["start", "input_moderation", "blocked_answer", "knowledge", "llm", "output_moderation", "answer", "follow_ups", "end"]);
    expect(graph.edges.map((e) => `${e.source}:${e.sourceHandle}>${e.target}`)).toEqual([
      "start:out>input_moderation",
      "input_moderation:blocked>blocked_answer",
      "input_moderation:pass>knowledge",
      "knowledge:out>llm",
      "llm:out>output_moderation",
      "output_moderation:out>answer",
      "answer:out>follow_ups",
      "follow_ups:out>end",
    ]);
    const node = (id: string) => graph.nodes.find((n) => n.id === id)!.data.config;
    expect(node("llm").context).toEqual({ selector: ["knowledge", "result"] });
    // The answer reads the checked text, never the model's raw stream.
    expect(node("answer").answer).toBe("{{output_moderation.text}}");
    expect(node("end").outputs).toEqual([
      { name: "citations", selector: ["llm", "citations"] },
      { name: "suggestions", selector: ["follow_ups", "structured", "questions"] },
    ]);
    expect(graph.nodes.find((n) => n.id === ASSISTANT_NODE.followUps)!.data.policy?.onError).toBe("default");
  });

  it("uses an agent with the tools (and the knowledge in its instructions) when tools are on", () => {
    const config = assistantConfigSchema.parse({ prompt: "Be brief.", tools: ["builtin:current_time"], knowledge: { knowledgeBaseIds: ["kb"] } });
    const graph = compileAssistant(config);
    const agent = graph.nodes.find((n) => n.id === "agent")!;
    expect(agent.data.config.tools).toEqual(["builtin:current_time"]);
    expect(agent.data.config.instructions).toContain("{{knowledge.result}}");
    expect(graph.nodes.some((n) => n.type === "llm")).toBe(false);
  });

  it("turns declared {{name}} into start references and leaves other references alone", () => {
    const config = assistantConfigSchema.parse({ prompt: "Hi {{ name }}, {{unknown}}, {{sys.userId}}", variables: [{ name: "name", type: "text" }] });
    expect(promptTemplate(config)).toBe("Hi {{start.name}}, {{unknown}}, {{sys.userId}}");
  });
});

describe("assistant config validation", () => {
  it("fills defaults", () => {
    const config = assistantConfigSchema.parse({});
    expect(config.memory).toEqual({ enabled: true, window: 10, summary: false });
    expect(config.knowledge).toMatchObject({ knowledgeBaseIds: [], topK: 5, mode: "hybrid", citations: true });
    expect(config.followUps).toEqual({ enabled: false, count: 3 });
  });

  it("rejects out-of-range settings with a reason", () => {
    const messages = (raw: unknown) => assistantConfigSchema.safeParse(raw).error?.issues.map((i) => i.message) ?? [];
    expect(messages({ suggestedQuestions: ["a", "b", "c", "d"] })).toEqual(["At most 3 suggested questions"]);
    expect(messages({ followUps: { enabled: true, count: 6 } })).toEqual(["At most 5 questions"]);
    expect(messages({ completionParams: { temperature: 3 } })).toEqual(["Temperature is between 0 and 2"]);
    expect(messages({ memory: { window: 0 } })).toEqual(["The memory window is at least 1 turn"]);
    expect(messages({ variables: [{ name: "f", type: "color" }] })).toEqual(["Input type must be one of: text, paragraph, number, select, boolean, file_url"]);
    expect(messages({ tools: ["not a ref"] })).toEqual(["Tool references look like builtin:current_time or workflow:<appId>"]);
    expect(messages({ extra: 1 })).toEqual(['Unrecognized key: "extra"']);
  });

  it("reports undeclared prompt variables, duplicates and incomplete moderation", () => {
    const config = assistantConfigSchema.parse({
      prompt: "{{who}} {{name}}",
      variables: [
        { name: "name", type: "text" },
        { name: "name", type: "paragraph" },
      ],
      moderation: { input: { enabled: true }, output: { enabled: true, keywords: ["x"] } },
    });
    expect(promptVariableNames(config.prompt)).toEqual(["who", "name"]);
    expect(assistantConfigProblems(config).map((p) => p.field)).toEqual(["variables.1.name", "prompt", "moderation.input.keywords", "moderation.input.reply", "moderation.output.reply"]);
  });
});
