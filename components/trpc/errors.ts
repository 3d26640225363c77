import { TRPCClientError } from "@trpc/client";

interface ErrorData {
  code?: string;
  zodError?: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
}

function dataOf(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError ? (error.data as ErrorData | undefined) : undefined;
}

/** The tRPC error code (`NOT_FOUND`, `CONFLICT`, …), if the error came from the server. */
export function errorCode(error: unknown): string | undefined {
  return dataOf(error)?.code;
}

/** Validation messages per input field, first message each. */
export function fieldErrors(error: unknown): Record<string, string> {
  const fields = dataOf(error)?.zodError?.fieldErrors ?? {};
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(fields)) {
    if (messages?.[0]) out[field] = messages[0];
  }
  return out;
}

/**
 * A message to show the user. Server errors are written for users; validation errors carry
 * their messages in zodError (error.message is then raw JSON), and network failures get the
 * caller's fallback.
 */
export function errorMessage(error: unknown, fallback: string): string {
  const data = dataOf(error);
  if (data?.zodError) {
    const first = data.zodError.formErrors[0] ?? Object.values(fieldErrors(error))[0];
    return first ?? fallback;
  }
  if (error instanceof TRPCClientError && data?.code && data.code !== "INTERNAL_SERVER_ERROR") return error.message;
  return fallback;
}
