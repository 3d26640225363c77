/**
 * The XML of WeCom / Official Account callbacks and passive replies. Every callback is a flat
 * `<xml>` element of named fields (strings in CDATA, numbers bare), optionally wrapped in an
 * encrypted envelope whose `Encrypt` field holds another such document.
 */
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";

export class WechatXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WechatXmlError";
  }
}

const parser = new XMLParser({
  // Every value stays a string: MsgId is a 64-bit number that a JS number would round.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: true,
  // Only the five XML entities; documents with a DOCTYPE are refused before parsing, so no
  // user-defined entity (billion laughs) is ever expanded.
  processEntities: true,
  htmlEntities: false,
});

const builder = new XMLBuilder({ cdataPropName: "__cdata", format: false, suppressEmptyNode: false });

/** The `<xml>` root's fields that hold text; nested structures (e.g. WeCom's ScanCodeInfo) are left out. */
export function parseXmlFields(xml: string): Record<string, string> {
  if (/<!DOCTYPE/i.test(xml)) throw new WechatXmlError("XML with a DOCTYPE is not accepted");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new WechatXmlError(`Malformed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch (error) {
    throw new WechatXmlError(`Malformed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const root = isRecord(document) ? document.xml : undefined;
  if (!isRecord(root)) throw new WechatXmlError("Expected an <xml> document with fields");
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root)) {
    if (typeof value === "string") fields[name] = value;
  }
  return fields;
}

const digits = z.string().regex(/^\d{1,20}$/, "must be a whole number");

function parseFields<T>(schema: z.ZodType<T>, fields: Record<string, string>, what: string): T {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "document"} ${issue.code === "invalid_type" ? "is missing" : issue.message}`);
  throw new WechatXmlError(`Not a valid ${what}: ${problems.join("; ")}`);
}

const envelopeSchema = z.object({
  Encrypt: z.string().min(1),
  ToUserName: z.string().optional(),
  AgentID: z.string().optional(),
});

/** The encrypted envelope of a safe-mode (or WeCom) callback: `Encrypt` is what the signature covers. */
export function parseEncryptedEnvelope(xml: string): { encrypt: string } {
  return { encrypt: parseFields(envelopeSchema, parseXmlFields(xml), "encrypted callback").Encrypt };
}

const commonSchema = z.object({
  ToUserName: z.string().min(1),
  FromUserName: z.string().min(1),
  CreateTime: digits,
  MsgType: z.string().min(1),
  AgentID: z.string().optional(),
});

const textSchema = commonSchema.extend({ Content: z.string(), MsgId: digits });
const eventSchema = commonSchema.extend({ Event: z.string().min(1), EventKey: z.string().optional() });
const otherSchema = commonSchema.extend({ MsgId: digits.optional() });

interface MessageCommon {
  /** The account the message was sent to: the CorpID (WeCom) or the Official Account's original id. */
  toUser: string;
  /** The sender: a WeCom UserID or an Official Account follower's OpenID. */
  fromUser: string;
  /** Seconds since the epoch. */
  createTime: number;
  /** WeCom's AgentID, when present. */
  agentId?: string;
  /**
   * Identifies one delivery for de-duplication of the platform's retries: the MsgId, or (events
   * carry none) sender + CreateTime + event, as both platforms' documentation recommends.
   */
  dedupeKey: string;
}

export type InboundMessage =
  | (MessageCommon & { type: "text"; msgId: string; content: string })
  | (MessageCommon & { type: "event"; event: string; eventKey?: string })
  | (MessageCommon & { type: "other"; msgType: string; msgId?: string });

/** A decrypted (or plaintext-mode) callback message; throws WechatXmlError when it is not one. */
export function parseInboundMessage(xml: string): InboundMessage {
  const fields = parseXmlFields(xml);
  const common = parseFields(commonSchema, fields, "callback message");
  const base = {
    toUser: common.ToUserName,
    fromUser: common.FromUserName,
    createTime: Number(common.CreateTime),
    ...(common.AgentID ? { agentId: common.AgentID } : {}),
  };
  if (common.MsgType === "text") {
    const text = parseFields(textSchema, fields, "text message");
    return { ...base, type: "text", msgId: text.MsgId, content: text.Content, dedupeKey: `msg:${text.MsgId}` };
  }
  if (common.MsgType === "event") {
    const event = parseFields(eventSchema, fields, "event message");
    return {
      ...base,
      type: "event",
      event: event.Event,
      ...(event.EventKey ? { eventKey: event.EventKey } : {}),
      dedupeKey: `event:${common.FromUserName}:${common.CreateTime}:${event.Event}`,
    };
  }
  const other = parseFields(otherSchema, fields, "callback message");
  return {
    ...base,
    type: "other",
    msgType: common.MsgType,
    ...(other.MsgId ? { msgId: other.MsgId } : {}),
    dedupeKey: other.MsgId ? `msg:${other.MsgId}` : `other:${common.FromUserName}:${common.CreateTime}:${common.MsgType}`,
  };
}

/** A flat `<xml>` document the way the platforms write one: strings in CDATA, numbers bare, in the given order. */
export function buildXmlDocument(fields: Record<string, string | number | bigint>): string {
  const xml = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, typeof value === "string" ? { __cdata: value } : String(value)]));
  return builder.build({ xml }) as string;
}

/** A passive text reply: addressed back to the sender, from the account that received the message. */
export function buildTextReply(reply: { toUser: string; fromUser: string; createTime: number; content: string }): string {
  return buildXmlDocument({ ToUserName: reply.toUser, FromUserName: reply.fromUser, CreateTime: reply.createTime, MsgType: "text", Content: reply.content });
}

/** The envelope of an encrypted passive reply (or of an encrypted callback, when playing the platform). */
export function buildEncryptedEnvelope(envelope: { encrypt: string; signature: string; timestamp: string; nonce: string }): string {
  return buildXmlDocument({ Encrypt: envelope.encrypt, MsgSignature: envelope.signature, TimeStamp: Number(envelope.timestamp), Nonce: envelope.nonce });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
