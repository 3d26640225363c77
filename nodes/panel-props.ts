/**
 * The contract every node's `panel.tsx` implements: a controlled settings form for the canvas
 * side panel. The canvas owns the graph; a panel only turns the node's config into a new config.
 */
import type { ComponentType } from "react";
import type { Selector } from "./graph";
import type { ConfigProblem, VariableType } from "./node-definition";

/** An output of a node that runs before the edited one (what variable pickers offer). */
export interface UpstreamVariable {
  selector: Selector;
  nodeTitle: string;
  name: string;
  type: VariableType;
}

export interface NodePanelProps<Config> {
  nodeId: string;
  config: Config;
  onChange: (config: Config) => void;
  /** Outputs of upstream nodes, plus `sys.*` values; for pickers and `{{` completion. */
  upstream: UpstreamVariable[];
  /** Problems validation found in this node's config, keyed by dotted field path. */
  problems: ConfigProblem[];
  readOnly?: boolean;
}

export type NodePanel<Config> = ComponentType<NodePanelProps<Config>>;

/** A node folder's UI strings: English is the source of keys; zh-CN must have every key. */
export interface NodeMessages<Keys extends string> {
  en: Record<Keys, string>;
  "zh-CN": Record<Keys, string>;
}

export function defineNodeMessages<const En extends Record<string, string>>(
  en: En,
  zhCN: Record<keyof En & string, string>,
): NodeMessages<keyof En & string> {
  return { en, "zh-CN": zhCN };
}
