/**
 * Where to go after signing in. Only same-site paths are accepted, so a crafted link cannot
 * send a freshly signed-in user to another site.
 */
export function safeCallbackUrl(value: string | string[] | undefined | null, fallback = "/"): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  return raw;
}

/** `/sign-in?callbackUrl=…` (or sign-up), leaving the parameter out when it is just the home page. */
export function authHref(page: "/sign-in" | "/sign-up", callbackUrl: string): string {
  return callbackUrl === "/" ? page : `${page}?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
