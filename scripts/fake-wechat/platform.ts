/**
 * Plays the WeCom / Official Account servers' side of a callback: builds the signed (and, where
 * the mode asks for it, encrypted) query and body the platform would POST to a channel's
 * callback URL, with the channel's own keys. Tests hand the result to the callback service or
 * POST it to the route.
 */
import { randomInt } from "node:crypto";
import { computeSignature, encrypt } from "@/server/channels/wechat-crypto";
import { buildXmlDocument } from "@/server/channels/wechat-xml";

export interface WecomCallbackKeys {
  token: string;
  encodingAesKey: string;
  corpId: string;
  agentId: number;
}

export interface OfficialAccountCallbackKeys {
  token: string;
  encodingAesKey?: string;
  appId: string;
}

export interface SignedCallback {
  query: URLSearchParams;
  body: string;
}

export interface CallbackStamp {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  nonce?: string;
}

function stamp(options: CallbackStamp): { timestamp: string; nonce: string } {
  return { timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)), nonce: options.nonce ?? String(randomInt(100_000_000, 1_000_000_000)) };
}

interface MessageHeader {
  toUser: string;
  fromUser: string;
  /** Seconds since the epoch; defaults to now. */
  createTime?: number;
  /** WeCom only. */
  agentId?: number;
}

/** A callback message in the platforms' field order: header, type, the type's fields, AgentID. */
function messageXml(header: MessageHeader, msgType: string, fields: Record<string, string | bigint>): string {
  return buildXmlDocument({
    ToUserName: header.toUser,
    FromUserName: header.fromUser,
    CreateTime: header.createTime ?? Math.floor(Date.now() / 1000),
    MsgType: msgType,
    ...fields,
    ...(header.agentId === undefined ? {} : { AgentID: header.agentId }),
  });
}

/** A follower's or member's text message, as the platform writes it (MsgId bare, 64-bit). */
export function textMessageXml(message: MessageHeader & { content: string; msgId: string }): string {
  return messageXml(message, "text", { Content: message.content, MsgId: BigInt(message.msgId) });
}

/** An event (subscribe, unsubscribe, click…). */
export function eventXml(event: MessageHeader & { event: string }): string {
  return messageXml(event, "event", { Event: event.event });
}

/** WeCom's URL verification GET: an encrypted random echostr the channel must decrypt. */
export function wecomUrlVerification(keys: WecomCallbackKeys, echo: string, options: CallbackStamp = {}): URLSearchParams {
  const { timestamp, nonce } = stamp(options);
  const echostr = encrypt(keys.encodingAesKey, echo, keys.corpId);
  return new URLSearchParams({ msg_signature: computeSignature({ token: keys.token, timestamp, nonce, encrypt: echostr }), timestamp, nonce, echostr });
}

/** A WeCom message callback POST: the message encrypted into an envelope, signed. */
export function wecomMessageCallback(keys: WecomCallbackKeys, messageXml: string, options: CallbackStamp = {}): SignedCallback {
  const { timestamp, nonce } = stamp(options);
  const sealed = encrypt(keys.encodingAesKey, messageXml, keys.corpId);
  return {
    query: new URLSearchParams({ msg_signature: computeSignature({ token: keys.token, timestamp, nonce, encrypt: sealed }), timestamp, nonce }),
    body: buildXmlDocument({ ToUserName: keys.corpId, Encrypt: sealed, AgentID: keys.agentId }),
  };
}

/** The Official Account's server URL verification GET (plain signature in every mode). */
export function officialAccountUrlVerification(keys: OfficialAccountCallbackKeys, echostr: string, options: CallbackStamp = {}): URLSearchParams {
  const { timestamp, nonce } = stamp(options);
  return new URLSearchParams({ signature: computeSignature({ token: keys.token, timestamp, nonce }), timestamp, nonce, echostr });
}

/**
 * An Official Account message callback POST in the given mode: plaintext sends the XML as is;
 * compatible sends the plaintext fields plus `Encrypt`; safe sends only the encrypted envelope.
 */
export function officialAccountMessageCallback(
  keys: OfficialAccountCallbackKeys,
  messageXml: string,
  mode: "plaintext" | "compatible" | "safe",
  options: CallbackStamp & { openId?: string } = {},
): SignedCallback {
  const { timestamp, nonce } = stamp(options);
  const query = new URLSearchParams({ signature: computeSignature({ token: keys.token, timestamp, nonce }), timestamp, nonce });
  if (options.openId) query.set("openid", options.openId);
  if (mode === "plaintext") return { query, body: messageXml };
  if (!keys.encodingAesKey) throw new Error(`${mode} mode needs the channel's EncodingAESKey`);
  const sealed = encrypt(keys.encodingAesKey, messageXml, keys.appId);
  query.set("encrypt_type", "aes");
  query.set("msg_signature", computeSignature({ token: keys.token, timestamp, nonce, encrypt: sealed }));
  // Compatible mode carries the plaintext message too; the encrypted copy is what counts.
  const body = mode === "compatible" ? messageXml.replace(/<\/xml>\s*$/, `<Encrypt><![CDATA[${sealed}]]></Encrypt></xml>`) : buildXmlDocument({ ToUserName: keys.appId, Encrypt: sealed });
  return { query, body };
}
