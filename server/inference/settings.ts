import { env } from "../env";
import { parseAllowedHosts } from "../security/http";

export interface InferenceSettings {
  allowedHosts: string[];
  connectTimeoutMs: number;
  firstTokenTimeoutMs: number;
  totalTimeoutMs: number;
  maxAttempts: number;
  breakerFailures: number;
  breakerCooldownMs: number;
}

let cached: InferenceSettings | undefined;

export function inferenceSettings(): InferenceSettings {
  if (!cached) {
    const e = env();
    cached = {
      allowedHosts: parseAllowedHosts(e.INFERENCE_ALLOWED_HOSTS),
      connectTimeoutMs: e.INFERENCE_CONNECT_TIMEOUT_MS,
      firstTokenTimeoutMs: e.INFERENCE_FIRST_TOKEN_TIMEOUT_MS,
      totalTimeoutMs: e.INFERENCE_TOTAL_TIMEOUT_MS,
      maxAttempts: e.INFERENCE_MAX_ATTEMPTS,
      breakerFailures: e.INFERENCE_BREAKER_FAILURES,
      breakerCooldownMs: e.INFERENCE_BREAKER_COOLDOWN_MS,
    };
  }
  return cached;
}
