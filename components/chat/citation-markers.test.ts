import { describe, expect, it } from "vitest";
import { rehypeCitationMarkers } from "./citation-markers";

const text = (value: string) => ({ type: "text", value });
const el = (tagName: string, children: unknown[]) => ({ type: "element", tagName, properties: {}, children });

describe("rehypeCitationMarkers", () => {
  it("links cited [n] markers and leaves other brackets, code and links alone", () => {
    const tree = { type: "root", children: [el("p", [text("Refunds take 30 days [1], see [2] and [9].")]), el("pre", [el("code", [text("a[1]")])]), el("a", [text("[1]")])] };
    rehypeCitationMarkers([1, 2])(tree as never);
    const p = tree.children[0] as { children: { type: string; value?: string; properties?: { href?: string } }[] };
    expect(p.children.map((c) => c.value ?? c.properties?.href)).toEqual(["Refunds take 30 days ", "#cite-1", ", see ", "#cite-2", " and [9]."]);
    expect(JSON.stringify(tree.children[1])).not.toContain("#cite-");
    expect(JSON.stringify(tree.children[2])).not.toContain("#cite-");
  });
});
