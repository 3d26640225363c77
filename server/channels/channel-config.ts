/**
 * What a WeCom or Official Account channel is configured with, validated at the boundary where
 * a stored channel (secrets decrypted) becomes usable by the callback service and the API clients.
 */
import { z } from "zod";

/** Both consoles accept 3–32 English letters or digits as the callback Token. */
const callbackToken = z.string().regex(/^[A-Za-z0-9]{3,32}$/, "Token must be 3–32 English letters or digits");
const encodingAesKey = z.string().regex(/^[A-Za-z0-9]{43}$/, "EncodingAESKey must be exactly 43 English letters or digits");
const welcomeMessage = z.string().trim().min(1).max(2000).optional();

export const wecomChannelSchema = z.object({
  kind: z.literal("wecom"),
  id: z.string().min(1),
  corpId: z.string().trim().min(1, "CorpID is required"),
  agentId: z.number().int().positive("AgentID must be a positive whole number"),
  secret: z.string().trim().min(1, "Secret is required"),
  token: callbackToken,
  encodingAesKey,
  /** Sent when a member subscribes to the app. */
  welcomeMessage,
});

/** How the Official Account console's "message encryption mode" (消息加解密方式) is set. */
export const OFFICIAL_ACCOUNT_MODES = ["plaintext", "compatible", "safe"] as const;
export type OfficialAccountMode = (typeof OFFICIAL_ACCOUNT_MODES)[number];

export const officialAccountChannelSchema = z
  .object({
    kind: z.literal("official-account"),
    id: z.string().min(1),
    appId: z.string().trim().min(1, "AppID is required"),
    appSecret: z.string().trim().min(1, "AppSecret is required"),
    token: callbackToken,
    encodingAesKey: encodingAesKey.optional(),
    messageMode: z.enum(OFFICIAL_ACCOUNT_MODES),
    /** Sent as the passive reply to a subscribe event. */
    welcomeMessage,
  })
  .refine((channel) => channel.messageMode === "plaintext" || channel.encodingAesKey !== undefined, {
    path: ["encodingAesKey"],
    message: "EncodingAESKey is required in compatible and safe mode",
  });

export type WecomChannel = z.infer<typeof wecomChannelSchema>;
export type OfficialAccountChannel = z.infer<typeof officialAccountChannelSchema>;
export type WechatChannel = WecomChannel | OfficialAccountChannel;

export const wechatChannelSchema = z.union([wecomChannelSchema, officialAccountChannelSchema]);
