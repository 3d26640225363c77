import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "./cn";

const controlClass =
  "h-9 w-full rounded-lg border bg-card px-3 text-sm text-foreground shadow-xs transition-colors placeholder:text-subtle " +
  "focus:border-primary focus:ring-ring focus:ring-3 focus:outline-none disabled:cursor-not-allowed disabled:opacity-60";

function borderFor(invalid: boolean): string {
  return invalid ? "border-danger focus:border-danger" : "border-border-strong";
}

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean }>(
  function Input({ className, invalid = false, ...props }, ref) {
    return <input ref={ref} aria-invalid={invalid || undefined} className={cn(controlClass, borderFor(invalid), className)} {...props} />;
  },
);

export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean }>(
  function Select({ className, invalid = false, children, ...props }, ref) {
    return (
      <div className={cn("relative", className)}>
        <select
          ref={ref}
          aria-invalid={invalid || undefined}
          className={cn(controlClass, borderFor(invalid), "appearance-none pr-8")}
          {...props}
        >
          {children}
        </select>
        <ChevronDown className="text-muted-foreground pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2" aria-hidden />
      </div>
    );
  },
);

interface FieldProps {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  /** Renders the control with the ids that tie it to its label, hint and error. */
  children: (control: { id: string; "aria-describedby"?: string; invalid: boolean }) => ReactNode;
  className?: string;
  labelAside?: ReactNode;
}

/** A labelled form control with an optional hint and an error shown right under it. */
export function Field({ label, error, hint, children, className, labelAside }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("space-y-1.5", className)}>
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-foreground text-[13px] font-medium">
          {label}
        </label>
        {labelAside}
      </div>
      {children({ id, "aria-describedby": describedBy, invalid: Boolean(error) })}
      {error && (
        <p id={errorId} className="text-danger text-[13px]" role="alert">
          {error}
        </p>
      )}
      {hint && !error && (
        <div id={hintId} className="text-muted-foreground text-xs">
          {hint}
        </div>
      )}
    </div>
  );
}
