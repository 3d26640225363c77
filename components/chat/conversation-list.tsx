"use client";

import { useState } from "react";
import { MessageSquarePlus, Pencil, Trash2 } from "lucide-react";
import { useT } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ChatConversationSummary } from "./chat-transport";

interface ConversationListProps {
  conversations: ChatConversationSummary[] | null;
  error: string | null;
  currentId: string | null;
  onOpen(id: string | null): void;
  onRename(id: string, name: string): Promise<void>;
  onDelete(id: string): Promise<void>;
}

export function ConversationList({ conversations, error, currentId, onOpen, onRename, onDelete }: ConversationListProps) {
  const t = useT();
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [deleting, setDeleting] = useState<ChatConversationSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [deletePending, setDeletePending] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const confirmDelete = () => {
    if (!deleting) return;
    setDeletePending(true);
    setDeleteError(null);
    onDelete(deleting.id)
      .then(() => {
        if (deleting.id === currentId) onOpen(null);
        setDeleting(null);
      })
      .catch((cause: unknown) => setDeleteError(cause instanceof Error ? cause.message : String(cause)))
      .finally(() => setDeletePending(false));
  };

  return (
    <nav aria-label={t("chat.conversations")} className="flex h-full flex-col gap-2">
      <Button variant="secondary" size="sm" onClick={() => onOpen(null)}>
        <MessageSquarePlus className="size-4" aria-hidden />
        {t("chat.newChat")}
      </Button>
      {error && <p className="text-danger text-[12px]">{error}</p>}
      {problem && <p className="text-danger text-[12px]">{problem}</p>}
      {conversations === null && !error && <p className="text-muted-foreground text-[12px]">{t("chat.loadingConversations")}</p>}
      {conversations?.length === 0 && <p className="text-muted-foreground text-[12px]">{t("chat.noConversations")}</p>}
      <ul className="flex-1 space-y-0.5 overflow-y-auto">
        {conversations?.map((c) => (
          <li key={c.id} className={cn("group flex items-center gap-1 rounded-md", c.id === currentId && "bg-accent")}>
            {editing?.id === c.id ? (
              <form
                className="flex-1"
                onSubmit={(event) => {
                  event.preventDefault();
                  setProblem(null);
                  onRename(c.id, editing.name)
                    .then(() => setEditing(null))
                    .catch((cause: unknown) => setProblem(cause instanceof Error ? cause.message : String(cause)));
                }}
              >
                <input
                  autoFocus
                  aria-label={t("chat.renameLabel")}
                  value={editing.name}
                  maxLength={100}
                  onChange={(event) => setEditing({ id: c.id, name: event.target.value })}
                  onKeyDown={(event) => event.key === "Escape" && setEditing(null)}
                  className="border-border bg-background h-7 w-full rounded border px-2 text-[13px]"
                />
              </form>
            ) : (
              <button type="button" onClick={() => onOpen(c.id)} className="flex-1 truncate px-2 py-1.5 text-left text-[13px]" title={c.name}>
                {c.name || t("chat.untitled")}
              </button>
            )}
            <Button variant="ghost" size="icon" aria-label={t("chat.rename")} className="opacity-0 group-hover:opacity-100 focus:opacity-100" onClick={() => setEditing({ id: c.id, name: c.name })}>
              <Pencil className="size-3.5" aria-hidden />
            </Button>
            <Button variant="danger-ghost" size="icon" aria-label={t("chat.delete")} className="opacity-0 group-hover:opacity-100 focus:opacity-100" onClick={() => setDeleting(c)}>
              <Trash2 className="size-3.5" aria-hidden />
            </Button>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => {
          setDeleting(null);
          setDeleteError(null);
        }}
        title={t("chat.deleteTitle")}
        description={t("chat.deleteDescription", { name: deleting?.name ?? "" })}
        confirmLabel={t("chat.delete")}
        onConfirm={confirmDelete}
        pending={deletePending}
        error={deleteError}
      />
    </nav>
  );
}
