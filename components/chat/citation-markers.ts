/**
 * A rehype plugin for answers with citations: each `[n]` in the text, where n is a cited
 * position, becomes a link to `#cite-n` that the chat renders as a button opening that source.
 * Text inside code, pre and links is left alone (`a[1]` in a code block stays code).
 */
interface HastText {
  type: "text";
  value: string;
}
interface HastElement {
  type: "element";
  tagName: string;
  properties: Record<string, unknown>;
  children: HastNode[];
}
type HastNode = HastText | HastElement | { type: string; children?: HastNode[] };

const SKIP = new Set(["code", "pre", "a"]);
const MARKER = /\[(\d{1,3})\]/g;

export const CITE_PREFIX = "#cite-";

function split(text: string, cited: ReadonlySet<number>): HastNode[] | null {
  const parts: HastNode[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const position = Number(match[1]);
    if (!cited.has(position)) continue;
    if (match.index > last) parts.push({ type: "text", value: text.slice(last, match.index) });
    parts.push({ type: "element", tagName: "a", properties: { href: `${CITE_PREFIX}${position}` }, children: [{ type: "text", value: `[${position}]` }] });
    last = match.index + match[0].length;
  }
  if (parts.length === 0) return null;
  if (last < text.length) parts.push({ type: "text", value: text.slice(last) });
  return parts;
}

function walk(node: HastNode, cited: ReadonlySet<number>): void {
  if (!("children" in node) || !node.children) return;
  if (node.type === "element" && SKIP.has((node as HastElement).tagName)) return;
  const next: HastNode[] = [];
  for (const child of node.children) {
    const parts = child.type === "text" ? split((child as HastText).value, cited) : null;
    if (parts) next.push(...parts);
    else {
      walk(child, cited);
      next.push(child);
    }
  }
  node.children = next;
}

/** `rehypePlugins={[[rehypeCitationMarkers, positions]]}` */
export function rehypeCitationMarkers(positions: readonly number[]) {
  const cited = new Set(positions);
  return (tree: HastNode) => {
    if (cited.size > 0) walk(tree, cited);
  };
}
