/**
 * An Assistant app's settings in the DSL. Its graph is compiled from the settings, so the file
 * carries the settings (`settings`) with ids turned into names like the graph's; import maps
 * them with the same choices as the graph and compiles the graph again from the result, so the
 * two can never disagree (a hand-edited graph in the file has no effect).
 */
import { assistantConfigSchema, type AssistantConfig } from "../assistant/assistant-config";
import { AppError } from "../errors";
import type { ResourceKind } from "./resource-references";

type MapReference = (kind: ResourceKind, value: string) => string | null;

/** The settings with each model, knowledge base and tool reference replaced; null drops it. */
export function mapAssistantReferences(config: AssistantConfig, map: MapReference): AssistantConfig {
  const model = config.model === undefined ? undefined : (map("model", config.model) ?? undefined);
  return {
    ...config,
    model,
    knowledge: { ...config.knowledge, knowledgeBaseIds: config.knowledge.knowledgeBaseIds.flatMap((id) => map("knowledgeBase", id) ?? []) },
    tools: config.tools.flatMap((ref) => map("tool", ref) ?? []),
  };
}

/** The file's settings of an assistant app, or a 400 naming the field. */
export function parseAssistantSettings(settings: unknown): AssistantConfig {
  const parsed = assistantConfigSchema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("BAD_REQUEST", `settings.${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}
