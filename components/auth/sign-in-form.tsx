"use client";

import { useState } from "react";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { KeyRound } from "lucide-react";
import { useT, type MessageKey } from "../i18n/i18n-provider";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/field";
import { authHref } from "./callback-url";

interface SignInFormProps {
  callbackUrl: string;
  oidcName: string | null;
  initialError: MessageKey | null;
}

export function SignInForm({ callbackUrl, oidcName, initialError }: SignInFormProps) {
  const t = useT();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<MessageKey | null>(initialError);
  const [pending, setPending] = useState(false);
  const [oidcPending, setOidcPending] = useState(false);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) {
        setError(
          result?.code === "rate_limited" ? "auth.error.rateLimited"
          : result?.error === "CredentialsSignin" ? "auth.error.wrongCredentials"
          : "auth.error.generic",
        );
        setPending(false);
        return;
      }
      // A full navigation makes every server component render with the new session.
      window.location.assign(callbackUrl);
    } catch {
      setError("auth.error.network");
      setPending(false);
    }
  }

  return (
    <div className="space-y-5">
      {oidcName && (
        <>
          <Button
            variant="secondary"
            className="w-full"
            loading={oidcPending}
            onClick={() => {
              setOidcPending(true);
              void signIn("oidc", { redirectTo: callbackUrl });
            }}
          >
            {!oidcPending && <KeyRound className="size-4" aria-hidden />}
            {t("auth.signIn.withProvider", { name: oidcName })}
          </Button>
          <div className="text-subtle flex items-center gap-3 text-xs">
            <span className="bg-border h-px flex-1" />
            {t("auth.signIn.orEmail")}
            <span className="bg-border h-px flex-1" />
          </div>
        </>
      )}
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {error && <Alert>{t(error)}</Alert>}
        <Field label={t("auth.field.email")}>
          {({ invalid, ...control }) => (
            <Input
              {...control}
              invalid={invalid}
              type="email"
              name="email"
              autoComplete="email"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              placeholder={t("auth.field.emailPlaceholder")}
            />
          )}
        </Field>
        <Field label={t("auth.field.password")}>
          {({ invalid, ...control }) => (
            <Input
              {...control}
              invalid={invalid}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" className="w-full" loading={pending} disabled={!email || !password}>
          {t("auth.signIn.submit")}
        </Button>
      </form>
      <p className="text-muted-foreground text-center text-sm">
        {t("auth.signIn.noAccount")}{" "}
        <Link href={authHref("/sign-up", callbackUrl)} className="text-primary font-medium hover:underline">
          {t("auth.signUp.link")}
        </Link>
      </p>
    </div>
  );
}
