"use client";

import { memo, useMemo, useState, type ReactNode } from "react";
import { Check, Copy, RotateCcw, Square, ThumbsDown, ThumbsUp } from "lucide-react";
import { useT } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { copyText } from "@/components/ui/copy-text";
import { Spinner } from "@/components/ui/spinner";
import { ChatMarkdown } from "./chat-markdown";
import { Citations } from "./citations";
import type { ChatRating } from "./chat-transport";
import type { ChatEntry } from "./use-chat";
import type { Citation } from "@/nodes/llm/citations";

interface ChatMessageProps {
  entry: ChatEntry;
  /** Only the last answer can be regenerated. */
  last: boolean;
  onStop(id: string): void;
  onRegenerate(query: string): void;
  onRate(id: string, rating: ChatRating, feedback: string): void;
}

const NO_CITATIONS: Citation[] = [];

export const ChatMessage = memo(function ChatMessage({ entry, last, onStop, onRegenerate, onRate }: ChatMessageProps) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const [asking, setAsking] = useState(false);
  const [feedback, setFeedback] = useState("");
  const [source, setSource] = useState<number | null>(null);
  const citations = (entry.status === "done" && entry.citations) || NO_CITATIONS;
  const positions = useMemo(() => citations.map((c) => c.position), [citations]);
  const answering = entry.status === "answering";

  const copy = async () => {
    await copyText(entry.answer);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <li className="space-y-2" data-testid="chat-turn">
      <div className="bg-primary text-primary-foreground ml-auto w-fit max-w-[85%] rounded-2xl rounded-br-sm px-3.5 py-2 text-[14px] whitespace-pre-wrap">{entry.query}</div>
      <div className="mr-auto max-w-[92%]">
        <div
          data-testid="chat-answer"
          aria-live={answering ? "polite" : undefined}
          className={cn("border-border bg-card rounded-2xl rounded-bl-sm border px-3.5 py-2", entry.status === "failed" && "border-danger/40 bg-danger-soft")}
        >
          {entry.answer && <ChatMarkdown text={entry.answer} citations={positions} onCite={setSource} />}
          {answering && !entry.answer && <Spinner label={t("chat.thinking")} />}
          {entry.status === "failed" && <p className="text-danger text-[13px]">{entry.error ?? t("chat.failed")}</p>}
          {entry.status === "stopped" && <p className="text-muted-foreground text-[12px]">{t("chat.stopped")}</p>}
          <Citations citations={citations} openPosition={source} onOpenChange={setSource} />
        </div>
        <div className="mt-1 flex items-center gap-0.5">
          {answering && !entry.pending && (
            <Button variant="ghost" size="sm" onClick={() => onStop(entry.id)}>
              <Square className="size-3.5" aria-hidden />
              {t("chat.stop")}
            </Button>
          )}
          {!answering && entry.answer && (
            <Button variant="ghost" size="icon" aria-label={copied ? t("chat.copied") : t("chat.copy")} onClick={() => void copy()}>
              {copied ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
            </Button>
          )}
          {!answering && last && (
            <Button variant="ghost" size="icon" aria-label={t("chat.regenerate")} onClick={() => onRegenerate(entry.query)}>
              <RotateCcw className="size-3.5" aria-hidden />
            </Button>
          )}
          {entry.status === "done" && !entry.pending && (
            <>
              <RateButton label={t("chat.like")} pressed={entry.rating === "like"} className="text-primary" onClick={() => onRate(entry.id, entry.rating === "like" ? null : "like", "")}>
                <ThumbsUp className="size-3.5" aria-hidden />
              </RateButton>
              <RateButton label={t("chat.dislike")} pressed={entry.rating === "dislike"} className="text-danger" onClick={() => (entry.rating === "dislike" ? onRate(entry.id, null, "") : setAsking(true))}>
                <ThumbsDown className="size-3.5" aria-hidden />
              </RateButton>
            </>
          )}
        </div>
        {asking && (
          <form
            className="mt-1 flex gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              onRate(entry.id, "dislike", feedback.trim());
              setAsking(false);
              setFeedback("");
            }}
          >
            <input
              autoFocus
              maxLength={2000}
              value={feedback}
              onChange={(event) => setFeedback(event.target.value)}
              placeholder={t("chat.feedbackPlaceholder")}
              aria-label={t("chat.feedbackLabel")}
              className="border-border bg-background h-8 flex-1 rounded-md border px-2 text-[13px]"
            />
            <Button type="submit" size="sm" variant="secondary">
              {t("chat.sendFeedback")}
            </Button>
          </form>
        )}
      </div>
    </li>
  );
});

function RateButton({ label, pressed, className, onClick, children }: { label: string; pressed: boolean; className: string; onClick(): void; children: ReactNode }) {
  return (
    <Button variant="ghost" size="icon" aria-label={label} aria-pressed={pressed} className={cn(pressed && className)} onClick={onClick}>
      {children}
    </Button>
  );
}
