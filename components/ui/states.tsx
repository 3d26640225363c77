import type { ReactNode } from "react";
import type { LucideIcon } from "lucide-react";
import { CircleAlert } from "lucide-react";
import { cn } from "./cn";

/** What an empty list looks like: an icon, what will appear here, and how to get there. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
  className,
}: {
  icon: LucideIcon;
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("flex flex-col items-center px-6 py-12 text-center", className)}>
      <div className="bg-card text-primary border-border mb-4 flex size-12 items-center justify-center rounded-xl border shadow-xs">
        <Icon className="size-6" aria-hidden />
      </div>
      <h3 className="text-foreground text-[15px] font-semibold">{title}</h3>
      {children && <div className="text-muted-foreground mt-1.5 max-w-md text-sm leading-6">{children}</div>}
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}

/** A failed load, with the reason and a way to try again. */
export function ErrorState({ title, message, action }: { title: ReactNode; message: ReactNode; action?: ReactNode }) {
  return (
    <div role="alert" className="flex flex-col items-center px-6 py-10 text-center">
      <div className="bg-danger-soft text-danger mb-3 flex size-10 items-center justify-center rounded-full">
        <CircleAlert className="size-5" aria-hidden />
      </div>
      <h3 className="text-foreground text-sm font-semibold">{title}</h3>
      <p className="text-muted-foreground mt-1 max-w-md text-sm">{message}</p>
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

/** Placeholder rows while a list loads. */
export function SkeletonRows({ rows = 3, label }: { rows?: number; label: string }) {
  return (
    <div role="status" aria-label={label} className="divide-border divide-y">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-3 px-4 py-3.5">
          <div className="bg-muted size-8 animate-pulse rounded-full" />
          <div className="flex-1 space-y-2">
            <div className="bg-muted h-3 w-1/3 animate-pulse rounded" />
            <div className="bg-muted h-2.5 w-1/2 animate-pulse rounded" />
          </div>
        </div>
      ))}
    </div>
  );
}
