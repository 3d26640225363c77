import { describe, expect, it } from "vitest";
import { buildEncryptedEnvelope, buildTextReply, parseEncryptedEnvelope, parseInboundMessage, parseXmlFields, WechatXmlError } from "./wechat-xml";

// The decrypted WeCom sample from the published vectors.
const WECOM_TEXT = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>
<FromUserName><![CDATA[mycreate]]></FromUserName>
<CreateTime>1409659813</CreateTime>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[hello]]></Content>
<MsgId>4561255354251345929</MsgId>
<AgentID>218</AgentID>
</xml>`;

describe("parseInboundMessage", () => {
  it("reads a text message, keeping the 64-bit MsgId exact", () => {
    expect(parseInboundMessage(WECOM_TEXT)).toEqual({
      type: "text",
      toUser: "wx5823bf96d3bd56c7",
      fromUser: "mycreate",
      createTime: 1409659813,
      agentId: "218",
      msgId: "4561255354251345929",
      content: "hello",
      dedupeKey: "msg:4561255354251345929",
    });
  });

  it("keeps markup-like text and entities in the content as the user typed it", () => {
    const xml = `<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content><![CDATA[a <b> & "c" ]]]]><![CDATA[> 你好]]></Content><MsgId>7</MsgId></xml>`;
    expect(parseInboundMessage(xml)).toMatchObject({ type: "text", content: 'a <b> & "c" ]]> 你好' });
    const escaped = `<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>1 &lt; 2 &amp;&amp; 3</Content><MsgId>7</MsgId></xml>`;
    expect(parseInboundMessage(escaped)).toMatchObject({ content: "1 < 2 && 3" });
  });

  it("reads a subscribe event and de-duplicates it by sender + CreateTime", () => {
    const xml = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[]]></EventKey></xml>`;
    expect(parseInboundMessage(xml)).toEqual({
      type: "event",
      toUser: "gh_1",
      fromUser: "oUser",
      createTime: 1700000000,
      event: "subscribe",
      dedupeKey: "event:oUser:1700000000:subscribe",
    });
  });

  it("reads other message types (image, voice…) without failing, ignoring nested fields", () => {
    const xml = `<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>5</CreateTime><MsgType>image</MsgType><PicUrl>http://x</PicUrl><MsgId>99</MsgId><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>`;
    expect(parseInboundMessage(xml)).toMatchObject({ type: "other", msgType: "image", msgId: "99", dedupeKey: "msg:99" });
  });

  it.each([
    ["not XML at all", "hello"],
    ["unclosed tags", "<xml><Content>hi</xml>"],
    ["a different root", "<root><MsgType>text</MsgType></root>"],
    ["an empty document", ""],
    ["a DOCTYPE (entity expansion)", '<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><Content>&a;</Content></xml>'],
  ])("refuses %s with WechatXmlError", (_label, xml) => {
    expect(() => parseInboundMessage(xml)).toThrow(WechatXmlError);
  });

  it("names the missing or invalid fields", () => {
    expect(() => parseInboundMessage("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>")).toThrow(
      /Content is missing.*MsgId is missing/,
    );
    expect(() => parseInboundMessage("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>soon</CreateTime><MsgType>event</MsgType></xml>")).toThrow(
      /CreateTime must be a whole number/,
    );
  });
});

describe("envelopes and replies", () => {
  it("reads the Encrypt field of a WeCom envelope", () => {
    const xml = "<xml><ToUserName><![CDATA[ww1]]></ToUserName><Encrypt><![CDATA[abc/+=]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
    expect(parseEncryptedEnvelope(xml)).toEqual({ encrypt: "abc/+=" });
    expect(() => parseEncryptedEnvelope("<xml><ToUserName>ww1</ToUserName></xml>")).toThrow(/Encrypt is missing/);
  });

  it("builds a passive text reply that parses back, even with ]]> in the text", () => {
    const xml = buildTextReply({ toUser: "oUser", fromUser: "gh_1", createTime: 1700000001, content: "a]]>b <c> & 你好" });
    expect(xml).toContain("<MsgType><![CDATA[text]]></MsgType>");
    expect(parseXmlFields(xml)).toEqual({ ToUserName: "oUser", FromUserName: "gh_1", CreateTime: "1700000001", MsgType: "text", Content: "a]]>b <c> & 你好" });
  });

  it("builds an encrypted envelope with the reply signature fields", () => {
    const xml = buildEncryptedEnvelope({ encrypt: "E==", signature: "sig", timestamp: "123", nonce: "n1" });
    expect(parseXmlFields(xml)).toEqual({ Encrypt: "E==", MsgSignature: "sig", TimeStamp: "123", Nonce: "n1" });
  });
});
