"use client";

import { useState, type DragEvent } from "react";
import { Search } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { cn } from "../ui/cn";
import { CATEGORY_ORDER, DRAG_MIME, NODE_CATALOG } from "./node-catalog";
import { CATEGORY_ACCENT, nodeIcon } from "./node-icons";
import { useNodeTypeText } from "./node-labels";

/**
 * Node types grouped by category with a search box: the palette (items can be dragged onto
 * the canvas or clicked) and the "insert on edge" menu (click only) share it.
 */
export function NodeTypeList({ onPick, draggable = false, exclude = [], autoFocus = false }: { onPick: (type: string) => void; draggable?: boolean; exclude?: readonly string[]; autoFocus?: boolean }) {
  const t = useT();
  const text = useNodeTypeText();
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  const entries = NODE_CATALOG.filter((e) => !exclude.includes(e.type)).filter((e) => {
    if (!needle) return true;
    const { label, description } = text(e.type);
    return `${label} ${description} ${e.type}`.toLowerCase().includes(needle);
  });
  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(DRAG_MIME, type);
    event.dataTransfer.effectAllowed = "move";
  };
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="relative px-3 pb-2">
        <Search className="text-subtle pointer-events-none absolute top-1/2 left-5.5 size-3.5 -translate-y-1/2 -mt-1" aria-hidden />
        <input
          type="search"
          value={query}
          autoFocus={autoFocus}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("canvas.palette.search")}
          aria-label={t("canvas.palette.search")}
          className="border-border-strong bg-card focus:border-primary h-8 w-full rounded-lg border pr-2 pl-7 text-[13px] outline-none"
        />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
        {entries.length === 0 && <p className="text-muted-foreground px-2 py-4 text-center text-xs">{t("canvas.palette.noMatch")}</p>}
        {CATEGORY_ORDER.map((category) => {
          const inCategory = entries.filter((e) => e.category === category);
          if (inCategory.length === 0) return null;
          return (
            <section key={category} aria-label={t(`canvas.category.${category}`)} className="mb-2">
              <h3 className="text-subtle px-2 pt-1 pb-1 text-[11px] font-medium tracking-wide uppercase">{t(`canvas.category.${category}`)}</h3>
              <ul>
                {inCategory.map((entry) => {
                  const Icon = nodeIcon(entry.icon);
                  const { label, description } = text(entry.type);
                  return (
                    <li key={entry.type}>
                      <button
                        type="button"
                        draggable={draggable}
                        onDragStart={(e) => onDragStart(e, entry.type)}
                        onClick={() => onPick(entry.type)}
                        title={description}
                        data-node-type={entry.type}
                        className={cn("hover:bg-accent flex w-full items-center gap-2 rounded-lg px-2 py-1.5 text-left text-[13px]", draggable && "cursor-grab active:cursor-grabbing")}
                      >
                        <span className={cn("flex size-5 shrink-0 items-center justify-center rounded text-white", CATEGORY_ACCENT[entry.category])}>
                          <Icon className="size-3" aria-hidden />
                        </span>
                        <span className="truncate">{label}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
