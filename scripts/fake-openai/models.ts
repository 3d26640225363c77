/** The fake server's model catalogue: defaults, the /v1/models answer and the per-endpoint model check. */
import { HttpError, isRecord } from "./http";
import type { FakeModel, ModelKind, ServerConfig } from "./types";

export const DEFAULT_MODELS: readonly FakeModel[] = [
  { id: "fake-chat", kind: "chat" },
  { id: "fake-embed", kind: "embedding" },
  { id: "fake-rerank", kind: "rerank" },
];

// One timestamp for the process, so listings are stable across requests.
const CREATED = Math.floor(Date.now() / 1000);

export function modelObject(model: FakeModel): { id: string; object: "model"; created: number; owned_by: string } {
  return { id: model.id, object: "model", created: CREATED, owned_by: "fake" };
}

export function listModels(config: ServerConfig): { object: "list"; data: ReturnType<typeof modelObject>[] } {
  return { object: "list", data: [...config.models.values()].map(modelObject) };
}

const ENDPOINT_NAME: Record<ModelKind, string> = { chat: "chat completions", embedding: "embeddings", rerank: "rerank" };

/**
 * The request's `model`, checked against the catalogue: 400 when missing, 404 (`model_not_found`,
 * as OpenAI and vLLM answer) when unknown or of another kind, so clients' model errors can be tested.
 */
export function requireModel(body: Record<string, unknown>, config: ServerConfig, kind: ModelKind): FakeModel {
  const id = body.model;
  if (typeof id !== "string" || id === "") throw new HttpError(400, "you must provide a model parameter", null, "model");
  const model = config.models.get(id);
  if (!model) throw new HttpError(404, `The model \`${id}\` does not exist`, "model_not_found", "model");
  if (model.kind !== kind) {
    throw new HttpError(404, `The model \`${id}\` is a ${model.kind} model and does not support ${ENDPOINT_NAME[kind]}`, "model_not_found", "model");
  }
  return model;
}

/** The request body as an object, or 400 like OpenAI when it is anything else. */
export function requireObject(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw new HttpError(400, "The request body must be a JSON object.");
  return body;
}
