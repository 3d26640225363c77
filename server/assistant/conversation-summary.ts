/**
 * Long-term memory of assistant conversations: turns that fall out of the memory window are
 * summarised by the model, and the summary is kept on the Conversation. Each turn folds the
 * turns that left the window since the last summary into it (one small model call, only when
 * some did), and the run gets it as `{{conversation.summary}}`, which the model nodes send as a
 * system message before the window (nodes/llm/prompt.ts memoryMessages).
 */
import type { Db } from "../db";
import { inference } from "../inference";
import type { ChatParams } from "../inference/client";
import { logger } from "../observability/logger";
import { storedAssistantConfig, type AssistantConfig } from "./assistant-config";

export interface DatedTurn {
  query: string;
  answer: string;
  createdAt: Date;
}

export interface SummarySettings {
  window: number;
  model?: string;
}

/** A summary longer than this is cut (it goes into every later prompt). */
export const MAX_SUMMARY_CHARS = 4000;

export function summarySettingsOf(config: AssistantConfig): SummarySettings | null {
  if (!config.memory.enabled || !config.memory.summary) return null;
  return { window: config.memory.window, ...(config.model !== undefined ? { model: config.model } : {}) };
}

/** The settings of the assistant the turn runs (the published version, or the draft for debug); null when it keeps no summary. */
export async function loadSummarySettings(db: Db, app: { appId: string; appVersionId: string | null }): Promise<SummarySettings | null> {
  const row = app.appVersionId
    ? await db.appVersion.findUnique({ where: { id: app.appVersionId }, select: { assistantConfig: true } })
    : await db.app.findUnique({ where: { id: app.appId }, select: { assistantConfig: true } });
  if (!row || row.assistantConfig === null) return null;
  return summarySettingsOf(storedAssistantConfig(row.assistantConfig));
}

/** Turns older than the window that the summary does not cover yet, oldest first. */
export function turnsToFold(history: readonly DatedTurn[], window: number, summarizedUntil: Date | null): DatedTurn[] {
  const outside = history.slice(0, Math.max(0, history.length - window));
  return summarizedUntil ? outside.filter((t) => t.createdAt.getTime() > summarizedUntil.getTime()) : outside;
}

export function summaryRequest(previous: string, turns: readonly DatedTurn[], model: string | undefined): ChatParams {
  const transcript = turns.map((t) => `User: ${t.query}\nAssistant: ${t.answer}`).join("\n\n");
  return {
    ...(model !== undefined ? { model } : {}),
    temperature: 0,
    maxTokens: 600,
    messages: [
      {
        role: "system",
        content:
          "You maintain a running summary of a conversation between a user and an assistant. " +
          "Merge the new turns into the summary: keep facts, names, numbers, decisions, the user's preferences and open questions; drop small talk. " +
          "Write in the conversation's language, at most 200 words, as plain text.",
      },
      { role: "user", content: `Summary so far:\n${previous.trim() || "(none)"}\n\nNew turns:\n${transcript}` },
    ],
  };
}

export type Summarize = (params: ChatParams) => Promise<string>;

/**
 * The conversation's summary for this turn, after folding in the turns that left the window.
 * A failed summary call keeps the old summary (the turn still runs; the next turn tries again).
 */
export async function updateConversationSummary(
  db: Db,
  conversation: { id: string; workspaceId: string; appId: string; summary: string; summarizedUntil: Date | null },
  history: readonly DatedTurn[],
  settings: SummarySettings,
  summarize: Summarize = defaultSummarize(conversation),
): Promise<string> {
  const fold = turnsToFold(history, settings.window, conversation.summarizedUntil);
  if (fold.length === 0) return conversation.summary;
  try {
    const summary = (await summarize(summaryRequest(conversation.summary, fold, settings.model))).trim().slice(0, MAX_SUMMARY_CHARS);
    if (summary === "") return conversation.summary;
    await db.conversation.update({ where: { id: conversation.id }, data: { summary, summarizedUntil: fold.at(-1)!.createdAt } });
    return summary;
  } catch (error) {
    logger().warn({ err: error, conversationId: conversation.id }, "conversation summary failed; keeping the previous one");
    return conversation.summary;
  }
}

function defaultSummarize(scope: { workspaceId: string; appId: string }): Summarize {
  return async (params) => (await inference().chat({ workspaceId: scope.workspaceId, appId: scope.appId }, params)).content;
}
