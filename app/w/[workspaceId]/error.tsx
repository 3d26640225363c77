"use client";

import { RotateCw } from "lucide-react";
import { useT } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/states";

/** A page inside the workspace failed to render: say so, keep the shell, offer a retry. */
export default function WorkspaceError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT();
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-16 sm:px-8">
      <ErrorState
        title={t("common.pageError.title")}
        message={
          <>
            {t("common.pageError.description")}
            {error.digest && <span className="text-subtle mt-2 block font-mono text-xs">{t("common.pageError.reference", { id: error.digest })}</span>}
          </>
        }
        action={
          <Button variant="secondary" size="sm" onClick={reset}>
            <RotateCw className="size-4" aria-hidden />
            {t("common.retry")}
          </Button>
        }
      />
    </div>
  );
}
