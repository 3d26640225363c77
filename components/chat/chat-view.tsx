"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { PanelLeft, SendHorizontal, X } from "lucide-react";
import { useT } from "@/components/i18n/i18n-provider";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ChatMarkdown } from "./chat-markdown";
import { ChatMessage } from "./chat-message";
import type { ChatConversationSummary, ChatTransport } from "./chat-transport";
import { ConversationList } from "./conversation-list";
import { useChat } from "./use-chat";

export interface ChatViewProps {
  transport: ChatTransport;
  title?: string;
  /** Shown before the first message (markdown). */
  welcome?: string;
  /** Chips that send a ready-made question. */
  suggestions?: string[];
  /** Declared inputs the conversation starts with. */
  inputs?: Record<string, unknown>;
  /** A form for `inputs`, shown until the conversation starts. */
  inputsForm?: ReactNode;
  /** False while `inputsForm` is incomplete: sending waits for it. */
  inputsReady?: boolean;
  showConversations?: boolean;
  /** Theme colour of the share link / widget. */
  accentColor?: string;
  /** A close button in the header (the widget). */
  onClose?: () => void;
  className?: string;
}

/** The one chat UI: debug chat, share link and widget. */
export function ChatView({
  transport,
  title,
  welcome,
  suggestions = [],
  inputs = {},
  inputsForm,
  inputsReady = true,
  showConversations = true,
  accentColor,
  onClose,
  className,
}: ChatViewProps) {
  const t = useT();
  const [conversations, setConversations] = useState<ChatConversationSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [draft, setDraft] = useState("");
  const bottom = useRef<HTMLDivElement>(null);

  const refreshConversations = useCallback(() => {
    if (!showConversations) return;
    transport
      .listConversations()
      .then((list) => {
        setConversations(list);
        setListError(null);
      })
      .catch((cause: unknown) => setListError(cause instanceof Error ? cause.message : String(cause)));
  }, [transport, showConversations]);

  const chat = useChat(transport, { onConversationsChanged: refreshConversations });
  useEffect(refreshConversations, [refreshConversations]);
  useEffect(() => {
    // Braces matter: newer browsers return a promise from scrollIntoView, and an effect must return nothing.
    void bottom.current?.scrollIntoView({ block: "end" });
  }, [chat.entries]);

  const started = chat.entries.length > 0 || chat.conversationId !== null;
  const lastEntry = chat.entries.at(-1);
  const canSend = !chat.answering && (started || inputsReady);
  const submit = (text: string) => {
    const query = text.trim();
    if (!query || !canSend) return;
    setDraft("");
    void chat.send(query, inputs);
  };

  return (
    <div className={cn("bg-background flex h-full min-h-0 w-full", className)} style={accentColor ? ({ "--color-primary": accentColor } as React.CSSProperties) : undefined}>
      {showConversations && (
        <aside className={cn("border-border w-60 shrink-0 border-r p-3 max-md:absolute max-md:inset-y-0 max-md:left-0 max-md:z-20 max-md:bg-card max-md:shadow-lg", !sidebarOpen && "max-md:hidden")}>
          <ConversationList
            conversations={conversations}
            error={listError}
            currentId={chat.conversationId}
            onOpen={(id) => {
              setSidebarOpen(false);
              void chat.openConversation(id);
            }}
            onRename={async (id, name) => {
              await transport.renameConversation(id, name);
              refreshConversations();
            }}
            onDelete={async (id) => {
              await transport.deleteConversation(id);
              refreshConversations();
            }}
          />
        </aside>
      )}
      <section className="flex min-w-0 flex-1 flex-col">
        <header className="border-border flex h-12 shrink-0 items-center gap-2 border-b px-3">
          {showConversations && (
            <Button variant="ghost" size="icon" className="md:hidden" aria-label={t("chat.conversations")} onClick={() => setSidebarOpen((open) => !open)}>
              <PanelLeft className="size-4" aria-hidden />
            </Button>
          )}
          <h1 className="flex-1 truncate text-[15px] font-semibold">{title ?? t("chat.title")}</h1>
          {onClose && (
            <Button variant="ghost" size="icon" aria-label={t("common.close")} onClick={onClose}>
              <X className="size-4" aria-hidden />
            </Button>
          )}
        </header>
        <div className="flex-1 overflow-y-auto px-4 py-4">
          <div className="mx-auto max-w-3xl space-y-4">
            {!started && welcome && (
              <div className="border-border bg-card rounded-2xl border px-4 py-3">
                <ChatMarkdown text={welcome} />
              </div>
            )}
            {!started && inputsForm}
            {chat.error && <Alert>{chat.error}</Alert>}
            {chat.loading && <p className="text-muted-foreground text-[13px]">{t("chat.loadingMessages")}</p>}
            <ol aria-label={t("chat.messages")} className="space-y-5">
              {chat.entries.map((entry, index) => (
                <ChatMessage
                  key={entry.id}
                  entry={entry}
                  last={index === chat.entries.length - 1}
                  onStop={(id) => void chat.stop(id)}
                  onRegenerate={(query) => submit(query)}
                  onRate={(id, rating, feedback) => void chat.rate(id, rating, feedback)}
                />
              ))}
            </ol>
            {!started && <SuggestionChips label={t("chat.suggestions")} questions={suggestions} disabled={!canSend} onPick={submit} />}
            {lastEntry?.status === "done" && <SuggestionChips label={t("chat.followUps")} questions={lastEntry.suggestions ?? []} disabled={!canSend} onPick={submit} />}
            <div ref={bottom} />
          </div>
        </div>
        <form
          className="border-border mx-auto flex w-full max-w-3xl items-end gap-2 border-t p-3"
          onSubmit={(event) => {
            event.preventDefault();
            submit(draft);
          }}
        >
          <textarea
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              // Enter sends, Shift+Enter is a new line; IME composition (Chinese input) never sends.
              if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit(draft);
              }
            }}
            rows={1}
            maxLength={20_000}
            placeholder={inputsReady || started ? t("chat.placeholder") : t("chat.fillInputsFirst")}
            aria-label={t("chat.inputLabel")}
            className="border-border bg-card max-h-40 min-h-10 flex-1 resize-none rounded-xl border px-3 py-2 text-[14px]"
          />
          <Button type="submit" size="icon" aria-label={t("chat.send")} disabled={!canSend || !draft.trim()} className="size-10 rounded-xl">
            <SendHorizontal className="size-4" aria-hidden />
          </Button>
        </form>
      </section>
    </div>
  );
}

/** Questions sent with one click: the starters of an empty chat, or the follow-ups under the last answer. */
function SuggestionChips({ label, questions, disabled, onPick }: { label: string; questions: readonly string[]; disabled: boolean; onPick: (question: string) => void }) {
  if (questions.length === 0) return null;
  return (
    <div className="flex flex-wrap gap-2" role="group" aria-label={label}>
      {questions.map((q) => (
        <button key={q} type="button" disabled={disabled} onClick={() => onPick(q)} className="border-border hover:bg-accent rounded-full border px-3 py-1 text-[13px] disabled:opacity-50">
          {q}
        </button>
      ))}
    </div>
  );
}
