/**
 * Errors a service raises for its caller to show: the code maps to a tRPC code and an HTTP
 * status at the boundary, and the message is written for the user.
 */
export type AppErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "TOO_MANY_REQUESTS";

export const httpStatusOf: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

/** The JSON error body every HTTP route answers with: `{ error: { code, message } }`. */
export function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** An AppError as its status and message; anything else is rethrown (a logged 500). */
export function appErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return jsonError(httpStatusOf[error.code], error.code, error.message);
  throw error;
}
