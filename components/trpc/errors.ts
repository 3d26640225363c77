import { TRPCClientError } from "@trpc/client";
import type { Translate } from "../i18n/i18n-provider";

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
 * their messages in zodError (error.message is then raw JSON); an unexpected server failure and
 * an unreachable server each get their own translated message.
 */
export function errorMessage(error: unknown, t: Translate): string {
  const data = dataOf(error);
  if (data?.zodError) {
    const first = data.zodError.formErrors[0] ?? Object.values(fieldErrors(error))[0];
    return first ?? t("common.error.generic");
  }
  if (error instanceof TRPCClientError && data?.code) {
    return data.code === "INTERNAL_SERVER_ERROR" ? t("common.error.generic") : error.message;
  }
  return t("common.error.network");
}
