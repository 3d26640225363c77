import type { RouterInputs, RouterOutputs } from "../trpc/types";

export type Provider = RouterOutputs["providers"]["list"][number];
export type ProviderPresets = RouterOutputs["providers"]["presets"];
export type PresetId = keyof ProviderPresets;
export type ConnectionResult = RouterOutputs["providers"]["testConnection"];
export type Model = RouterOutputs["models"]["list"][number];
export type ModelKind = Model["kind"];
export type ModelDefaults = RouterOutputs["models"]["defaults"];
export type ModelFormInput = Omit<RouterInputs["models"]["create"], "workspaceId">;
export type UsageReport = RouterOutputs["usage"]["report"];
export type UsageRow = UsageReport["byModel"][number];

export const MODEL_KINDS: readonly ModelKind[] = ["chat", "embedding", "rerank"];

/** A model to register, prefilled from a provider's served-model list. */
export interface ModelDraft {
  name: string;
  kind: ModelKind;
  providerId: string;
}

/**
 * Served model lists carry only ids; the id is the best hint of what kind a model is (the server
 * makes the same guess for the operator's vLLM).
 */
export function guessModelKind(modelName: string): ModelKind {
  if (/rerank/i.test(modelName)) return "rerank";
  if (/embed|bge-|e5-|gte-/i.test(modelName)) return "embedding";
  return "chat";
}

/** "Qwen/Qwen2.5-7B-Instruct" → "Qwen2.5-7B-Instruct": a readable default display name. */
export function defaultDisplayName(modelName: string): string {
  return modelName.split("/").filter(Boolean).at(-1) ?? modelName;
}
