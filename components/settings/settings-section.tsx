import type { ReactNode } from "react";
import { cn } from "../ui/cn";

/** A titled card on a settings page; `tone="danger"` for irreversible actions. */
export function SettingsSection({
  title,
  description,
  children,
  footer,
  tone = "default",
}: {
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  tone?: "default" | "danger";
}) {
  return (
    <section className={cn("bg-card overflow-hidden rounded-xl border", tone === "danger" ? "border-danger/30" : "border-border")}>
      <div className="px-5 py-4 sm:px-6 sm:py-5">
        <h2 className={cn("text-[15px] font-semibold", tone === "danger" ? "text-danger" : "text-foreground")}>{title}</h2>
        {description && <div className="text-muted-foreground mt-1 text-sm leading-6">{description}</div>}
        {children && <div className="mt-4">{children}</div>}
      </div>
      {footer && (
        <div className={cn("border-t px-5 py-3 sm:px-6", tone === "danger" ? "border-danger/20 bg-danger-soft/40" : "border-border bg-background/60")}>
          {footer}
        </div>
      )}
    </section>
  );
}
