/**
 * Why a document could not be indexed. The code is stored on the document (the UI keys its
 * translation on it) and the message says what to do; `retryable` separates passing faults
 * (model server down, timeout) that a job retry may fix from faults of the input itself.
 */
export type IngestErrorCode =
  | "unsupported_type"
  | "empty_file"
  | "file_too_large"
  | "corrupt_file"
  | "encrypted_pdf"
  | "no_text"
  | "url_blocked"
  | "url_unreachable"
  | "embedding_model_missing"
  | "embedding_failed"
  | "dimension_mismatch"
  | "timeout"
  /** Anything unexpected (database, bug): retried, then shown with its message. */
  | "internal";

export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "IngestError";
  }
}
