"use client";

import { useState, type ReactNode } from "react";
import { useT } from "../i18n/i18n-provider";
import { Alert } from "./alert";
import { Button } from "./button";
import { Dialog, DialogFooter } from "./dialog";
import { Field, Input } from "./field";

interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  error?: string | null;
  tone?: "danger" | "primary";
  /** When set, the confirm button stays disabled until this exact text is typed. */
  typeToConfirm?: { text: string; label: ReactNode };
}

/** Asks before a destructive action; shows the server's error in place if the action fails. */
export function ConfirmDialog({
  open,
  onClose,
  title,
  description,
  confirmLabel,
  onConfirm,
  pending = false,
  error,
  tone = "danger",
  typeToConfirm,
}: ConfirmDialogProps) {
  const t = useT();
  const [typed, setTyped] = useState("");
  const confirmed = !typeToConfirm || typed.trim() === typeToConfirm.text;
  const close = () => {
    setTyped("");
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title={title} description={description} closeLabel={t("common.close")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (confirmed) onConfirm();
        }}
        className="space-y-4"
      >
        {typeToConfirm && (
          <Field label={typeToConfirm.label}>
            {({ invalid, ...control }) => (
              <Input {...control} invalid={invalid} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />
            )}
          </Field>
        )}
        {error && <Alert>{error}</Alert>}
        <DialogFooter>
          <Button variant="secondary" onClick={close}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" variant={tone === "danger" ? "danger" : "primary"} loading={pending} disabled={!confirmed}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
