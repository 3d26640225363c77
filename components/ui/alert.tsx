import type { ReactNode } from "react";
import { CircleAlert, Info } from "lucide-react";
import { cn } from "./cn";

/** An inline message box; `tone="error"` is announced to screen readers. */
export function Alert({ tone = "error", children, className }: { tone?: "error" | "info"; children: ReactNode; className?: string }) {
  const Icon = tone === "error" ? CircleAlert : Info;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "flex items-start gap-2 rounded-lg border px-3 py-2.5 text-[13px] leading-5",
        tone === "error" ? "border-danger/25 bg-danger-soft text-danger" : "border-primary/20 bg-primary-soft text-primary",
        className,
      )}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
