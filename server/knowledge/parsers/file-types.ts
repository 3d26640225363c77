/**
 * The file types a knowledge base accepts, by extension. The extension decides (browsers send
 * vague or wrong MIME types for .md/.csv), and the parser then checks the bytes really are that
 * kind of file.
 */
export const FILE_TYPES = {
  pdf: { mimeType: "application/pdf", label: "PDF" },
  docx: { mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "Word (DOCX)" },
  md: { mimeType: "text/markdown", label: "Markdown" },
  markdown: { mimeType: "text/markdown", label: "Markdown" },
  txt: { mimeType: "text/plain", label: "Text" },
  html: { mimeType: "text/html", label: "HTML" },
  htm: { mimeType: "text/html", label: "HTML" },
  csv: { mimeType: "text/csv", label: "CSV" },
  xlsx: { mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "Excel (XLSX)" },
} as const;

export type FileType = keyof typeof FILE_TYPES;

export const ACCEPTED_EXTENSIONS = Object.keys(FILE_TYPES).map((ext) => `.${ext}`);

export function fileTypeOf(fileName: string): FileType | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext !== undefined && ext in FILE_TYPES ? (ext as FileType) : null;
}
