/**
 * POST /v1/embeddings. Vectors are a normalized sum of one pseudo-random vector per word (seeded
 * by the word's hash): the same text always gets the same unit vector, and texts that share words
 * point in similar directions, so retrieval tests rank the obviously related chunk first.
 */
import { HttpError, sendJson } from "./http";
import { requireModel, requireObject } from "./models";
import { estimateTokens, hash32, seededRandom, words } from "./text";
import type { Exchange } from "./types";

/** OpenAI's limit on inputs per request. */
const MAX_INPUTS = 2048;
const MAX_DIMENSIONS = 8192;

export function handleEmbeddings(ex: Exchange): void {
  const body = requireObject(ex.body);
  const model = requireModel(body, ex.config, "embedding");
  const inputs = parseInputs(body.input);
  const dimensions = parseDimensions(body.dimensions, ex.config.embeddingDimensions);
  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64") throw new HttpError(400, "'encoding_format' must be 'float' or 'base64'.", null, "encoding_format");
  let promptTokens = 0;
  const data = inputs.map((text, index) => {
    promptTokens += estimateTokens(text.length);
    const vector = embed(text, dimensions);
    // The official openai SDK asks for base64 by default: little-endian float32, as OpenAI sends.
    const embedding = format === "base64" ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64") : Array.from(vector);
    return { object: "embedding", index, embedding };
  });
  sendJson(ex.res, 200, { object: "list", data, model: model.id, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
}

/** A string, an array of strings, or token ids (number[] or number[][], taken as their decimal text). */
function parseInputs(input: unknown): string[] {
  if (typeof input === "string") return [input];
  if (!Array.isArray(input) || input.length === 0) throw new HttpError(400, "'input' must be a string or a non-empty array of strings.", null, "input");
  if (input.length > MAX_INPUTS) throw new HttpError(400, `'input' has ${input.length} items; at most ${MAX_INPUTS} are allowed per request.`, null, "input");
  if (input.every((item) => typeof item === "number")) return [input.join(" ")];
  return input.map((item: unknown, index) => {
    if (typeof item === "string") return item;
    if (Array.isArray(item) && item.every((id) => typeof id === "number")) return item.join(" ");
    throw new HttpError(400, `'input[${index}]' must be a string.`, null, "input");
  });
}

function parseDimensions(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_DIMENSIONS) {
    throw new HttpError(400, `'dimensions' must be an integer between 1 and ${MAX_DIMENSIONS}.`, null, "dimensions");
  }
  return value;
}

/** The deterministic unit vector for `text` (see the file comment). */
export function embed(text: string, dimensions: number): Float32Array {
  const sum = new Float64Array(dimensions);
  const terms = words(text);
  // Text without letters or digits (punctuation, empty) still gets a stable vector of its own.
  for (const term of terms.length > 0 ? terms : [text]) {
    const random = seededRandom(hash32(term));
    for (let i = 0; i < dimensions; i++) sum[i]! += random() * 2 - 1;
  }
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += sum[i]! * sum[i]!;
  norm = Math.sqrt(norm);
  const vector = new Float32Array(dimensions);
  if (norm === 0) vector[0] = 1;
  else for (let i = 0; i < dimensions; i++) vector[i] = sum[i]! / norm;
  return vector;
}
