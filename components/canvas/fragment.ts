/**
 * Copy/paste and duplicate: a selection as a self-contained graph fragment (plain JSON, so it
 * travels through the system clipboard to another app), and pasting it back with fresh ids and
 * the references between the pasted nodes rewritten to the new ids.
 */
import { z } from "zod";
import { graphEdgeSchema, graphNodeSchema, graphNoteSchema, type GraphEdge, type GraphNode, type GraphNote } from "@/nodes/graph";
import { nextNodeId } from "./graph-convert";

const FRAGMENT_MARK = "agentloom/canvas-fragment";

const fragmentSchema = z.object({
  kind: z.literal(FRAGMENT_MARK),
  nodes: z.array(graphNodeSchema).max(2000),
  edges: z.array(graphEdgeSchema).max(10_000),
  notes: z.array(graphNoteSchema).max(500).default([]),
});
export type Fragment = z.infer<typeof fragmentSchema>;

/** `nodes` should already include the bodies of copied containers (the store adds them). */
export function makeFragment(nodes: GraphNode[], edges: GraphEdge[], notes: GraphNote[]): Fragment {
  const ids = new Set(nodes.map((n) => n.id));
  return {
    kind: FRAGMENT_MARK,
    nodes,
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    notes,
  };
}

export function serializeFragment(fragment: Fragment): string {
  return JSON.stringify(fragment);
}

/** null when the text is not a fragment (pasting ordinary text does nothing on the canvas). */
export function parseFragment(text: string): Fragment | null {
  if (!text.includes(FRAGMENT_MARK)) return null;
  try {
    const parsed = fragmentSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const TEMPLATE_ROOT = /\{\{(\s*)([A-Za-z][A-Za-z0-9_-]*)(?=\.)/g;

/** Rewrites `{{old.x}}` and `["old", "x"]` references for ids in `map`; everything else is kept. */
export function remapReferences(value: unknown, map: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return value.replace(TEMPLATE_ROOT, (match, space: string, root: string) => (map.has(root) ? `{{${space}${map.get(root)}` : match));
  if (Array.isArray(value)) {
    const [first] = value;
    if (value.length >= 2 && typeof first === "string" && map.has(first) && value.every((v) => typeof v === "string")) return [map.get(first), ...value.slice(1)];
    return value.map((v) => remapReferences(v, map));
  }
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remapReferences(v, map)]));
  return value;
}

export interface PlacedFragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
  notes: GraphNote[];
}

/**
 * The fragment with new ids, moved by `offset`. A pasted start node is dropped when the canvas
 * already has one (a workflow has exactly one); its edges go with it.
 */
export function placeFragment(fragment: Fragment, taken: Set<string>, offset: { x: number; y: number }, hasStart: boolean): PlacedFragment {
  const map = new Map<string, string>();
  const kept = fragment.nodes.filter((n) => !(hasStart && n.type === "start"));
  for (const node of kept) {
    const id = nextNodeId(node.type, taken);
    taken.add(id);
    map.set(node.id, id);
  }
  const inside = (node: GraphNode) => node.parentId !== undefined && map.has(node.parentId);
  const nodes = kept.map((node) => ({
    ...node,
    id: map.get(node.id)!,
    // Body nodes keep their place inside the pasted container; others move by the offset.
    position: inside(node) ? node.position : { x: node.position.x + offset.x, y: node.position.y + offset.y },
    parentId: inside(node) ? map.get(node.parentId!) : undefined,
    data: { ...node.data, config: remapReferences(node.data.config, map) as Record<string, unknown> },
  }));
  const edges = fragment.edges
    .filter((e) => map.has(e.source) && map.has(e.target))
    .map((e, i) => ({ ...e, id: `e_${map.get(e.source)}_${map.get(e.target)}_${Date.now().toString(36)}${i}`, source: map.get(e.source)!, target: map.get(e.target)! }));
  const notes = fragment.notes.map((note, i) => ({ ...note, id: `note_${Date.now().toString(36)}_${i}`, position: { x: note.position.x + offset.x, y: note.position.y + offset.y } }));
  return { nodes, edges, notes };
}
