import { describe, expect, it } from "vitest";
import { chunkSettingsSchema } from "./chunk-settings";
import { splitText } from "./splitter";
import { cleanText } from "./text-cleanup";

const settings = (input: Record<string, unknown>) => chunkSettingsSchema.parse(input);

describe("splitText", () => {
  it("cuts long text into chunks within the size, deterministically", async () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} talks about topic ${i % 5}.`).join(" ");
    const a = await splitText(text, settings({ chunkSize: 120, chunkOverlap: 20 }));
    const b = await splitText(text, settings({ chunkSize: 120, chunkOverlap: 20 }));
    expect(a.length).toBeGreaterThan(5);
    expect(a.every((c) => c.content.length <= 120 && c.tokens > 0 && c.parentContent === null)).toBe(true);
    expect(a).toEqual(b);
  });

  it("splits Chinese at sentence ends", async () => {
    const text = "第一句话讲的是退货政策，内容比较长一些。".repeat(4) + "第二部分讲的是发票开具方式和时间安排。".repeat(4);
    const chunks = await splitText(text, settings({ chunkSize: 60, chunkOverlap: 0 }));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.content.endsWith("。")).toBe(true);
  });

  it("returns each child's paragraph in parent-child mode", async () => {
    const paragraph = (word: string) => Array.from({ length: 12 }, (_, i) => `${word} line ${i}.`).join(" ");
    const text = `${paragraph("alpha")}\n\n${paragraph("beta")}`;
    const chunks = await splitText(text, settings({ mode: "parentChild", chunkSize: 60, chunkOverlap: 0, parentSize: 400 }));
    expect(chunks.length).toBeGreaterThan(2);
    const betaChild = chunks.find((c) => c.content.includes("beta"));
    expect(betaChild?.parentContent).toBe(paragraph("beta"));
  });

  it("gives nothing for blank text", async () => {
    expect(await splitText(" \n\n \t", settings({}))).toEqual([]);
  });

  it("rejects an overlap of half the chunk size or more", () => {
    expect(chunkSettingsSchema.safeParse({ chunkSize: 100, chunkOverlap: 50 }).error?.issues[0]?.message).toBe("Overlap must be less than half the chunk size");
  });
});

describe("cleanText", () => {
  it("collapses whitespace but keeps paragraphs, strips URLs and emails on request", () => {
    const text = "Hello   world\t!\n\n\n\nMail me@example.com or see https://example.com/a?b=1 now";
    expect(cleanText(text, { collapseWhitespace: true, stripUrls: true, stripEmails: true })).toBe("Hello world !\n\nMail or see now");
    expect(cleanText(text, { collapseWhitespace: false, stripUrls: false, stripEmails: false })).toContain("   ");
  });
});
