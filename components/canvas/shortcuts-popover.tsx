"use client";

import { useCallback, useState } from "react";
import { Keyboard } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { SHORTCUTS } from "./shortcuts";
import { useDismiss } from "./use-dismiss";

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export function ShortcutsPopover() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const root = useDismiss<HTMLDivElement>(open, useCallback(() => setOpen(false), []));
  const mod = isMac() ? "⌘" : "Ctrl";
  return (
    <div ref={root} className="relative">
      <button type="button" aria-expanded={open} aria-label={t("canvas.shortcuts.title")} title={t("canvas.shortcuts.title")} onClick={() => setOpen((o) => !o)} className="text-muted-foreground hover:bg-accent hover:text-foreground flex size-8 items-center justify-center rounded-lg">
        <Keyboard className="size-4" aria-hidden />
      </button>
      {open && (
        <div role="dialog" aria-label={t("canvas.shortcuts.title")} className="bg-popover border-border absolute top-full right-0 z-50 mt-1.5 w-80 rounded-xl border p-3 shadow-lg" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
          <h2 className="mb-2 text-sm font-semibold">{t("canvas.shortcuts.title")}</h2>
          <dl className="space-y-1.5">
            {SHORTCUTS.map((s) => (
              <div key={s.label} className="flex items-center justify-between gap-3 text-[13px]">
                <dt className="text-muted-foreground">{t(s.label)}</dt>
                <dd className="flex gap-1">
                  {s.keys.map((k) => (
                    <kbd key={k} className="bg-muted border-border rounded border px-1.5 font-mono text-[11px]">
                      {k === "Mod" ? mod : k}
                    </kbd>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
