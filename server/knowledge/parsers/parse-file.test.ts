import { describe, expect, it } from "vitest";
import { docxFile, encryptedPdfFile, pdfFile, textFile, xlsxFile } from "../testing/sample-files";
import { parseFile } from "./parse-file";

describe("parseFile", () => {
  it("reads PDF pages as paragraphs", async () => {
    const { text, mimeType } = await parseFile("guide.pdf", await pdfFile(["Install with docker compose.", "Backups run nightly."]));
    expect(mimeType).toBe("application/pdf");
    expect(text).toBe("Install with docker compose.\n\nBackups run nightly.");
  });

  it("reads DOCX paragraphs, including Chinese", async () => {
    const { text } = await parseFile("policy.docx", await docxFile(["退货政策", "三十天内可以免费退货。"]));
    expect(text).toContain("退货政策");
    expect(text).toContain("三十天内可以免费退货。");
  });

  it("reads XLSX rows with their headers, one paragraph per sheet", async () => {
    const { text } = await parseFile("prices.xlsx", await xlsxFile({ Plans: [["Plan", "Price"], ["Team", "20 USD"]], Regions: [["Region"], ["EU"]] }));
    expect(text).toBe("Plans\nPlan: Team; Price: 20 USD\n\nRegions\nRegion: EU");
  });

  it("reads CSV with quoted cells", async () => {
    const { text } = await parseFile("faq.csv", textFile('question,answer\n"Where, exactly?",Berlin\n'));
    expect(text).toBe("question: Where, exactly?; answer: Berlin");
  });

  it("extracts the main content of an HTML page", async () => {
    const article = "<p>" + "Agentloom indexes knowledge with pgvector and full-text search. ".repeat(8) + "</p>";
    const html = `<html><head><title>Docs</title></head><body><nav>Home | Pricing | Login</nav><article><h1>Knowledge</h1>${article}</article><footer>© 2026</footer></body></html>`;
    const { text } = await parseFile("page.html", textFile(html));
    expect(text).toContain("Agentloom indexes knowledge");
    expect(text).not.toContain("Pricing");
  });

  it("refuses bad files with a clear reason", async () => {
    await expect(parseFile("secret.pdf", encryptedPdfFile())).rejects.toMatchObject({ code: "encrypted_pdf", message: expect.stringContaining("password") });
    await expect(parseFile("broken.pdf", textFile("%PDF-1.4 this is not a pdf"))).rejects.toMatchObject({ code: "corrupt_file" });
    await expect(parseFile("broken.docx", textFile("not a zip"))).rejects.toMatchObject({ code: "corrupt_file" });
    await expect(parseFile("broken.xlsx", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toMatchObject({ code: "corrupt_file" });
    await expect(parseFile("empty.txt", new Uint8Array())).rejects.toMatchObject({ code: "empty_file" });
    await expect(parseFile("image.png", textFile("x"))).rejects.toMatchObject({ code: "unsupported_type" });
    await expect(parseFile("binary.txt", new Uint8Array([0xff, 0xfe, 0x00, 0x80]))).rejects.toMatchObject({ code: "corrupt_file" });
    await expect(parseFile("blank.md", textFile("   \n\n  "))).rejects.toMatchObject({ code: "no_text" });
    await expect(parseFile("scan.pdf", await pdfFile([""]))).rejects.toMatchObject({ code: "no_text", message: expect.stringContaining("OCR") });
  });
});
