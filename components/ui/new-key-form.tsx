"use client";

import { useState } from "react";
import { useT } from "@/components/i18n/i18n-provider";
import { Alert } from "./alert";
import { Button } from "./button";
import { CopyButton } from "./copy-button";
import { Input } from "./field";

/**
 * Names and creates an API key, then shows the new key once with a copy button (it is stored
 * hashed and cannot be shown again). The name clears when the key has been created.
 */
export function NewKeyForm({
  labels,
  onCreate,
  pending,
  error,
  createdKey,
  keyTestId,
}: {
  labels: { name: string; create: string; shownOnce: string };
  onCreate: (name: string) => Promise<unknown>;
  pending: boolean;
  error: string | null;
  createdKey: string | undefined;
  keyTestId: string;
}) {
  const t = useT();
  const [name, setName] = useState("");
  return (
    <>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          // A failure is shown through `error`; the name stays for another try.
          if (name.trim()) void onCreate(name).then(() => setName(""), () => undefined);
        }}
      >
        <Input aria-label={labels.name} placeholder={labels.name} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        <Button type="submit" disabled={!name.trim()} loading={pending}>
          {labels.create}
        </Button>
      </form>
      {error && <Alert>{error}</Alert>}
      {createdKey && (
        <Alert tone="info">
          <p className="mb-2 font-medium">{labels.shownOnce}</p>
          <div className="flex items-center gap-2">
            <code className="bg-card min-w-0 flex-1 truncate rounded px-2 py-1 font-mono text-xs" data-testid={keyTestId}>
              {createdKey}
            </code>
            <CopyButton text={createdKey} label={t("common.copy")} copiedLabel={t("common.copied")} />
          </div>
        </Alert>
      )}
    </>
  );
}
