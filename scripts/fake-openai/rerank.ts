/**
 * POST /v1/rerank (and /rerank, /v2/rerank): the Jina / Cohere / vLLM request shape. A document's
 * score is the share of the query's distinct words it contains (0…1), so rankings are
 * predictable in tests: a document with every query word scores 1, one with none scores 0.
 */
import { HttpError, isRecord, sendJson } from "./http";
import { requireModel, requireObject } from "./models";
import { estimateTokens, words } from "./text";
import type { Exchange } from "./types";

interface RerankResult {
  index: number;
  relevance_score: number;
  document?: { text: string };
}

export function handleRerank(ex: Exchange): void {
  const body = requireObject(ex.body);
  const model = requireModel(body, ex.config, "rerank");
  if (typeof body.query !== "string") throw new HttpError(400, "'query' must be a string.", null, "query");
  const documents = parseDocuments(body.documents);
  const topN = parseTopN(body.top_n, documents.length);
  const queryWords = new Set(words(body.query));
  const ranked = documents
    .map((text, index) => ({ index, text, score: overlap(queryWords, text) }))
    // Ties keep input order, so equal scores never shuffle between runs.
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, topN);
  const withDocuments = body.return_documents !== false;
  const results = ranked.map(({ index, text, score }): RerankResult => (withDocuments ? { index, relevance_score: score, document: { text } } : { index, relevance_score: score }));
  const tokens = estimateTokens(documents.reduce((chars, text) => chars + text.length, body.query.length));
  sendJson(ex.res, 200, { id: `rerank-fake-${ex.seq}`, model: model.id, results, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

function parseDocuments(value: unknown): string[] {
  if (!Array.isArray(value)) throw new HttpError(400, "'documents' must be an array of strings or {text} objects.", null, "documents");
  return value.map((document: unknown, index) => {
    if (typeof document === "string") return document;
    if (isRecord(document) && typeof document.text === "string") return document.text;
    throw new HttpError(400, `'documents[${index}]' must be a string or an object with a string 'text'.`, null, "documents");
  });
}

function parseTopN(value: unknown, count: number): number {
  if (value === undefined || value === null) return count;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new HttpError(400, "'top_n' must be a positive integer.", null, "top_n");
  return value;
}

/** Share of the query's distinct words that occur in the document. */
function overlap(queryWords: Set<string>, document: string): number {
  if (queryWords.size === 0) return 0;
  const documentWords = new Set(words(document));
  let found = 0;
  for (const word of queryWords) if (documentWords.has(word)) found++;
  return found / queryWords.size;
}
