"use client";

import { RotateCw } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { errorMessage } from "../trpc/errors";
import { Button } from "./button";
import { ErrorState } from "./states";

/** A list that failed to load: what failed, the server's reason, and "Try again". */
export function QueryErrorState({ title, error, onRetry }: { title: string; error: unknown; onRetry: () => void }) {
  const t = useT();
  return (
    <ErrorState
      title={title}
      message={errorMessage(error, t)}
      action={
        <Button variant="secondary" size="sm" onClick={onRetry}>
          <RotateCw className="size-4" aria-hidden />
          {t("common.retry")}
        </Button>
      }
    />
  );
}
