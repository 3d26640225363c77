"use client";

import { useT } from "../i18n/i18n-provider";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { CopyButton } from "../ui/copy-button";
import { Dialog, DialogFooter } from "../ui/dialog";
import { Input } from "../ui/field";

/** Shows a newly created invitation link once, with a copy button. */
export function InvitationLinkDialog({ url, onClose }: { url: string | null; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog open={url !== null} onClose={onClose} title={t("invitations.created.title")} description={t("invitations.created.description")} closeLabel={t("common.close")} size="lg">
      {url && (
        <>
          <div className="flex gap-2">
            <Input readOnly value={url} aria-label={t("invitations.created.linkLabel")} onFocus={(e) => e.currentTarget.select()} className="font-mono text-xs" />
            <CopyButton text={url} label={t("common.copy")} copiedLabel={t("common.copied")} />
          </div>
          <Alert tone="info" className="mt-4">
            {t("invitations.created.onlyOnce")}
          </Alert>
          <DialogFooter>
            <Button onClick={onClose}>{t("common.done")}</Button>
          </DialogFooter>
        </>
      )}
    </Dialog>
  );
}
