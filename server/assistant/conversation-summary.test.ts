import { describe, expect, it, vi } from "vitest";
import type { Db } from "../db";
import { assistantConfigSchema } from "./assistant-config";
import { summaryRequest, summarySettingsOf, turnsToFold, updateConversationSummary, type DatedTurn } from "./conversation-summary";
import { memoryMessages } from "@/nodes/llm/prompt";

const turn = (i: number): DatedTurn => ({ query: `q${i}`, answer: `a${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
const history = Array.from({ length: 6 }, (_, i) => turn(i));

function fakeDb() {
  const update = vi.fn().mockResolvedValue({});
  return { db: { conversation: { update } } as unknown as Db, update };
}

describe("turnsToFold", () => {
  it("takes the turns outside the window that the summary does not cover", () => {
    expect(turnsToFold(history, 4, null).map((t) => t.query)).toEqual(["q0", "q1"]);
    expect(turnsToFold(history, 4, turn(0).createdAt).map((t) => t.query)).toEqual(["q1"]);
    expect(turnsToFold(history, 4, turn(1).createdAt)).toEqual([]);
    expect(turnsToFold(history, 10, null)).toEqual([]);
  });
});

describe("updateConversationSummary", () => {
  const conversation = { id: "c1", workspaceId: "w", appId: "a", summary: "", summarizedUntil: null };

  it("summarises the turns that left the window, stores the summary and where it ends", async () => {
    const { db, update } = fakeDb();
    const summarize = vi.fn().mockResolvedValue("  The user asked q0 and q1.  ");
    const summary = await updateConversationSummary(db, conversation, history, { window: 4, model: "m" }, summarize);
    expect(summary).toBe("The user asked q0 and q1.");
    const request = summarize.mock.calls[0]![0] as ReturnType<typeof summaryRequest>;
    expect(request.model).toBe("m");
    expect(JSON.stringify(request.messages)).toContain("User: q1\\nAssistant: a1");
    expect(JSON.stringify(request.messages)).not.toContain("q2");
    expect(update).toHaveBeenCalledWith({ where: { id: "c1" }, data: { summary: "The user asked q0 and q1.", summarizedUntil: turn(1).createdAt } });
  });

  it("makes no model call while everything fits the window", async () => {
    const { db, update } = fakeDb();
    const summarize = vi.fn();
    expect(await updateConversationSummary(db, { ...conversation, summary: "old" }, history.slice(0, 3), { window: 4 }, summarize)).toBe("old");
    expect(summarize).not.toHaveBeenCalled();
    expect(update).not.toHaveBeenCalled();
  });

  it("keeps the previous summary when the model call fails", async () => {
    const { db, update } = fakeDb();
    const summary = await updateConversationSummary(db, { ...conversation, summary: "old" }, history, { window: 2 }, () => Promise.reject(new Error("down")));
    expect(summary).toBe("old");
    expect(update).not.toHaveBeenCalled();
  });
});

describe("summary settings and prompt", () => {
  it("is on only with memory and summary both on", () => {
    expect(summarySettingsOf(assistantConfigSchema.parse({ memory: { summary: true, window: 3 } }))).toEqual({ window: 3 });
    expect(summarySettingsOf(assistantConfigSchema.parse({ memory: { enabled: false, summary: true } }))).toBeNull();
    expect(summarySettingsOf(assistantConfigSchema.parse({}))).toBeNull();
  });

  it("sends the summary as a system message before the window", () => {
    const turns = [{ query: "q", answer: "a" }];
    expect(memoryMessages(turns, { enabled: true, window: 5 }, "Earlier: x")).toEqual([
      { role: "system", content: "Summary of the earlier part of this conversation:\nEarlier: x" },
      { role: "user", content: "q" },
      { role: "assistant", content: "a" },
    ]);
    expect(memoryMessages(turns, { enabled: true, window: 5 }, undefined)).toHaveLength(2);
    expect(memoryMessages(turns, { enabled: false, window: 5 }, "x")).toEqual([]);
  });
});
