"use client";

import { useState } from "react";
import { FileText } from "lucide-react";
import type { Citation } from "@/nodes/llm/citations";
import { useLocale, useT } from "@/components/i18n/i18n-provider";
import { Dialog } from "@/components/ui/dialog";

/**
 * The knowledge sources of an answer: numbered chips matching the `[n]` markers the model was
 * asked to use; a chip opens the quoted chunk (document, relevance score, text).
 */
export function Citations({ citations, openPosition, onOpenChange }: { citations: readonly Citation[]; openPosition?: number | null; onOpenChange?: (position: number | null) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const [own, setOwn] = useState<number | null>(null);
  // Controlled when the answer's inline markers open sources too.
  const shown = onOpenChange ? (openPosition ?? null) : own;
  const setShown = onOpenChange ?? setOwn;
  const open = citations.find((c) => c.position === shown) ?? null;
  const setOpen = (c: Citation | null) => setShown(c ? c.position : null);
  if (citations.length === 0) return null;
  const name = (c: Citation) => c.documentName || t("chat.citations.untitled");
  return (
    <div className="mt-2" data-testid="chat-citations">
      <h4 className="text-muted-foreground mb-1 text-[11px] font-semibold tracking-wide uppercase">{t("chat.citations.title")}</h4>
      <ol className="flex flex-wrap gap-1.5">
        {citations.map((c) => (
          <li key={`${c.position}:${c.chunkId ?? ""}`}>
            <button
              type="button"
              onClick={() => setOpen(c)}
              aria-label={t("chat.citations.open", { position: c.position, name: name(c) })}
              className="border-border bg-background hover:bg-accent flex max-w-56 items-center gap-1 rounded-md border px-1.5 py-0.5 text-[12px]"
            >
              <span className="text-primary font-semibold tabular-nums">[{c.position}]</span>
              <FileText className="text-muted-foreground size-3 shrink-0" aria-hidden />
              <span className="truncate">{name(c)}</span>
            </button>
          </li>
        ))}
      </ol>
      <Dialog
        open={open !== null}
        onClose={() => setOpen(null)}
        closeLabel={t("common.close")}
        size="lg"
        title={open ? t("chat.citations.open", { position: open.position, name: name(open) }) : ""}
        description={
          open?.score !== null && open?.score !== undefined
            ? t("chat.citations.score", { score: new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(open.score) })
            : undefined
        }
      >
        {open && (
          <figure className="space-y-1">
            <figcaption className="text-muted-foreground text-[11px] font-semibold tracking-wide uppercase">{t("chat.citations.chunk")}</figcaption>
            <blockquote data-testid="citation-chunk" className="bg-muted max-h-96 overflow-auto rounded-lg p-3 text-[13px] leading-relaxed whitespace-pre-wrap">
              {open.content}
            </blockquote>
          </figure>
        )}
      </Dialog>
    </div>
  );
}
