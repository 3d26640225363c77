/**
 * What the canvas needs from a node's definition, computed safely from a config that may be
 * half-edited: the config a panel edits, the handles, and the outputs pickers offer.
 */
import { nodeDefinitions } from "@/nodes";
import type { NodePolicy } from "@/nodes/graph";
import { nodeOutputs, nodePorts, type AnyNodeDefinition, type NodePorts, type OutputVariable } from "@/nodes/node-definition";

export function definitionOf(type: string): AnyNodeDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(nodeDefinitions, type) ? nodeDefinitions[type] : undefined;
}

/**
 * The config a panel edits. A config that fails its schema (a half-filled row, a missing
 * variable) is still edited as typed, over the defaults, so the author can finish it.
 */
export function editableConfig(type: string, config: Record<string, unknown>): Record<string, unknown> {
  const definition = definitionOf(type);
  if (!definition) return config;
  const parsed = definition.configSchema.safeParse(config);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  return { ...(definition.defaultConfig as Record<string, unknown>), ...config };
}

const NO_PORTS: NodePorts = { inputs: ["in"], outputs: ["out"] };

/** Handles to draw; a config that cannot be read falls back to one in, one out. */
export function portsOf(type: string, config: Record<string, unknown>, policy: NodePolicy | undefined): NodePorts {
  const definition = definitionOf(type);
  if (!definition) return NO_PORTS;
  try {
    return nodePorts(definition, editableConfig(type, config), policy);
  } catch {
    return NO_PORTS;
  }
}

export function outputsOf(type: string, config: Record<string, unknown>, policy: NodePolicy | undefined): OutputVariable[] {
  const definition = definitionOf(type);
  if (!definition) return [];
  try {
    return nodeOutputs(definition, editableConfig(type, config), policy);
  } catch {
    return [];
  }
}
