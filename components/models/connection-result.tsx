"use client";

import { CircleCheck, Plus } from "lucide-react";
import { useT, type MessageKey } from "../i18n/i18n-provider";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import type { ConnectionResult as Result } from "./types";

const PROBLEM_TITLES: Record<Extract<Result, { ok: false }>["problem"], MessageKey> = {
  unreachable: "providers.test.problem.unreachable",
  unauthorized: "providers.test.problem.unauthorized",
  not_found: "providers.test.problem.notFound",
  not_openai_compatible: "providers.test.problem.notCompatible",
  blocked: "providers.test.problem.blocked",
  upstream_error: "providers.test.problem.upstream",
};

/**
 * What "Test connection" found: the models the server serves (each one can be registered), or
 * what went wrong in plain words.
 */
export function ConnectionResult({
  result,
  registeredNames,
  onRegister,
  registerHint,
  className,
}: {
  result: Result;
  /** Served model ids already registered with this provider as an endpoint. */
  registeredNames?: ReadonlySet<string>;
  /** Omitted for people who cannot register models. */
  onRegister?: (modelName: string) => void;
  registerHint?: string;
  className?: string;
}) {
  const t = useT();
  if (!result.ok) {
    return (
      <Alert className={className}>
        <p className="font-medium">{t(PROBLEM_TITLES[result.problem])}</p>
        <p className="mt-0.5 break-words">{result.message}</p>
      </Alert>
    );
  }
  return (
    <div role="status" className={cn("border-success/30 overflow-hidden rounded-lg border", className)}>
      <div className="bg-success-soft text-success flex flex-wrap items-center gap-x-2 gap-y-0.5 px-3 py-2.5 text-[13px]">
        <CircleCheck className="size-4 shrink-0" aria-hidden />
        <span className="font-medium">{t("providers.test.ok", { ms: result.latencyMs })}</span>
        <span className="opacity-80">{result.models.length === 1 ? t("providers.test.modelCountOne") : t("providers.test.modelCount", { count: result.models.length })}</span>
      </div>
      {result.models.length === 0 ? (
        <p className="text-muted-foreground px-3 py-3 text-[13px]">{t("providers.test.noModels")}</p>
      ) : (
        <>
          {onRegister && registerHint && <p className="text-muted-foreground border-border border-b px-3 py-2 text-xs">{registerHint}</p>}
          <ul aria-label={t("providers.test.servedModels")} className="divide-border max-h-56 divide-y overflow-y-auto">
            {result.models.map((name) => {
              const registered = registeredNames?.has(name) ?? false;
              return (
                <li key={name} className="flex items-center gap-3 px-3 py-1.5">
                  <span className="text-foreground min-w-0 flex-1 truncate font-mono text-xs" title={name}>
                    {name}
                  </span>
                  {registered ? (
                    <Badge tone="success">{t("providers.test.registered")}</Badge>
                  ) : (
                    onRegister && (
                      <Button variant="ghost" size="sm" className="h-7 px-2" onClick={() => onRegister(name)} aria-label={t("providers.test.registerLabel", { name })}>
                        <Plus className="size-3.5" aria-hidden />
                        {t("providers.test.register")}
                      </Button>
                    )
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
