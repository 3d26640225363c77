/** The palette's contents: node types by category, in the order a builder reaches for them. */
import { nodeDefinitions } from "@/nodes";
import type { NodeCategory } from "@/nodes/node-definition";

export const CATEGORY_ORDER: readonly NodeCategory[] = ["io", "model", "knowledge", "logic", "transform", "tool", "container"];

export const DRAG_MIME = "application/x-agentloom-node";

export interface CatalogEntry {
  type: string;
  category: NodeCategory;
  icon: string;
}

export const NODE_CATALOG: readonly CatalogEntry[] = CATEGORY_ORDER.flatMap((category) =>
  Object.values(nodeDefinitions)
    .filter((d) => d.category === category)
    .map((d) => ({ type: d.type, category, icon: d.icon })),
);
