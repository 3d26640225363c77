"use client";

import { Check, Circle } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { cn } from "../ui/cn";

/** Live checklist for the password rule the server enforces (the server stays the judge). */
export function PasswordHint({ password }: { password: string }) {
  const t = useT();
  const rules = [
    { ok: password.length >= 8, label: t("auth.password.ruleLength") },
    { ok: /\p{L}/u.test(password) && /[^\p{L}]/u.test(password), label: t("auth.password.ruleMix") },
  ];
  return (
    <ul className="space-y-1 pt-0.5">
      {rules.map((rule) => (
        <li key={rule.label} className={cn("flex items-center gap-1.5", rule.ok ? "text-success" : "text-muted-foreground")}>
          {rule.ok ? <Check className="size-3.5" aria-hidden /> : <Circle className="size-3" aria-hidden />}
          <span>{rule.label}</span>
          <span className="sr-only">{rule.ok ? t("auth.password.ruleMet") : t("auth.password.ruleNotMet")}</span>
        </li>
      ))}
    </ul>
  );
}
