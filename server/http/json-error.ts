import { AppError, httpStatusOf } from "../errors";

/** The JSON error body every route answers with: `{ error: { code, message } }`. */
export function jsonError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/** A service's AppError as its HTTP answer; anything else is rethrown (a 500 with a log line). */
export function appErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return jsonError(httpStatusOf[error.code], error.code, error.message);
  throw error;
}
