import { describe, expect, it } from "vitest";
import { queryTerms, segmentForIndex } from "./segment";

describe("segmentation for full-text search", () => {
  it("cuts Chinese into words and drops function words", () => {
    const indexed = segmentForIndex("退货政策是30天内免费退换。");
    expect(indexed).toContain("政策");
    expect(indexed).not.toMatch(/\s是\s/);
    expect(queryTerms("如何退货？")).not.toContain("如何");
  });

  it("keeps Latin words whole and lower-cased", () => {
    expect(segmentForIndex("Agentloom runs ON your servers")).toBe("agentloom runs on your servers");
  });

  it("deduplicates query terms", () => {
    expect(queryTerms("docker docker compose")).toEqual(["docker", "compose"]);
  });
});
