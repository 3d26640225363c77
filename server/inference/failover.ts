import OpenAI from "openai";
import { OutboundRequestError } from "../security/http";
import { EndpointHealth, pickEndpoint } from "./endpoint-health";
import { InferenceError, type AttemptRecord } from "./errors";
import type { ResolvedEndpoint, ResolvedModel } from "./model-resolver";
import { inferenceMetrics } from "./inference-metrics";
import { upstreamMessage } from "./probe";

/** How a failed try is handled: retry elsewhere (endpoint fault) or give up (the request itself is wrong). */
type Verdict = { retry: true; message: string } | { retry: false; error: InferenceError };

export class FirstTokenTimeout extends Error {
  constructor(ms: number) {
    super(`no first token within ${ms} ms`);
  }
}

export class NotOpenAICompatible extends Error {}

function retryAfterMs(error: InstanceType<typeof OpenAI.APIError>): number | null {
  const header = error.headers?.get?.("retry-after");
  const seconds = header ? Number(header) : NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : null;
}

/** Why an aborted call stopped: its total time limit, or the caller cancelled it. */
export function abortError(signal: AbortSignal): InferenceError {
  const reason: unknown = signal.reason;
  if (reason instanceof DOMException && reason.name === "TimeoutError") return new InferenceError("TIMEOUT", "The model call exceeded its total time limit.");
  return new InferenceError("ABORTED", "The model call was cancelled.");
}

export function classify(error: unknown, endpoint: ResolvedEndpoint, callSignal: AbortSignal): Verdict & { retryAfterMs?: number | null } {
  if (callSignal.aborted) return { retry: false, error: abortError(callSignal) };
  if (error instanceof FirstTokenTimeout) return { retry: true, message: error.message };
  if (error instanceof NotOpenAICompatible) return { retry: true, message: error.message };
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  if (cause instanceof OutboundRequestError) {
    if (cause.code === "BLOCKED_ADDRESS" || cause.code === "BAD_URL") {
      return {
        retry: false,
        error: new InferenceError("UPSTREAM_UNAVAILABLE", `${cause.message}. If this is your own model server, the operator can allow it with INFERENCE_ALLOWED_HOSTS.`),
      };
    }
    return { retry: true, message: cause.message };
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const status = error.status;
    const upstream = upstreamMessage(JSON.stringify(error.error ?? {})) || (error.message ? `: ${error.message}` : "");
    if (status === 429 || status === 408 || status >= 500) return { retry: true, message: `HTTP ${status}${upstream}`, retryAfterMs: retryAfterMs(error) };
    if (status === 401 || status === 403) {
      return { retry: false, error: new InferenceError("UPSTREAM_REJECTED", `Provider “${endpoint.providerName}” rejected the API key (HTTP ${status})${upstream}.`, { status }) };
    }
    return { retry: false, error: new InferenceError("UPSTREAM_REJECTED", `Provider “${endpoint.providerName}” refused the request (HTTP ${status})${upstream}.`, { status }) };
  }
  // Connection refused/reset, DNS failures, malformed responses: the endpoint is at fault.
  return { retry: true, message: error instanceof Error ? error.message : String(error) };
}

const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2_000;

function backoffMs(attempt: number, hint: number | null | undefined): number {
  if (hint && hint > 0 && hint <= 5_000) return hint;
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** An endpoint held by a call that has committed to it; settle it exactly once. */
export interface Lease {
  model: ResolvedModel;
  endpoint: ResolvedEndpoint;
  attempts: AttemptRecord[];
  succeeded(): void;
  failed(): void;
  released(): void;
}

export interface FailoverOptions {
  health: EndpointHealth;
  maxAttempts: number;
  signal: AbortSignal;
  loadFallback: (modelId: string) => Promise<ResolvedModel | null>;
}

/**
 * Runs `attempt` against the model's endpoints — least outstanding first, skipping open
 * breakers — retrying endpoint faults with jittered backoff, then the fallback models in order.
 * `attempt` must do only the part that is safe to repeat (for a stream: up to the first token).
 * Returns its value with a lease on the endpoint that served it.
 */
export async function withFailover<T>(
  primary: ResolvedModel,
  options: FailoverOptions,
  attempt: (model: ResolvedModel, endpoint: ResolvedEndpoint) => Promise<T>,
): Promise<{ value: T; lease: Lease }> {
  const attempts: AttemptRecord[] = [];
  const chain: (ResolvedModel | string)[] = [primary, ...primary.fallbackModelIds];
  const metrics = inferenceMetrics();
  let lastProblem = "no endpoint is available";

  for (const entry of chain) {
    const model = typeof entry === "string" ? await options.loadFallback(entry) : entry;
    if (!model) continue;
    const failedHere = new Set<string>();
    for (let n = 1; n <= options.maxAttempts; n++) {
      // Prefer endpoints not yet failed in this call; a lone endpoint may be retried after backoff.
      const endpoint = pickEndpoint(model.endpoints, options.health, failedHere) ?? (failedHere.size > 0 ? pickEndpoint(model.endpoints, options.health) : null);
      if (!endpoint) break;
      const started = performance.now();
      options.health.acquire(endpoint.id);
      const record = (outcome: AttemptRecord["outcome"], error?: string) => {
        attempts.push({ modelId: model.id, modelName: model.name, endpointId: endpoint.id, providerName: endpoint.providerName, outcome, error, ms: Math.round(performance.now() - started) });
        metrics.attempts.inc({ model: model.name, endpoint: endpoint.providerName, outcome });
      };
      try {
        const value = await attempt(model, endpoint);
        record("ok");
        const health = options.health;
        let settled = false;
        const settle = (fn: (id: string) => void) => {
          if (!settled) {
            settled = true;
            fn.call(health, endpoint.id);
          }
        };
        return {
          value,
          lease: {
            model,
            endpoint,
            attempts,
            succeeded: () => settle(health.succeeded),
            failed: () => settle(health.failed),
            released: () => settle(health.released),
          },
        };
      } catch (error) {
        const verdict = classify(error, endpoint, options.signal);
        if (!verdict.retry) {
          options.health.released(endpoint.id);
          record("rejected", verdict.error.message);
          verdict.error.details.attempts = attempts;
          throw verdict.error;
        }
        options.health.failed(endpoint.id);
        failedHere.add(endpoint.id);
        lastProblem = `${endpoint.providerName}: ${verdict.message}`;
        record("failed", verdict.message);
        if (n < options.maxAttempts) await sleep(backoffMs(n, verdict.retryAfterMs), options.signal);
        if (options.signal.aborted) throw abortError(options.signal);
      }
    }
  }
  const tried = primary.fallbackModelIds.length > 0 ? `“${primary.displayName}” and its fallback models` : `“${primary.displayName}”`;
  throw new InferenceError("UPSTREAM_UNAVAILABLE", `Every endpoint of ${tried} failed (last: ${lastProblem}).`, { attempts });
}
