"use client";

import { useRef, type ReactNode } from "react";
import { cn } from "../ui/cn";

/**
 * A row of mutually exclusive options (a radio group drawn as buttons): arrow keys move the
 * choice, and only the chosen option is in the tab order.
 */
export function SegmentedControl<T extends string | number>({
  label,
  value,
  options,
  onChange,
  disabled,
  className,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: ReactNode }[];
  onChange: (value: T) => void;
  disabled?: boolean;
  className?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  function onKeyDown(event: React.KeyboardEvent, index: number) {
    const step = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + options.length) % options.length;
    const option = options[next];
    if (!option) return;
    onChange(option.value);
    refs.current[next]?.focus();
  }
  return (
    <div role="radiogroup" aria-label={label} aria-disabled={disabled || undefined} className={cn("bg-muted inline-flex rounded-lg p-0.5", disabled && "opacity-60", className)}>
      {options.map((option, index) => {
        const checked = option.value === value;
        return (
          <button
            key={String(option.value)}
            ref={(el) => {
              refs.current[index] = el;
            }}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            disabled={disabled}
            onClick={() => onChange(option.value)}
            onKeyDown={(event) => onKeyDown(event, index)}
            className={cn(
              "h-7 flex-1 rounded-md px-3 text-[13px] font-medium whitespace-nowrap transition-colors",
              "focus-visible:ring-ring focus-visible:ring-3 focus-visible:outline-none disabled:cursor-not-allowed",
              checked ? "bg-card text-foreground shadow-xs" : "text-muted-foreground hover:text-foreground",
            )}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
