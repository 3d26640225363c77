/**
 * A channel message answered by the app's latest published version, as one chat turn: each
 * WeCom member / follower (their UserID / OpenID is the end user) keeps one ongoing
 * conversation per app and channel, so the app's memory sees their earlier turns.
 */
import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { publishedAppOf } from "../apps/published-apps";
import { sendChatMessage, type ChatApp } from "../chat/chat-turn";
import { answerOf, type ChatScope } from "../chat/conversations.service";
import { waitForRun } from "../runs/runs.service";
import type { LiveChannel } from "./channels.service";

/** The conversation channel a platform's turns are kept under. */
export function chatChannelOf(channel: LiveChannel["config"]): "wecom" | "wechat" {
  return channel.kind === "wecom" ? "wecom" : "wechat";
}

async function publishedChatApp(db: Db, channel: LiveChannel): Promise<ChatApp> {
  const app = await publishedAppOf(db, channel.appId);
  if (!app || app.workspaceId !== channel.workspaceId) throw new AppError("NOT_FOUND", "The app of this channel no longer exists");
  if (!app.latest) throw new AppError("NOT_FOUND", "The app has not been published yet: publish it before it can answer on this channel");
  if (!app.latest.runnable) throw new AppError("BAD_REQUEST", "The published version of the app cannot run");
  return { appVersionId: app.latest.id, ...app.latest.runnable };
}

export class ChannelAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChannelAnswerError";
  }
}

/** Runs one turn for `userId` and waits for its answer text (Markdown as the app wrote it). */
export async function answerChannelMessage(db: Db, channel: LiveChannel, userId: string, text: string): Promise<string> {
  const app = await publishedChatApp(db, channel);
  const scope: ChatScope = { workspaceId: channel.workspaceId, appId: channel.appId, channel: chatChannelOf(channel.config), endUserId: userId };
  const latest = await db.conversation.findFirst({ where: scope, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], select: { id: true } });
  // The platforms cap a message at 2048 bytes; chatMessageInput's own limits still apply.
  const sent = await sendChatMessage(db, scope, app, { query: text, ...(latest ? { conversationId: latest.id } : {}) });
  const result = await waitForRun(db, sent.started, env().RUN_MAX_TIME_MS + 60_000);
  if (result.status !== "succeeded") {
    throw new ChannelAnswerError(`The app's run ${result.runId} ended ${result.status}${result.error ? `: ${result.error.code}` : ""}`);
  }
  const answer = answerOf(result.outputs).trim();
  if (!answer) throw new ChannelAnswerError(`The app's run ${result.runId} produced no answer (add an Answer node)`);
  return answer;
}
