import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { z } from "zod";
import { db } from "../db";
import { env, isOidcEnabled } from "../env";
import { upsertOidcUser, verifyCredentials } from "./users.service";
import { logger } from "../observability/logger";
import { clientIp, consumeRateLimit, RateLimitedError, RATE_LIMITS, resetRateLimit } from "../security/rate-limit";

export const OIDC_PROVIDER_ID = "oidc";

const credentialsInput = z.object({ email: z.string(), password: z.string() });

/** Reaches the sign-in page as `?code=rate_limited`, so it can say why instead of "wrong password". */
class RateLimitedSignin extends CredentialsSignin {
  code = "rate_limited";
}

async function authorizeCredentials(raw: unknown, request: Request) {
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) return null;
  // Keyed by address and account: one attacker cannot lock a victim out from elsewhere, and
  // guessing one account's password stays slow.
  const key = `${clientIp(request.headers)}:${parsed.data.email.trim().toLowerCase()}`;
  try {
    await consumeRateLimit(RATE_LIMITS.signIn(), key);
  } catch (error) {
    if (error instanceof RateLimitedError) throw new RateLimitedSignin();
    throw error;
  }
  const user = await verifyCredentials(db(), parsed.data.email, parsed.data.password);
  if (user) await resetRateLimit(RATE_LIMITS.signIn(), key);
  return user;
}

function providers(): Provider[] {
  const list: Provider[] = [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: authorizeCredentials,
    }),
  ];
  const e = env();
  if (isOidcEnabled(e)) {
    list.push({
      id: OIDC_PROVIDER_ID,
      name: e.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: e.AUTH_OIDC_ISSUER,
      clientId: e.AUTH_OIDC_ID,
      clientSecret: e.AUTH_OIDC_SECRET,
    });
  }
  return list;
}

// Config is built per request, not at import: `next build` imports this module without the
// runtime environment, and env() must only be validated when the server really runs.
function config(): NextAuthConfig {
  return {
    secret: env().AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: providers(),
    logger: {
      error: (error) => logger().warn({ err: error }, "auth error"),
      warn: (code) => logger().warn({ code }, "auth warning"),
      debug: () => {},
    },
    callbacks: {
      async jwt({ token, user, account, profile }) {
        if (account?.provider === OIDC_PROVIDER_ID && profile) {
          const dbUser = await upsertOidcUser(db(), {
            provider: OIDC_PROVIDER_ID,
            providerAccountId: account.providerAccountId,
            email: String(profile.email ?? ""),
            emailVerified: profile.email_verified === true,
            name: typeof profile.name === "string" ? profile.name : null,
          });
          return { ...token, sub: dbUser.id, email: dbUser.email, name: dbUser.name };
        }
        if (user?.id) return { ...token, sub: user.id, email: user.email, name: user.name };
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
