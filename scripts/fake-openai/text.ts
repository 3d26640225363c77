/**
 * Deterministic text helpers for the fake OpenAI server: how replies are split into stream tokens,
 * how usage is counted, and the word/hash primitives behind embeddings and rerank scores.
 * Everything here is pure, so the same request always gets the same answer.
 */

// Han, kana, Hangul and CJK/full-width punctuation: scripts written without spaces, which real
// tokenizers split into (roughly) one token per character.
const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef`;

// A token is optional leading whitespace plus either one CJK character or a run of other
// non-space characters (so " hello" is one token, like GPT's BPE); trailing whitespace stands alone.
// Together the matches cover every character, so joining the tokens gives back the text exactly.
const TOKEN = new RegExp(String.raw`\s*(?:[${CJK}]|[^\s${CJK}]+)|\s+`, "gu");

// Lexical units for embeddings and rerank: lower-cased letter/digit runs, CJK one character each.
const WORD = new RegExp(String.raw`[${CJK}]|[\p{L}\p{N}]+`, "gu");

/** Splits a reply into the pieces a stream sends, e.g. "Echo: hi 你好" → ["Echo:", " hi", " 你", "好"]. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Lower-cased words (CJK per character), for lexical scoring and bag-of-words embeddings. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** The usual "about four characters per token" estimate, rounded up, for usage fields. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** 32-bit FNV-1a: a fast, stable string hash (no crypto needed, only determinism). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded PRNG giving floats in [0, 1), so one hash expands into a whole vector. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
