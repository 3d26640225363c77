import type { MessageKey, Translate } from "../i18n/i18n-provider";

/** Picker order: the GPU tier and local servers first, then hosted services, then anything else. */
export const PRESET_ORDER = ["vllm", "ollama", "openai", "deepseek", "qwen", "moonshot", "zhipu", "custom"] as const;

const LABELS: Record<string, MessageKey> = {
  vllm: "providers.preset.vllm",
  ollama: "providers.preset.ollama",
  openai: "providers.preset.openai",
  deepseek: "providers.preset.deepseek",
  qwen: "providers.preset.qwen",
  moonshot: "providers.preset.moonshot",
  zhipu: "providers.preset.zhipu",
  custom: "providers.preset.custom",
};

const DESCRIPTIONS: Record<string, MessageKey> = {
  vllm: "providers.preset.vllmText",
  ollama: "providers.preset.ollamaText",
  openai: "providers.preset.openaiText",
  deepseek: "providers.preset.deepseekText",
  qwen: "providers.preset.qwenText",
  moonshot: "providers.preset.moonshotText",
  zhipu: "providers.preset.zhipuText",
  custom: "providers.preset.customText",
};

/** The preset's name in the user's language (an unknown preset id is shown as is). */
export function presetLabel(preset: string, t: Translate): string {
  const key = LABELS[preset];
  return key ? t(key) : preset;
}

export function presetDescription(preset: string, t: Translate): string {
  const key = DESCRIPTIONS[preset];
  return key ? t(key) : "";
}
