import { describe, expect, it } from "vitest";
import { shareVisitor } from "./share-http";
import { endUserOf } from "./share-links.service";

const VISITOR = "visitor-aaaaaaaaaaaaaaaaaaaa";
const req = (headers: Record<string, string>, query = "") => new Request(`http://x/api/share/t${query}`, { headers });

describe("shareVisitor", () => {
  it("is an anonymous share-page visitor by default", () => {
    const visitor = shareVisitor(req({ "x-agentloom-visitor": VISITOR }));
    expect(visitor).toEqual({ visitorId: VISITOR, channel: "share", unlock: undefined });
    expect(endUserOf(visitor)).toBe(VISITOR);
  });

  it("takes the widget channel and a host page's user id (headers or, for EventSource, the query)", () => {
    const visitor = shareVisitor(req({ "x-agentloom-visitor": VISITOR, "x-agentloom-channel": "widget", "x-agentloom-user": "alice@example.com" }));
    expect(visitor).toMatchObject({ channel: "widget", userId: "alice@example.com" });
    // Namespaced: an anonymous id has no colon, so the two can never be the same end user.
    expect(endUserOf(visitor)).toBe("user:alice@example.com");
    expect(shareVisitor(req({}, `?visitor=${VISITOR}&channel=widget&user=42`))).toMatchObject({ channel: "widget", userId: "42" });
  });

  it("refuses other channels, user ids outside the widget, and malformed user ids with a 400", () => {
    expect(() => shareVisitor(req({ "x-agentloom-visitor": VISITOR, "x-agentloom-channel": "debug" }))).toThrow(/share or widget/);
    expect(() => shareVisitor(req({ "x-agentloom-visitor": VISITOR, "x-agentloom-user": "alice" }))).toThrow(/only taken from the widget/);
    for (const bad of [" padded", "x".repeat(129), "line\nbreak"]) {
      expect(() => shareVisitor(req({}, `?visitor=${VISITOR}&channel=widget&user=${encodeURIComponent(bad)}`))).toThrow(/1-128 printable/);
    }
  });
});
