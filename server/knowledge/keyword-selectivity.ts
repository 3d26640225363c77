/**
 * Which query words are worth ranking by. Postgres' ts_rank_cd has no idea of how common a word
 * is, and ranking an OR query means reading every chunk that holds any of its words: one word
 * found in a tenth of a large knowledge base makes the query read a tenth of the table, to rank
 * chunks by a word that says almost nothing. Like BM25's near-zero IDF (or MySQL's 50 % rule),
 * the most common words are left out of the query once the words' expected matches exceed a
 * budget; the rarest word is always kept.
 *
 * Word frequencies come from the statistics Postgres keeps for the `searchVector` column (its
 * ~1,000 most common lexemes, refreshed by autovacuum's ANALYZE), cached for a minute.
 */
import type { Db } from "../db";

/** Expected matching chunks above which common words are dropped (a few ms of ranking). */
export const KEYWORD_MATCH_BUDGET = 2_000;
const STATS_TTL_MS = 60_000;

export interface LexemeFrequencies {
  /** Share of chunks holding each tracked lexeme (0…1). */
  share: Map<string, number>;
  /** The least tracked share: an untracked lexeme is at most this common. */
  floor: number;
}

const cache = new WeakMap<Db, { at: number; value: Promise<LexemeFrequencies> }>();

async function readFrequencies(db: Db): Promise<LexemeFrequencies> {
  const rows = await db.$queryRaw<{ lexemes: string[] | null; shares: number[] | null }[]>`
    SELECT most_common_elems::text::text[] AS lexemes, most_common_elem_freqs::float8[] AS shares
    FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'KnowledgeChunk' AND attname = 'searchVector'`;
  const lexemes = rows[0]?.lexemes ?? [];
  const shares = rows[0]?.shares ?? [];
  // The frequencies array ends with the minimum, maximum and null share after one entry per lexeme.
  const share = new Map(lexemes.map((lexeme, i) => [lexeme, shares[i] ?? 0]));
  return { share, floor: lexemes.length > 0 ? (shares[lexemes.length] ?? 0) : 0 };
}

export function lexemeFrequencies(db: Db, now = Date.now()): Promise<LexemeFrequencies> {
  const cached = cache.get(db);
  if (cached && now - cached.at < STATS_TTL_MS) return cached.value;
  const value = readFrequencies(db).catch((error: unknown) => {
    cache.delete(db);
    throw error;
  });
  cache.set(db, { at: now, value });
  return value;
}

/**
 * The lexemes to query, rarest first, dropping the most common ones while the expected matches
 * among `chunks` chunks exceed `budget`. With no statistics every lexeme is kept.
 */
export function selectiveLexemes(lexemes: string[], frequencies: LexemeFrequencies, chunks: number, budget = KEYWORD_MATCH_BUDGET): string[] {
  if (frequencies.share.size === 0 || lexemes.length <= 1) return lexemes;
  const expected = lexemes
    .map((lexeme) => ({ lexeme, matches: (frequencies.share.get(lexeme) ?? frequencies.floor) * chunks }))
    .sort((a, b) => a.matches - b.matches || a.lexeme.localeCompare(b.lexeme));
  const kept: string[] = [];
  let total = 0;
  for (const { lexeme, matches } of expected) {
    if (kept.length > 0 && total + matches > budget) break;
    kept.push(lexeme);
    total += matches;
  }
  return kept;
}
