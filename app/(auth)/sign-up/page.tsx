import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { safeCallbackUrl } from "@/components/auth/callback-url";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { auth } from "@/server/auth/auth";
import { getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("auth.signUp.title") };
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if ((await auth())?.user) redirect(callbackUrl);
  const t = await getT();
  return (
    <AuthCard title={t("auth.signUp.title")} description={t("auth.signUp.description")}>
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
