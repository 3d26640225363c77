/**
 * Word segmentation for full-text search. Postgres' parsers split on spaces and punctuation, so a
 * Chinese sentence would become one "word" and a query for 退货 would never match it. ICU's
 * dictionary segmenter (Intl.Segmenter) cuts CJK into words; we index and query the same
 * space-joined words, so both sides see identical terms. Latin text passes through as words and
 * Postgres' `english` configuration then stems it (runs → run).
 */
const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

// Function words that match almost every Chinese chunk and would drown the real terms in an OR query.
const CJK_STOPWORDS = new Set(["的", "了", "是", "在", "和", "与", "及", "或", "也", "都", "就", "而", "吗", "呢", "吧", "啊", "之", "其", "这", "那", "个", "我", "你", "他", "她", "它", "们", "有", "为", "对", "把", "被", "从", "到", "请", "如何", "怎么", "怎样", "什么", "哪些", "哪个", "是否", "可以", "能否"]);

const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Lower-cased word-like segments, CJK stop words removed. */
export function segmentWords(text: string): string[] {
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (!isWordLike) continue;
    const word = segment.toLowerCase();
    if (HAS_CJK.test(word) && CJK_STOPWORDS.has(word)) continue;
    words.push(word);
  }
  return words;
}

/** The text handed to to_tsvector: segmented words joined by spaces. */
export function segmentForIndex(text: string): string {
  return segmentWords(text).join(" ");
}

/** Distinct query words (order kept), for an OR query: any shared word is a candidate, ranking sorts them. */
export function queryTerms(query: string): string[] {
  return [...new Set(segmentWords(query))];
}
