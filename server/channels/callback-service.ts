/**
 * The WeCom / Official Account callback endpoint's logic, independent of HTTP framework and of
 * how answers are produced (the app runner plugs in as `answer`).
 *
 * Order of checks (nothing runs for a request that fails one): unknown channel → 404; missing
 * or malformed query → 400; body not XML → 400; bad signature → 401; timestamp outside the replay
 * window → 403; undecryptable / sealed for another corp → 400 / 401; not a callback message → 400.
 *
 * Deadlines: WeCom waits 5 s for an answer to a callback and retries; answers therefore go out
 * through `message/send` after an immediate empty 200. An Official Account can take a passive
 * reply in the HTTP answer: the service waits up to `passiveReplyMs` for the app and replies
 * passively when the answer is ready and fits one message, else it answers "success" and sends
 * the answer through the customer-service API when it is ready.
 */
import { randomInt } from "node:crypto";
import type { Logger } from "pino";
import { z } from "zod";
import { logger as rootLogger } from "../observability/logger";
import type { OfficialAccountChannel, WechatChannel, WecomChannel } from "./channel-config";
import type { DeliveryDedupe } from "./delivery-dedupe";
import { byteLength, markdownToPlainText, splitText } from "./outbound-text";
import { WechatApiError, type TextSender } from "./wechat-api";
import { computeSignature, decrypt, encrypt, verifySignature, WechatCryptoError } from "./wechat-crypto";
import { buildEncryptedEnvelope, buildTextReply, parseEncryptedEnvelope, parseInboundMessage, WechatXmlError, type InboundMessage } from "./wechat-xml";

export interface CallbackRequest {
  channelId: string;
  method: string;
  query: URLSearchParams;
  body: string;
}

export interface CallbackResponse {
  status: number;
  contentType: string;
  body: string;
}

/** Produces the app's answer to one user's text; the answer may be Markdown. */
export type AnswerFn = (input: { channel: WechatChannel; userId: string; text: string }) => Promise<string>;

/** What happened on a channel, for its status panel ("last messages", "last errors") and logs. */
export type ChannelActivity =
  | { type: "url-verified"; channelId: string }
  | { type: "callback-refused"; channelId: string; status: number; code: string; reason: string }
  | { type: "message-received"; channelId: string; userId: string; messageType: string; duplicate: boolean }
  | { type: "reply-sent"; channelId: string; userId: string; via: "passive" | "api"; parts: number }
  | { type: "reply-failed"; channelId: string; userId: string; stage: "answer" | "delivery"; errcode: number | null; reason: string };

export interface CallbackServiceDeps {
  findChannel(channelId: string): Promise<WechatChannel | null>;
  answer: AnswerFn;
  /** The active-send client for a channel. */
  senderFor(channel: WechatChannel): TextSender;
  dedupe: DeliveryDedupe;
  /** Signed timestamps further than this from now are refused as replays. */
  replayWindowSeconds: number;
  /** How long an Official Account callback waits for a passive reply. */
  passiveReplyMs: number;
  onActivity?: (activity: ChannelActivity) => void;
  /** Sent for messages that are not text (images, voice…), which apps cannot answer. */
  unsupportedReply?: string;
  /** Sent when the app fails to answer, so the user is not left waiting. */
  failureReply?: string;
  now?: () => number;
  logger?: Logger;
}

export interface CallbackService {
  handle(request: CallbackRequest): Promise<CallbackResponse>;
  /** Resolves when every answer started so far has been delivered or has failed (tests, shutdown). */
  idle(): Promise<void>;
}

// An Official Account passive text reply holds at most 2047 UTF-8 bytes (longer ones are not
// shown; see github.com/dodgepudding/wechat-php-sdk/issues/363); longer answers use the API.
const PASSIVE_REPLY_MAX_BYTES = 2047;

class CallbackRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const signatureParam = z.string().regex(/^[0-9a-fA-F]{40}$/, "must be a 40-character hex SHA-1");
const baseQuery = z.object({ timestamp: z.string().regex(/^\d{1,12}$/, "must be seconds since the epoch"), nonce: z.string().min(1).max(64) });
const wecomVerifyQuery = baseQuery.extend({ msg_signature: signatureParam, echostr: z.string().min(1) });
const wecomMessageQuery = baseQuery.extend({ msg_signature: signatureParam });
const oaVerifyQuery = baseQuery.extend({ signature: signatureParam, echostr: z.string().min(1).max(256) });
const oaMessageQuery = baseQuery.extend({
  signature: signatureParam,
  encrypt_type: z.enum(["raw", "aes"]).optional(),
  msg_signature: signatureParam.optional(),
});

export function createCallbackService(deps: CallbackServiceDeps): CallbackService {
  const now = deps.now ?? Date.now;
  const log = deps.logger ?? rootLogger().child({ module: "channels" });
  const background = new Set<Promise<void>>();

  function report(activity: ChannelActivity): void {
    // Only ids, types and platform error codes are logged: never message text or secrets.
    const level = activity.type === "reply-failed" || activity.type === "callback-refused" ? "warn" : "info";
    log[level]({ ...activity }, `channel ${activity.type}`);
    deps.onActivity?.(activity);
  }

  function runInBackground(task: Promise<void>): void {
    background.add(task);
    void task.finally(() => background.delete(task));
  }

  function checkTimestamp(timestamp: string): void {
    const skew = Math.abs(now() / 1000 - Number(timestamp));
    if (skew > deps.replayWindowSeconds) {
      throw new CallbackRefusal(403, "STALE_TIMESTAMP", `The callback's timestamp is ${Math.round(skew)} s from now, outside the ${deps.replayWindowSeconds} s replay window`);
    }
  }

  function checkSignature(valid: boolean): void {
    if (!valid) throw new CallbackRefusal(401, "BAD_SIGNATURE", "The callback signature does not match this channel's Token");
  }

  function open(encodingAesKey: string, encrypted: string, receiveId: string): string {
    try {
      return decrypt(encodingAesKey, encrypted, receiveId).message;
    } catch (error) {
      if (error instanceof WechatCryptoError && error.code === "RECEIVE_ID_MISMATCH") throw new CallbackRefusal(401, "WRONG_RECEIVER", error.message);
      if (error instanceof WechatCryptoError) throw new CallbackRefusal(400, "BAD_CIPHERTEXT", error.message);
      throw error;
    }
  }

  // -------------------------------------------------------------------------------------
  // URL verification (GET)

  function verifyWecomUrl(channel: WecomChannel, query: URLSearchParams): CallbackResponse {
    const q = parseQuery(wecomVerifyQuery, query);
    checkSignature(verifySignature({ token: channel.token, timestamp: q.timestamp, nonce: q.nonce, encrypt: q.echostr, signature: q.msg_signature }));
    checkTimestamp(q.timestamp);
    return text(200, open(channel.encodingAesKey, q.echostr, channel.corpId));
  }

  function verifyOfficialAccountUrl(channel: OfficialAccountChannel, query: URLSearchParams): CallbackResponse {
    // The Official Account verifies its server URL with the plain signature in every mode.
    const q = parseQuery(oaVerifyQuery, query);
    checkSignature(verifySignature({ token: channel.token, timestamp: q.timestamp, nonce: q.nonce, signature: q.signature }));
    checkTimestamp(q.timestamp);
    return text(200, q.echostr);
  }

  // -------------------------------------------------------------------------------------
  // Messages (POST)

  interface OpenedMessage {
    message: InboundMessage;
    /** The request was encrypted, so a passive reply must be too. */
    encrypted: boolean;
  }

  function openWecomMessage(channel: WecomChannel, query: URLSearchParams, body: string): OpenedMessage {
    const q = parseQuery(wecomMessageQuery, query);
    const { encrypt: sealed } = parseXml(() => parseEncryptedEnvelope(body));
    checkSignature(verifySignature({ token: channel.token, timestamp: q.timestamp, nonce: q.nonce, encrypt: sealed, signature: q.msg_signature }));
    checkTimestamp(q.timestamp);
    return { message: parseXml(() => parseInboundMessage(open(channel.encodingAesKey, sealed, channel.corpId))), encrypted: true };
  }

  function openOfficialAccountMessage(channel: OfficialAccountChannel, query: URLSearchParams, body: string): OpenedMessage {
    const q = parseQuery(oaMessageQuery, query);
    const encrypted = q.encrypt_type === "aes";
    const aesKey = channel.encodingAesKey;
    if (encrypted && (channel.messageMode === "plaintext" || !aesKey)) {
      throw new CallbackRefusal(400, "MODE_MISMATCH", "The platform sent an encrypted message but this channel is set to plaintext mode; set the same message mode on both sides");
    }
    if (!encrypted && channel.messageMode === "safe") {
      // Accepting plaintext here would let anyone who learns the Token skip the encryption.
      throw new CallbackRefusal(400, "MODE_MISMATCH", "This channel is in safe mode and only accepts encrypted messages; set the same message mode on both sides");
    }
    if (!encrypted || !aesKey) {
      checkSignature(verifySignature({ token: channel.token, timestamp: q.timestamp, nonce: q.nonce, signature: q.signature }));
      checkTimestamp(q.timestamp);
      return { message: parseXml(() => parseInboundMessage(body)), encrypted: false };
    }
    if (!q.msg_signature) throw new CallbackRefusal(400, "BAD_QUERY", "msg_signature is required for encrypted messages");
    const { encrypt: sealed } = parseXml(() => parseEncryptedEnvelope(body));
    checkSignature(verifySignature({ token: channel.token, timestamp: q.timestamp, nonce: q.nonce, encrypt: sealed, signature: q.msg_signature }));
    checkTimestamp(q.timestamp);
    return { message: parseXml(() => parseInboundMessage(open(aesKey, sealed, channel.appId))), encrypted: true };
  }

  /** The text to send back for a message, or null when it needs no answer. */
  function replyFor(channel: WechatChannel, message: InboundMessage): Promise<string> | null {
    if (message.type === "text") {
      const input = { channel, userId: message.fromUser, text: message.content };
      // A synchronous throw from the answerer becomes a failed answer, not a failed callback.
      return Promise.resolve().then(() => deps.answer(input));
    }
    if (message.type === "event" && message.event === "subscribe" && channel.welcomeMessage) return Promise.resolve(channel.welcomeMessage);
    if (message.type === "other" && deps.unsupportedReply) return Promise.resolve(deps.unsupportedReply);
    return null;
  }

  function failure(channel: WechatChannel, userId: string, stage: "answer" | "delivery", error: unknown): void {
    const errcode = error instanceof WechatApiError ? error.errcode : null;
    report({ type: "reply-failed", channelId: channel.id, userId, stage, errcode, reason: error instanceof Error ? error.message : String(error) });
  }

  /** Sends the answer through the platform's API, part by part in order. */
  async function deliver(channel: WechatChannel, userId: string, reply: Promise<string>): Promise<void> {
    let answer: string;
    try {
      answer = await reply;
    } catch (error) {
      failure(channel, userId, "answer", error);
      if (!deps.failureReply) return;
      answer = deps.failureReply;
    }
    const sender = deps.senderFor(channel);
    const parts = splitText(markdownToPlainText(answer), sender.textLimits);
    try {
      for (const part of parts) await sender.sendText(userId, part);
    } catch (error) {
      return failure(channel, userId, "delivery", error);
    }
    if (parts.length > 0) report({ type: "reply-sent", channelId: channel.id, userId, via: "api", parts: parts.length });
  }

  async function handleMessage(channel: WechatChannel, query: URLSearchParams, body: string): Promise<CallbackResponse> {
    const { message, encrypted } = channel.kind === "wecom" ? openWecomMessage(channel, query, body) : openOfficialAccountMessage(channel, query, body);
    // Both platforms take an empty body as "received, no passive reply"; "success" also works
    // for the Official Account and is what its documentation shows.
    const acknowledge = text(200, channel.kind === "wecom" ? "" : "success");
    const first = await deps.dedupe.firstDelivery(`${channel.id}:${message.dedupeKey}`);
    report({ type: "message-received", channelId: channel.id, userId: message.fromUser, messageType: message.type === "other" ? message.msgType : message.type, duplicate: !first });
    if (!first) return acknowledge;

    const reply = replyFor(channel, message);
    if (!reply) return acknowledge;
    if (channel.kind === "wecom") {
      runInBackground(deliver(channel, message.fromUser, reply));
      return acknowledge;
    }

    const ready = await withinMs(reply, deps.passiveReplyMs);
    if (ready.done) {
      const plain = markdownToPlainText(ready.value);
      if (plain.length > 0 && byteLength(plain) <= PASSIVE_REPLY_MAX_BYTES) {
        report({ type: "reply-sent", channelId: channel.id, userId: message.fromUser, via: "passive", parts: 1 });
        return passiveReply(channel, message, plain, encrypted);
      }
    }
    runInBackground(deliver(channel, message.fromUser, reply));
    return acknowledge;
  }

  function passiveReply(channel: OfficialAccountChannel, message: InboundMessage, content: string, encrypted: boolean): CallbackResponse {
    const xml = buildTextReply({ toUser: message.fromUser, fromUser: message.toUser, createTime: Math.floor(now() / 1000), content });
    if (!encrypted || !channel.encodingAesKey) return { status: 200, contentType: "application/xml; charset=utf-8", body: xml };
    const sealed = encrypt(channel.encodingAesKey, xml, channel.appId);
    const timestamp = String(Math.floor(now() / 1000));
    const nonce = String(randomInt(100_000_000, 1_000_000_000));
    const signature = computeSignature({ token: channel.token, timestamp, nonce, encrypt: sealed });
    return { status: 200, contentType: "application/xml; charset=utf-8", body: buildEncryptedEnvelope({ encrypt: sealed, signature, timestamp, nonce }) };
  }

  return {
    async handle(request) {
      const channel = await deps.findChannel(request.channelId);
      if (!channel) return errorResponse(404, "NOT_FOUND", "Channel not found");
      try {
        if (request.method === "GET") {
          const response = channel.kind === "wecom" ? verifyWecomUrl(channel, request.query) : verifyOfficialAccountUrl(channel, request.query);
          report({ type: "url-verified", channelId: channel.id });
          return response;
        }
        if (request.method === "POST") return await handleMessage(channel, request.query, request.body);
        return errorResponse(405, "METHOD_NOT_ALLOWED", "Callbacks use GET (URL verification) or POST (messages)");
      } catch (error) {
        if (!(error instanceof CallbackRefusal)) throw error;
        report({ type: "callback-refused", channelId: channel.id, status: error.status, code: error.code, reason: error.message });
        return errorResponse(error.status, error.code, error.message);
      }
    },
    async idle() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}

function parseQuery<T>(schema: z.ZodType<T>, query: URLSearchParams): T {
  const result = schema.safeParse(Object.fromEntries(query));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.code === "invalid_type" ? "is missing" : issue.message}`);
  throw new CallbackRefusal(400, "BAD_QUERY", `Invalid callback query: ${problems.join("; ")}`);
}

function parseXml<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof WechatXmlError) throw new CallbackRefusal(400, "MALFORMED_XML", error.message);
    throw error;
  }
}

/** Settles with the value if `promise` fulfils within `ms`; a rejection or timeout counts as not done. */
async function withinMs<T>(promise: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ done: true as const, value }), () => ({ done: false as const })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function text(status: number, body: string): CallbackResponse {
  return { status, contentType: "text/plain; charset=utf-8", body };
}

function errorResponse(status: number, code: string, message: string): CallbackResponse {
  return { status, contentType: "application/json", body: JSON.stringify({ error: { code, message } }) };
}
