/** Provider presets: what to prefill when a user picks a known OpenAI-compatible service. */
export const PROVIDER_PRESETS = {
  vllm: { label: "vLLM", baseUrl: "http://localhost:8000/v1", requiresApiKey: false },
  ollama: { label: "Ollama", baseUrl: "http://localhost:11434/v1", requiresApiKey: false },
  openai: { label: "OpenAI", baseUrl: "https://api.openai.com/v1", requiresApiKey: true },
  deepseek: { label: "DeepSeek", baseUrl: "https://api.deepseek.com/v1", requiresApiKey: true },
  qwen: { label: "Qwen (DashScope compatible mode)", baseUrl: "https://dashscope.aliyuncs.com/compatible-mode/v1", requiresApiKey: true },
  moonshot: { label: "Moonshot (Kimi)", baseUrl: "https://api.moonshot.cn/v1", requiresApiKey: true },
  zhipu: { label: "Zhipu (GLM)", baseUrl: "https://open.bigmodel.cn/api/paas/v4", requiresApiKey: true },
  custom: { label: "Custom (OpenAI-compatible)", baseUrl: "", requiresApiKey: false },
} as const;

export type ProviderPreset = keyof typeof PROVIDER_PRESETS;
export const PROVIDER_PRESET_IDS = Object.keys(PROVIDER_PRESETS) as [ProviderPreset, ...ProviderPreset[]];
