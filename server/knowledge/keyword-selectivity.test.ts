import { describe, expect, it } from "vitest";
import { selectiveLexemes, type LexemeFrequencies } from "./keyword-selectivity";

const frequencies: LexemeFrequencies = { share: new Map([["servic", 0.3], ["order", 0.05], ["refund", 0.004]]), floor: 0.001 };

describe("selectiveLexemes", () => {
  it("keeps every word while the expected matches fit the budget", () => {
    expect(selectiveLexemes(["servic", "order", "refund"], frequencies, 1_000)).toEqual(["refund", "order", "servic"]);
  });

  it("drops the most common words first once a large knowledge base would exceed the budget", () => {
    // 100k chunks: refund ≈ 400, order ≈ 5,000, servic ≈ 30,000 expected matches.
    expect(selectiveLexemes(["servic", "order", "refund"], frequencies, 100_000)).toEqual(["refund"]);
    expect(selectiveLexemes(["servic", "order", "refund"], frequencies, 30_000)).toEqual(["refund", "order"]);
  });

  it("treats untracked words as rarer than every tracked one and always keeps the rarest word", () => {
    expect(selectiveLexemes(["servic", "zebra"], frequencies, 100_000)).toEqual(["zebra"]);
    expect(selectiveLexemes(["servic"], frequencies, 10_000_000)).toEqual(["servic"]);
    expect(selectiveLexemes(["servic", "order"], frequencies, 10_000_000)).toEqual(["order"]);
  });

  it("keeps every word when Postgres has no statistics yet", () => {
    expect(selectiveLexemes(["servic", "order"], { share: new Map(), floor: 0 }, 10_000_000)).toEqual(["servic", "order"]);
  });
});
