import { forwardRef, type TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

/** A multi-line text box styled like Input (pass Field's control props to tie it to its label). */
export const Textarea = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement> & { invalid?: boolean }>(function Textarea(
  { className, invalid = false, ...props },
  ref,
) {
  return (
    <textarea
      ref={ref}
      aria-invalid={invalid || undefined}
      className={cn(
        "bg-card text-foreground placeholder:text-subtle w-full rounded-lg border px-3 py-2 text-sm shadow-xs focus:ring-3 focus:outline-none disabled:cursor-not-allowed disabled:opacity-60",
        invalid ? "border-danger focus:border-danger focus:ring-ring" : "border-border-strong focus:border-primary focus:ring-ring",
        className,
      )}
      {...props}
    />
  );
});
