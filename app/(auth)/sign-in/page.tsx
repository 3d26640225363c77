import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { safeCallbackUrl } from "@/components/auth/callback-url";
import { SignInForm } from "@/components/auth/sign-in-form";
import type { MessageKey } from "@/components/i18n/i18n-provider";
import { serverCaller } from "@/server/api/server-caller";
import { auth } from "@/server/auth/auth";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("auth.signIn.title") };
}

/** next-auth sends errors here as `?error=<type>`; each gets a message a person can act on. */
function errorKey(error: string | undefined, code: string | undefined): MessageKey | null {
  if (!error) return null;
  if (code === "rate_limited") return "auth.error.rateLimited";
  if (error === "CredentialsSignin") return "auth.error.wrongCredentials";
  if (error === "OAuthAccountNotLinked") return "auth.error.accountNotLinked";
  if (error === "AccessDenied") return "auth.error.accessDenied";
  return "auth.error.generic";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if ((await auth())?.user) redirect(callbackUrl);
  const [t, providers] = await Promise.all([getT(), (await serverCaller()).auth.providers()]);
  const error = typeof params.error === "string" ? params.error : undefined;
  const code = typeof params.code === "string" ? params.code : undefined;
  return (
    <AuthCard title={t("auth.signIn.title")} description={t("auth.signIn.description")}>
      <SignInForm callbackUrl={callbackUrl} oidcName={providers.oidc?.name ?? null} initialError={errorKey(error, code)} />
    </AuthCard>
  );
}
