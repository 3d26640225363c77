import { AppError, type AppErrorCode } from "../errors";

export type InferenceErrorCode =
  | "MODEL_NOT_FOUND"
  | "NO_DEFAULT_MODEL"
  | "WRONG_MODEL_KIND"
  | "PROVIDER_DISABLED"
  | "MISSING_API_KEY"
  | "UPSTREAM_REJECTED"
  | "UPSTREAM_UNAVAILABLE"
  | "NOT_OPENAI_COMPATIBLE"
  | "TIMEOUT"
  | "STREAM_INTERRUPTED"
  | "ABORTED";

const appCode: Record<InferenceErrorCode, AppErrorCode> = {
  MODEL_NOT_FOUND: "NOT_FOUND",
  NO_DEFAULT_MODEL: "BAD_REQUEST",
  WRONG_MODEL_KIND: "BAD_REQUEST",
  PROVIDER_DISABLED: "BAD_REQUEST",
  MISSING_API_KEY: "BAD_REQUEST",
  UPSTREAM_REJECTED: "BAD_REQUEST",
  UPSTREAM_UNAVAILABLE: "BAD_REQUEST",
  NOT_OPENAI_COMPATIBLE: "BAD_REQUEST",
  TIMEOUT: "BAD_REQUEST",
  STREAM_INTERRUPTED: "BAD_REQUEST",
  ABORTED: "BAD_REQUEST",
};

/** A model call that failed, with a message that says what to fix and, for upstream errors, the upstream's own words. */
export class InferenceError extends AppError {
  constructor(
    readonly inferenceCode: InferenceErrorCode,
    message: string,
    readonly details: { status?: number; attempts?: AttemptRecord[] } = {},
  ) {
    super(appCode[inferenceCode], message);
    this.name = "InferenceError";
  }
}

/** One try against one endpoint, for the trace. */
export interface AttemptRecord {
  modelId: string;
  modelName: string;
  endpointId: string;
  providerName: string;
  outcome: "ok" | "failed" | "rejected";
  error?: string;
  ms: number;
}
