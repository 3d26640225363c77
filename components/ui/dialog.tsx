"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { X } from "lucide-react";
import { cn } from "./cn";

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  size?: "md" | "lg" | "xl";
  closeLabel: string;
}

/**
 * A modal built on the native <dialog>: the browser provides the focus trap, Escape to close and
 * the inert background. Content is only mounted while open so forms start fresh each time.
 */
export function Dialog({ open, onClose, title, description, children, size = "md", closeLabel }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={(event) => {
        // React passes a nested dialog's (e.g. a confirmation's) close up the tree: only our own closes us.
        if (event.target === event.currentTarget) onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className={cn(
        "bg-card text-foreground m-auto w-[calc(100%-2rem)] rounded-2xl border border-border p-0 shadow-2xl",
        "backdrop:bg-black/45 backdrop:backdrop-blur-[1px]",
        size === "xl" ? "max-w-2xl" : size === "lg" ? "max-w-lg" : "max-w-md",
      )}
    >
      {open && (
        <div className="p-6">
          <div className="mb-5 flex items-start justify-between gap-4">
            <div className="space-y-1.5">
              <h2 id={titleId} className="text-base font-semibold">
                {title}
              </h2>
              {description && (
                <div id={descriptionId} className="text-muted-foreground text-sm leading-6">
                  {description}
                </div>
              )}
            </div>
            <button
              type="button"
              onClick={onClose}
              aria-label={closeLabel}
              className="text-muted-foreground hover:bg-accent hover:text-foreground -mt-1 -mr-2 rounded-md p-1.5"
            >
              <X className="size-4" aria-hidden />
            </button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}

export function DialogFooter({ children }: { children: ReactNode }) {
  return <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">{children}</div>;
}
