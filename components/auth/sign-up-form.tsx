"use client";

import { useState } from "react";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useMutation } from "@tanstack/react-query";
import { useT } from "../i18n/i18n-provider";
import { useTRPC } from "../trpc/react";
import { errorCode, errorMessage, fieldErrors } from "../trpc/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/field";
import { authHref } from "./callback-url";
import { PasswordHint } from "./password-hint";

type FieldName = "name" | "email" | "password";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useT();
  const trpc = useTRPC();
  const [values, setValues] = useState<Record<FieldName, string>>({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());

  function update(field: FieldName, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  }

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    try {
      await signUp.mutateAsync(values);
    } catch (error) {
      const byField = fieldErrors(error);
      if (errorCode(error) === "CONFLICT") byField.email = errorMessage(error, t);
      if (Object.keys(byField).length > 0) setErrors(byField);
      else setFormError(errorMessage(error, t));
      return;
    }
    setSigningIn(true);
    const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false }).catch(() => null);
    if (!result || result.error) {
      // The account exists; only the automatic sign-in failed, so send them to sign in by hand.
      window.location.assign(authHref("/sign-in", callbackUrl));
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <div className="space-y-5">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {formError && <Alert>{formError}</Alert>}
        <Field label={t("auth.field.name")} error={errors.name}>
          {({ invalid, ...control }) => (
            <Input {...control} invalid={invalid} name="name" autoComplete="name" autoFocus required value={values.name} onChange={(e) => update("name", e.target.value)} placeholder={t("auth.field.namePlaceholder")} />
          )}
        </Field>
        <Field label={t("auth.field.email")} error={errors.email}>
          {({ invalid, ...control }) => (
            <Input {...control} invalid={invalid} type="email" name="email" autoComplete="email" required value={values.email} onChange={(e) => update("email", e.target.value)} placeholder={t("auth.field.emailPlaceholder")} />
          )}
        </Field>
        <Field label={t("auth.field.password")} error={errors.password} hint={<PasswordHint password={values.password} />}>
          {({ invalid, ...control }) => (
            <Input {...control} invalid={invalid} type="password" name="password" autoComplete="new-password" required value={values.password} onChange={(e) => update("password", e.target.value)} />
          )}
        </Field>
        <Button type="submit" className="w-full" loading={signUp.isPending || signingIn} disabled={!values.name || !values.email || !values.password}>
          {t("auth.signUp.submit")}
        </Button>
      </form>
      <p className="text-muted-foreground text-center text-sm">
        {t("auth.signUp.haveAccount")}{" "}
        <Link href={authHref("/sign-in", callbackUrl)} className="text-primary font-medium hover:underline">
          {t("auth.signIn.link")}
        </Link>
      </p>
    </div>
  );
}
