import { describe, expect, it } from "vitest";
import { runGraph } from "./testing/engine-harness";
import { edge, end, graph, node, start } from "./testing/graph-builder";
import type { ChatResult } from "../inference/client";
import type { EngineModels } from "./node-context";

describe("engine: basics", () => {
  it("runs a chain and reports outputs, events in order and one trace row per node", async () => {
    const g = graph(
      [start("name"), node("a", "template", { template: "Hello {{start.name}}" }), node("b", "template", { template: "{{a.output}}!" }), end({ greeting: ["b", "output"] })],
      [edge("start", "a"), edge("a", "b"), edge("b", "end")],
    );
    const r = await runGraph(g, { inputs: { name: "世界" } });
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { greeting: "Hello 世界!" }, steps: 4 });
    const started = r.events.filter((e) => e.type === "node.started").map((e) => (e as { nodeId: string }).nodeId);
    expect(started).toEqual(["start", "a", "b", "end"]);
    expect(r.events.at(-1)?.type).toBe("run.finished");
    expect(r.events.map((e) => e.id)).toEqual(r.events.map((_, i) => i + 1));
    expect(r.nodeRuns.map((n) => [n.nodeId, n.status, n.seq])).toEqual([
      ["start", "succeeded", 1],
      ["a", "succeeded", 2],
      ["b", "succeeded", 3],
      ["end", "succeeded", 4],
    ]);
    expect(r.nodeRuns[1]!.inputs).toEqual({ "start.name": "世界" });
  });

  it("refuses an invalid graph before running, naming every problem", async () => {
    const g = graph([start(), node("a", "template", { template: "{{ghost.output}}" }), node("b", "nope")], [edge("start", "a")]);
    await expect(runGraph(g)).rejects.toThrow(/ghost[\s\S]*unknown node type "nope"|unknown node type "nope"[\s\S]*ghost/);
  });

  it("fails with a named limit when the run takes more steps than allowed", async () => {
    const nodes = [start(), ...Array.from({ length: 5 }, (_, i) => node(`t${i}`, "template", { template: "x" }))];
    const edges = nodes.slice(1).map((n, i) => edge(nodes[i]!.id, n.id));
    const r = await runGraph(graph(nodes, edges), { limits: { maxSteps: 3 } });
    expect(r.outcome.status).toBe("failed");
    expect(r.outcome.status !== "succeeded" && r.outcome.error.code).toBe("max_steps");
    expect(r.outcome.status !== "succeeded" && r.outcome.error.message).toMatch(/maxSteps/);
  });

  it("fails with max_variable_size when a node's output is too large", async () => {
    // Each value fits; the end node's outputs together do not.
    const g = graph([start("s"), end({ a: ["start", "s"], b: ["start", "s"] })], [edge("start", "end")]);
    const r = await runGraph(g, { inputs: { s: "x".repeat(3000) }, limits: { maxVariableBytes: 4096 } });
    expect(r.outcome.status !== "succeeded" && r.outcome.error).toMatchObject({ code: "max_variable_size", nodeId: "end" });
  });
});

describe("engine: iteration", () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => `item${i}`).join(",");

  function iterationGraph(config: Record<string, unknown>) {
    return graph(
      [
        start("csv"),
        // The start node has no array input type; a template's output is a string, so split it in the body-less way: iterate a literal array from sys.files.
        node("it", "iteration", { items: ["sys", "files"], output: ["body", "output"], ...config }),
        node("body", "template", { template: "<{{it.item}}#{{it.index}}>" }, { parentId: "it" }),
        end({ all: ["it", "output"] }),
      ],
      [edge("start", "it"), edge("it", "end")],
    );
  }

  it("runs the body once per item and collects outputs in item order", async () => {
    const files = items(5).split(",");
    const r = await runGraph(iterationGraph({}), { sys: { files } });
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { all: files.map((f, i) => `<${f}#${i}>`) } });
    expect(r.nodeRuns.filter((n) => n.nodeId === "body").map((n) => n.scope)).toEqual(files.map((_, i) => `it[${i}]`));
  });

  it("keeps item order in parallel mode", async () => {
    const files = items(12).split(",");
    const r = await runGraph(iterationGraph({ parallel: true, parallelism: 4 }), { sys: { files } });
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { all: files.map((f, i) => `<${f}#${i}>`) } });
  });

  it("refuses more items than the iteration limit, naming the limit", async () => {
    const r = await runGraph(iterationGraph({}), { sys: { files: items(6).split(",") }, limits: { maxIterations: 5 } });
    expect(r.outcome.status !== "succeeded" && r.outcome.error).toMatchObject({ code: "max_iterations", nodeId: "it" });
  });

  it("counts body steps against the run's step limit", async () => {
    const r = await runGraph(iterationGraph({}), { sys: { files: items(20).split(",") }, limits: { maxSteps: 10 } });
    expect(r.outcome.status !== "succeeded" && r.outcome.error.code).toBe("max_steps");
  });
});

/** A model that streams `reply` in chunks of `chunk` characters with `delayMs` between them. */
export function streamingModel(reply: (prompt: string) => string, delayMs = 5, chunk = 3): EngineModels {
  const result = (content: string): ChatResult => ({
    content,
    toolCalls: [],
    finishReason: "stop",
    usage: { inputTokens: 10, outputTokens: content.length, estimated: false },
    served: { modelId: "m", modelName: "m", displayName: "m", endpointId: "e", providerName: "p", attempts: [] },
    latencyMs: 1,
    ttftMs: 1,
  });
  const lastUser = (messages: { role: string; content?: unknown }[]) => String(messages.filter((m) => m.role === "user").at(-1)?.content ?? "");
  return {
    chat: async (params) => result(reply(lastUser(params.messages as { role: string; content?: unknown }[]))),
    chatStream: async (params, onDelta) => {
      const text = reply(lastUser(params.messages as { role: string; content?: unknown }[]));
      for (let i = 0; i < text.length; i += chunk) {
        await new Promise((r) => setTimeout(r, delayMs));
        onDelta(text.slice(i, i + chunk));
      }
      return result(text);
    },
  };
}

describe("engine: streaming to answer nodes", () => {
  const llm = (id: string, text: string) => node(id, "llm", { messages: [{ role: "user", text }] });

  it("streams the answer in template order while the llm is still generating", async () => {
    const g = graph(
      [start(), llm("llm", "{{sys.query}}"), node("answer", "answer", { answer: "Q: {{sys.query}}\nA: {{llm.text}} (done)" })],
      [edge("start", "llm"), edge("llm", "answer")],
    );
    const r = await runGraph(g, { sys: { query: "6x7?" }, models: streamingModel(() => "The answer is 42") });
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { answer: "Q: 6x7?\nA: The answer is 42 (done)" } });
    expect(r.streamed("answer", "answer")).toBe("Q: 6x7?\nA: The answer is 42 (done)");
    const firstAnswerDelta = r.events.findIndex((e) => e.type === "node.delta" && e.nodeId === "answer");
    const llmFinished = r.events.findIndex((e) => e.type === "node.finished" && e.nodeId === "llm");
    expect(firstAnswerDelta).toBeGreaterThan(-1);
    expect(firstAnswerDelta).toBeLessThan(llmFinished);
  });

  it("streams only the taken branch, and a join referencing both branches streams the live one", async () => {
    const g = graph(
      [
        start(),
        node("route", "question-classifier", { query: "{{sys.query}}", classes: [{ id: "billing", name: "Billing" }, { id: "tech", name: "Technical" }] }),
        llm("a", "billing: {{sys.query}}"),
        llm("b", "tech: {{sys.query}}"),
        node("answer", "answer", { answer: "[{{a.text}}{{b.text}}]" }),
      ],
      [edge("start", "route"), edge("route", "a", "billing"), edge("route", "b", "tech"), edge("a", "answer"), edge("b", "answer")],
    );
    const models = streamingModel((prompt) => (prompt.startsWith("tech:") ? "Restart the router" : prompt.startsWith("billing:") ? "Refund issued" : "tech"));
    const r = await runGraph(g, { sys: { query: "my wifi is down" }, models });
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { answer: "[Restart the router]" } });
    expect(r.statusOf("a")).toBe("skipped");
    expect(r.streamed("answer", "answer")).toBe("[Restart the router]");
    const firstAnswerDelta = r.events.findIndex((e) => e.type === "node.delta" && e.nodeId === "answer");
    expect(firstAnswerDelta).toBeLessThan(r.events.findIndex((e) => e.type === "node.finished" && e.nodeId === "b"));
  });
});

describe("engine: concurrency, errors, cancellation, retry", () => {
  const llm = (id: string, text: string, policy?: NonNullable<Parameters<typeof node>[3]>["policy"]) => node(id, "llm", { messages: [{ role: "user", text }] }, { policy });
  const base = streamingModel((p) => `echo ${p}`);

  /** A model whose calls are scripted per prompt; records when each call ran. */
  function scripted(behaviour: (prompt: string, call: number) => Promise<string>): EngineModels & { spans: { prompt: string; from: number; to: number }[] } {
    const spans: { prompt: string; from: number; to: number }[] = [];
    let calls = 0;
    const run = async (params: Parameters<EngineModels["chat"]>[0], onDelta?: (t: string) => void) => {
      const prompt = String((params.messages as { role: string; content?: unknown }[]).at(-1)?.content ?? "");
      const from = performance.now();
      const text = await behaviour(prompt, ++calls);
      onDelta?.(text);
      spans.push({ prompt, from, to: performance.now() });
      return base.chat({ ...params, messages: [{ role: "user", content: text }] }).then((r) => ({ ...r, content: text }));
    };
    return { spans, chat: (p) => run(p), chatStream: (p, d) => run(p, d) };
  }
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener("abort", () => {
        clearTimeout(t);
        reject(signal.reason);
      });
    });

  it("runs parallel branches at the same time and joins after both", async () => {
    const g = graph(
      [start(), llm("a", "A"), llm("b", "B"), llm("c", "C"), node("join", "template", { template: "{{a.text}}+{{b.text}}+{{c.text}}" }), end({ out: ["join", "output"] })],
      [edge("start", "a"), edge("start", "b"), edge("start", "c"), edge("a", "join"), edge("b", "join"), edge("c", "join"), edge("join", "end")],
    );
    const models = scripted(async (p) => {
      await sleep(150);
      return p.toLowerCase();
    });
    const t = performance.now();
    const r = await runGraph(g, { models });
    const elapsed = performance.now() - t;
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { out: "a+b+c" } });
    const latestStart = Math.max(...models.spans.map((s) => s.from));
    const earliestEnd = Math.min(...models.spans.map((s) => s.to));
    expect(latestStart).toBeLessThan(earliestEnd);
    expect(elapsed).toBeLessThan(400);
  });

  it("keeps to the per-run concurrency limit", async () => {
    const names = ["a", "b", "c", "d"];
    const g = graph([start(), ...names.map((n) => llm(n, n))], names.map((n) => edge("start", n)));
    let running = 0;
    let peak = 0;
    const models = scripted(async (p) => {
      peak = Math.max(peak, ++running);
      await sleep(40);
      running--;
      return p;
    });
    const r = await runGraph(g, { models, limits: { concurrency: 2 } });
    expect(r.outcome.status).toBe("succeeded");
    expect(peak).toBe(2);
  });

  it("retries a failing node with backoff, then succeeds", async () => {
    const g = graph([start(), llm("a", "x", { retries: 2, backoffMs: 10 }), end({ out: ["a", "text"] })], [edge("start", "a"), edge("a", "end")]);
    const models = scripted(async (_p, call) => {
      if (call < 3) throw new Error(`upstream 503 (call ${call})`);
      return "ok";
    });
    const r = await runGraph(g, { models });
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { out: "ok" } });
    const failures = r.events.filter((e) => e.type === "node.failed");
    expect(failures.map((e) => e.type === "node.failed" && [e.attempt, e.willRetry])).toEqual([[1, true], [2, true]]);
    expect(r.nodeRuns.find((n) => n.nodeId === "a")?.attempts).toBe(3);
  });

  const failing = scripted(async () => {
    throw new Error("model exploded");
  });

  it("fails the run and names the node when the policy is fail", async () => {
    const g = graph([start(), llm("a", "x"), end({ out: ["a", "text"] })], [edge("start", "a"), edge("a", "end")]);
    const r = await runGraph(g, { models: failing });
    expect(r.outcome.status !== "succeeded" && r.outcome.error).toMatchObject({ nodeId: "a", message: expect.stringContaining("model exploded") });
    expect(r.statusOf("end")).toBeUndefined();
  });

  it("takes the fail branch with the error when the policy is branch", async () => {
    const g = graph(
      [start(), llm("a", "x", { onError: "branch" }), node("ok", "template", { template: "fine" }), node("handled", "template", { template: "handled: {{a.error.message}}" }), end({ ok: ["ok", "output"], handled: ["handled", "output"] })],
      [edge("start", "a"), edge("a", "ok"), edge("a", "handled", "fail"), edge("ok", "end"), edge("handled", "end")],
    );
    const r = await runGraph(g, { models: failing });
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { handled: "handled: model exploded" } });
    expect(r.statusOf("ok")).toBe("skipped");
  });

  it("continues with default outputs when the policy is default", async () => {
    const g = graph([start(), llm("a", "x", { onError: "default", defaultOutputs: { text: "fallback" } }), end({ out: ["a", "text"] })], [edge("start", "a"), edge("a", "end")]);
    const r = await runGraph(g, { models: failing });
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { out: "fallback" } });
  });

  it("times out a node that does not finish, naming the limit", async () => {
    const g = graph([start(), llm("a", "x", { timeoutMs: 50 }), end({ out: ["a", "text"] })], [edge("start", "a"), edge("a", "end")]);
    // Ignores its signal on purpose: the engine must not wait for it.
    const hanging = scripted(() => new Promise<string>(() => undefined));
    const r = await runGraph(g, { models: hanging });
    expect(r.outcome.status !== "succeeded" && r.outcome.error).toMatchObject({ code: "node_timeout", nodeId: "a" });
  });

  it("fails with max_run_time when the whole run is too slow", async () => {
    const g = graph([start(), llm("a", "x")], [edge("start", "a")]);
    const slow = scripted(() => sleep(5_000).then(() => "late"));
    const r = await runGraph(g, { models: slow, limits: { maxRunTimeMs: 100 } });
    expect(r.outcome.status !== "succeeded" && r.outcome.error.code).toBe("max_run_time");
  });

  it("cancels: running nodes see the signal and the run ends as cancelled", async () => {
    const g = graph([start(), llm("a", "x"), llm("b", "y"), end({ out: ["a", "text"] })], [edge("start", "a"), edge("start", "b"), edge("a", "end")]);
    const seen: string[] = [];
    const models: EngineModels = {
      chat: () => Promise.reject(new Error("unused")),
      chatStream: (params) =>
        new Promise((_, reject) => {
          params.signal?.addEventListener("abort", () => {
            seen.push("aborted");
            reject(params.signal!.reason);
          });
        }),
    };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const t = performance.now();
    const r = await runGraph(g, { models, signal: controller.signal });
    expect(performance.now() - t).toBeLessThan(1000);
    expect(r.outcome.status).toBe("cancelled");
    expect(seen).toEqual(["aborted", "aborted"]);
    expect(r.events.at(-1)).toMatchObject({ type: "run.failed", cancelled: true });
  });

  it("retries from the failed node, reusing what succeeded before", async () => {
    const g = graph(
      [start(), llm("a", "first"), llm("b", "second {{a.text}}"), end({ out: ["b", "text"] })],
      [edge("start", "a"), edge("a", "b"), edge("b", "end")],
    );
    let failB = true;
    const models = scripted(async (p) => {
      if (p.startsWith("second") && failB) throw new Error("b broke");
      return `<${p}>`;
    });
    const first = await runGraph(g, { models });
    expect(first.outcome.status !== "succeeded" && first.outcome.error.nodeId).toBe("b");
    failB = false;
    const reuse = new Map(first.nodeRuns.filter((n) => n.status === "succeeded").map((n) => [n.nodeId, { outputs: n.outputs!, branch: n.branch }]));
    const callsBefore = models.spans.length;
    const retried = await runGraph(g, { models, reuse });
    expect(retried.outcome).toMatchObject({ status: "succeeded", outputs: { out: "<second <first>>" } });
    expect(retried.statusOf("a")).toBe("reused");
    expect(models.spans.length - callsBefore).toBe(1);
  });
});

describe("engine: loop", () => {
  function loopGraph(config: Record<string, unknown>) {
    return graph(
      [
        start(),
        node("loop", "loop", {
          variables: [{ name: "text", type: "string", initial: "", update: ["grow", "output"] }],
          ...config,
        }),
        node("grow", "template", { template: "{{loop.text}}{{loop.index}}" }, { parentId: "loop" }),
        end({ text: ["loop", "text"], passes: ["loop", "iterations"] }),
      ],
      [edge("start", "loop"), edge("loop", "end")],
    );
  }

  it("repeats until the break condition holds, with variables updated by each pass", async () => {
    const r = await runGraph(loopGraph({ maxIterations: 50, breakWhen: { logicalOperator: "or", conditions: [{ selector: ["loop", "text"], operator: "length_gt", value: "3" }] } }));
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { text: "0123", passes: 4 } });
    expect(r.nodeRuns.filter((n) => n.nodeId === "grow").map((n) => n.scope)).toEqual(["loop[0]", "loop[1]", "loop[2]", "loop[3]"]);
  });

  it("stops at the maximum number of passes", async () => {
    const r = await runGraph(loopGraph({ maxIterations: 3 }));
    expect(r.outcome).toMatchObject({ status: "succeeded", outputs: { text: "012", passes: 3 } });
  });

  it("refuses a loop allowing more passes than the run's iteration limit", async () => {
    const r = await runGraph(loopGraph({ maxIterations: 500 }), { limits: { maxIterations: 100 } });
    expect(r.outcome.status !== "succeeded" && r.outcome.error).toMatchObject({ code: "max_iterations", nodeId: "loop" });
  });
});
