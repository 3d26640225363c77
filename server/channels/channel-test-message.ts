/**
 * "Send test message" on a channel's status panel: one text through the platform's active API
 * to a UserID / OpenID the member names, so credentials, AgentID and the visible range (WeCom)
 * or the 48-hour customer-service window (Official Account) can be checked without the app.
 * The platform's refusal is a result to show (errcode/errmsg), not an exception.
 */
import { z } from "zod";
import type { Db } from "../db";
import { recordChannelEvent } from "./channel-events";
import { platformSenderFor } from "./channel-runtime";
import { loadChannelConfig } from "./channels.service";
import { markdownToPlainText, splitText } from "./outbound-text";
import { WechatApiError } from "./wechat-api";

export const testMessageInput = z.object({
  toUser: z.string().trim().min(1, "Enter the UserID (WeCom) or OpenID (Official Account) to send to").max(128, "That user id is too long"),
  text: z.string().trim().min(1, "Type the message to send").max(2000, "A test message has at most 2000 characters"),
});

export type TestMessageResult = { ok: true; parts: number } | { ok: false; errcode: number | null; errmsg: string };

export async function sendTestMessage(db: Db, workspaceId: string, channelId: string, raw: z.input<typeof testMessageInput>): Promise<TestMessageResult> {
  const input = testMessageInput.parse(raw);
  const channel = await loadChannelConfig(db, workspaceId, channelId);
  const sender = platformSenderFor(channel);
  const parts = splitText(markdownToPlainText(input.text), sender.textLimits);
  try {
    for (const part of parts) await sender.sendText(input.toUser, part);
  } catch (error) {
    const errcode = error instanceof WechatApiError ? error.errcode : null;
    const errmsg = error instanceof WechatApiError ? `${error.api}: ${error.errmsg}` : error instanceof Error ? error.message : String(error);
    await recordChannelEvent(db, { channelId, type: "test-failed", ok: false, userId: input.toUser, errcode, detail: errmsg });
    return { ok: false, errcode, errmsg };
  }
  await recordChannelEvent(db, { channelId, type: "test-sent", ok: true, userId: input.toUser, detail: `${parts.length} part(s)` });
  return { ok: true, parts: parts.length };
}
