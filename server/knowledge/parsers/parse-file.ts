import mammoth from "mammoth";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { extractText, getDocumentProxy } from "unpdf";
import { IngestError } from "../errors";
import { fileTypeOf, FILE_TYPES, ACCEPTED_EXTENSIONS, type FileType } from "./file-types";
import { htmlMainText } from "./html";

export interface ParsedFile {
  text: string;
  mimeType: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Plain-text formats must be UTF-8 (with or without BOM); a binary file renamed to .txt is refused. */
function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex -- NUL bytes mean binary data
    if (/\u0000/.test(text)) throw new Error("NUL byte");
    return text;
  } catch {
    throw new IngestError("corrupt_file", `“${name}” is not UTF-8 text; save it as UTF-8 or upload it in its original format.`);
  }
}

async function parsePdf(bytes: Uint8Array, name: string): Promise<string> {
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(pdf, { mergePages: false });
    // Pages become paragraphs, so the splitter never glues the end of one page to the next.
    return text.map((page) => page.trim()).filter(Boolean).join("\n\n");
  } catch (error) {
    const kind = error instanceof Error ? error.name : "";
    if (kind === "PasswordException") {
      throw new IngestError("encrypted_pdf", `“${name}” is password-protected; remove the password and upload it again.`, false, { cause: error });
    }
    throw new IngestError("corrupt_file", `“${name}” could not be read as a PDF (${error instanceof Error ? error.message : String(error)}); the file may be damaged.`, false, { cause: error });
  }
}

async function parseDocx(bytes: Uint8Array, name: string): Promise<string> {
  if (!startsWith(bytes, ZIP_MAGIC)) throw new IngestError("corrupt_file", `“${name}” is not a valid DOCX file (a .doc from old Word? Save it as .docx).`);
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return value;
  } catch (error) {
    throw new IngestError("corrupt_file", `“${name}” could not be read as a Word document; the file may be damaged.`, false, { cause: error });
  }
}

/** Each row becomes one line "Header: value; Header: value", so a chunk keeps the column names it needs to make sense. */
function rowsToText(rows: string[][]): string {
  const [header, ...body] = rows;
  if (!header) return "";
  if (body.length === 0) return header.join("; ");
  return body
    .map((row) =>
      row
        .map((cell, i) => (cell.trim() === "" ? null : `${header[i]?.trim() || `Column ${i + 1}`}: ${cell.trim()}`))
        .filter(Boolean)
        .join("; "),
    )
    .filter(Boolean)
    .join("\n");
}

function parseCsv(bytes: Uint8Array, name: string): string {
  const parsed = Papa.parse<string[]>(decodeUtf8(bytes, name), { skipEmptyLines: "greedy" });
  return rowsToText(parsed.data);
}

async function parseXlsx(bytes: Uint8Array, name: string): Promise<string> {
  if (!startsWith(bytes, ZIP_MAGIC)) throw new IngestError("corrupt_file", `“${name}” is not a valid XLSX file (an .xls from old Excel? Save it as .xlsx).`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new IngestError("corrupt_file", `“${name}” could not be read as an Excel workbook; the file may be damaged.`, false, { cause: error });
  }
  const sheets: string[] = [];
  workbook.eachSheet((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let col = 1; col <= sheet.columnCount; col++) cells.push(row.getCell(col).text ?? "");
      rows.push(cells);
    });
    const text = rowsToText(rows);
    // Sheets are paragraphs headed by their name.
    if (text) sheets.push(`${sheet.name}\n${text}`);
  });
  return sheets.join("\n\n");
}

async function parseByType(type: FileType, bytes: Uint8Array, name: string): Promise<string> {
  switch (type) {
    case "pdf":
      return parsePdf(bytes, name);
    case "docx":
      return parseDocx(bytes, name);
    case "xlsx":
      return parseXlsx(bytes, name);
    case "csv":
      return parseCsv(bytes, name);
    case "html":
    case "htm":
      return htmlMainText(decodeUtf8(bytes, name));
    case "md":
    case "markdown":
    case "txt":
      return decodeUtf8(bytes, name).replace(/^\uFEFF/, "");
  }
}

/**
 * Extracts the text of an uploaded file. Every failure is an IngestError naming the file and
 * what to do: unsupported type, empty file, damaged or encrypted file, or no text at all
 * (e.g. a scanned PDF without a text layer).
 */
export async function parseFile(name: string, bytes: Uint8Array): Promise<ParsedFile> {
  const type = fileTypeOf(name);
  if (!type) throw new IngestError("unsupported_type", `“${name}” is not a supported file type; upload ${ACCEPTED_EXTENSIONS.join(", ")}.`);
  if (bytes.length === 0) throw new IngestError("empty_file", `“${name}” is empty.`);
  const text = (await parseByType(type, bytes, name)).trim();
  if (text === "") {
    const hint = type === "pdf" ? " (a scanned PDF has only images: run OCR on it first)" : "";
    throw new IngestError("no_text", `No text was found in “${name}”${hint}.`);
  }
  return { text, mimeType: FILE_TYPES[type].mimeType };
}
