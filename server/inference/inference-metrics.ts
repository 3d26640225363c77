import { Counter, Histogram } from "prom-client";
import { metrics } from "../observability/metrics";

interface InferenceMetrics {
  calls: Counter<"model" | "kind" | "status">;
  attempts: Counter<"model" | "endpoint" | "outcome">;
  tokens: Counter<"model" | "direction">;
  latency: Histogram<"model" | "kind">;
  ttft: Histogram<"model">;
}

const globalForInferenceMetrics = globalThis as unknown as { agentloomInferenceMetrics?: InferenceMetrics };

export function inferenceMetrics(): InferenceMetrics {
  if (!globalForInferenceMetrics.agentloomInferenceMetrics) {
    const registers = [metrics().registry];
    globalForInferenceMetrics.agentloomInferenceMetrics = {
      calls: new Counter({ name: "agentloom_inference_calls_total", help: "Model calls by model, kind and final status", labelNames: ["model", "kind", "status"], registers }),
      attempts: new Counter({ name: "agentloom_inference_attempts_total", help: "Tries against individual endpoints", labelNames: ["model", "endpoint", "outcome"], registers }),
      tokens: new Counter({ name: "agentloom_inference_tokens_total", help: "Tokens by model and direction (input/output)", labelNames: ["model", "direction"], registers }),
      latency: new Histogram({
        name: "agentloom_inference_latency_seconds",
        help: "Model call duration",
        labelNames: ["model", "kind"],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
        registers,
      }),
      ttft: new Histogram({
        name: "agentloom_inference_ttft_seconds",
        help: "Time to first token of streamed chat calls",
        labelNames: ["model"],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
        registers,
      }),
    };
  }
  return globalForInferenceMetrics.agentloomInferenceMetrics;
}
