import { db } from "../db";
import { InferenceClient } from "./client";
import { EndpointHealth } from "./endpoint-health";
import { inferenceSettings } from "./settings";
import { UsageRecorder } from "./usage-recorder";

export type { CallScope, ChatParams, ChatResult, ChatStreamEvent, ToolCall, Usage, Served } from "./client";
export { InferenceError } from "./errors";

// One client per process: endpoint health (in-flight counts, breakers) must be shared by every
// caller in the process to balance and trip correctly.
const globalForInference = globalThis as unknown as { agentloomInference?: { client: InferenceClient; usage: UsageRecorder } };

function instance() {
  if (!globalForInference.agentloomInference) {
    const settings = inferenceSettings();
    const usage = new UsageRecorder(db);
    const health = new EndpointHealth({ failureThreshold: settings.breakerFailures, cooldownMs: settings.breakerCooldownMs });
    globalForInference.agentloomInference = { client: new InferenceClient({ db, settings: inferenceSettings, usage, health }), usage };
  }
  return globalForInference.agentloomInference;
}

export function inference(): InferenceClient {
  return instance().client;
}

/** Waits until recorded usage is in the database (tests, graceful shutdown). */
export function flushUsage(): Promise<void> {
  return instance().usage.flush();
}
