import { z } from "zod";
import { guardedFetch, OutboundRequestError } from "../security/http";
import { inferenceSettings } from "./settings";

export type ProbeResult =
  | { ok: true; models: string[]; latencyMs: number }
  | { ok: false; problem: "unreachable" | "unauthorized" | "not_found" | "not_openai_compatible" | "blocked" | "upstream_error"; message: string };

const modelsResponse = z.object({ data: z.array(z.object({ id: z.string() })) });

/** Asks an OpenAI-compatible server which models it serves, and explains any failure in plain words. */
export async function probeModels(baseUrl: string, apiKey: string | null): Promise<ProbeResult> {
  const started = performance.now();
  const settings = inferenceSettings();
  let response: Response;
  try {
    response = await guardedFetch(`${baseUrl}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      allowedHosts: settings.allowedHosts,
      connectTimeoutMs: settings.connectTimeoutMs,
      timeoutMs: 15_000,
      maxResponseBytes: 5 * 1024 * 1024,
    });
  } catch (error) {
    if (error instanceof OutboundRequestError && error.code === "BLOCKED_ADDRESS") {
      return { ok: false, problem: "blocked", message: `${error.message}. The server operator can allow this host with INFERENCE_ALLOWED_HOSTS.` };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: "unreachable", message: `Cannot reach ${baseUrl}: ${reason}` };
  }
  const body = await response.text().catch(() => "");
  if (response.status === 401 || response.status === 403) {
    return { ok: false, problem: "unauthorized", message: `The provider rejected the API key (HTTP ${response.status})${upstreamMessage(body)}.` };
  }
  if (response.status === 404) {
    const hint = /\/v\d+$/.test(baseUrl) ? "" : " Most OpenAI-compatible servers need /v1 at the end of the base URL.";
    return { ok: false, problem: "not_found", message: `${baseUrl}/models does not exist (HTTP 404).${hint}` };
  }
  if (!response.ok) {
    return { ok: false, problem: "upstream_error", message: `The provider answered HTTP ${response.status}${upstreamMessage(body)}.` };
  }
  let parsed: z.infer<typeof modelsResponse>;
  try {
    parsed = modelsResponse.parse(JSON.parse(body));
  } catch {
    return { ok: false, problem: "not_openai_compatible", message: `${baseUrl}/models did not answer with an OpenAI-compatible model list. Check the base URL.` };
  }
  return { ok: true, models: parsed.data.map((m) => m.id).sort(), latencyMs: Math.round(performance.now() - started) };
}

/** The upstream's own error text, so users see e.g. "Incorrect API key provided". */
export function upstreamMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof json.error === "string" ? json.error : (json.error?.message ?? json.message);
    if (typeof message === "string" && message.trim()) return `: ${message.trim().slice(0, 300)}`;
  } catch {
    // Not JSON: nothing trustworthy to quote.
  }
  return "";
}
