import { describe, expect, it } from "vitest";
import type { RunEvent } from "../engine/events";
import { toChatEvents, type ChatEvent } from "./chat-events";
import { GENERIC_FAILURE } from "./conversations.service";

async function* from(events: RunEvent[]): AsyncIterable<RunEvent> {
  yield* events;
}

async function chat(events: RunEvent[], detailedErrors = false, citations = false): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of toChatEvents(from(events), { messageId: "m", conversationId: "c", answerNodeIds: new Set(["a1", "a2"]), detailedErrors, citations })) out.push(e);
  return out;
}

const usage = { inputTokens: 1, outputTokens: 2 };

describe("toChatEvents", () => {
  it("passes only top-level answer deltas, joins answer nodes with a blank line and keeps event ids", async () => {
    const events = await chat([
      { id: 1, type: "run.started", runId: "r", at: "" },
      { id: 2, type: "node.delta", nodeId: "llm", field: "text", chunk: "internal", scope: "" },
      { id: 3, type: "node.delta", nodeId: "a1", field: "answer", chunk: "Hello", scope: "" },
      { id: 4, type: "node.delta", nodeId: "a1", field: "answer", chunk: " world", scope: "" },
      { id: 5, type: "node.delta", nodeId: "a2", field: "answer", chunk: "inside", scope: "iter[0]" },
      { id: 6, type: "node.delta", nodeId: "a2", field: "answer", chunk: "Second", scope: "" },
      { id: 7, type: "ping" },
      { id: 8, type: "run.finished", outputs: { answer: "Hello world\n\nSecond" }, usage, elapsedMs: 5, steps: 3 },
    ]);
    expect(events).toEqual([
      { id: 3, type: "message.delta", messageId: "m", conversationId: "c", chunk: "Hello" },
      { id: 4, type: "message.delta", messageId: "m", conversationId: "c", chunk: " world" },
      { id: 6, type: "message.delta", messageId: "m", conversationId: "c", chunk: "\n\nSecond" },
      { id: 7, type: "ping" },
      { id: 8, type: "message.finished", messageId: "m", conversationId: "c", answer: "Hello world\n\nSecond", suggestions: [], usage, elapsedMs: 5, citations: [] },
    ]);
  });

  it("hands the LLM nodes' citations to clients that may see them, and nothing to others", async () => {
    const citation = { position: 1, documentName: "faq.txt", documentId: "d", chunkId: "c1", knowledgeBaseId: "kb", score: 0.8, content: "Refunds within 30 days." };
    const events: RunEvent[] = [
      { id: 1, type: "node.finished", nodeId: "kr", nodeType: "knowledge-retrieval", scope: "", status: "succeeded", outputs: { result: [{ content: "x" }] }, elapsedMs: 1 },
      { id: 2, type: "node.finished", nodeId: "llm", nodeType: "llm", scope: "", status: "succeeded", outputs: { text: "See [1]", citations: [citation] }, elapsedMs: 1 },
      { id: 3, type: "run.finished", outputs: { answer: "See [1]" }, usage, elapsedMs: 5, steps: 3 },
    ];
    expect((await chat(events, false, true)).at(-1)).toMatchObject({ type: "message.finished", citations: [citation] });
    const hidden = (await chat(events, false, false)).at(-1);
    expect(hidden).toMatchObject({ type: "message.finished", citations: [] });
    expect(JSON.stringify(hidden)).not.toContain("Refunds");
  });

  it("hides failure details from public clients and marks stops", async () => {
    const failed: RunEvent = { id: 2, type: "run.failed", error: { code: "node_failed", message: "http://10.0.0.1/secret refused", nodeId: "http" }, usage, elapsedMs: 1, steps: 1, cancelled: false };
    expect(await chat([failed])).toEqual([{ id: 2, type: "message.failed", messageId: "m", conversationId: "c", error: { code: "node_failed", message: GENERIC_FAILURE }, stopped: false }]);
    expect((await chat([failed], true))[0]).toMatchObject({ error: failed.error });
    const stopped: RunEvent = { ...failed, cancelled: true, error: { code: "cancelled", message: "The run was cancelled by a user" } };
    expect(await chat([stopped])).toEqual([{ id: 2, type: "message.failed", messageId: "m", conversationId: "c", error: { code: "cancelled", message: "Stopped" }, stopped: true }]);
  });

  it("carries the follow-up suggestions of the run's outputs (strings only, at most 5)", async () => {
    const outputs = { answer: "A", suggestions: ["One?", " ", 3, "Two?", "3?", "4?", "5?", "6?"] };
    const [finished] = await chat([{ id: 1, type: "run.finished", outputs, usage, elapsedMs: 1, steps: 1 }]);
    expect(finished).toMatchObject({ type: "message.finished", suggestions: ["One?", "Two?", "3?", "4?", "5?"] });
  });
});
