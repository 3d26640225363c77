import type { ReactNode } from "react";
import { cn } from "./cn";

/** A native checkbox with its label (and an optional line of help) as one click target. */
export function Checkbox({
  checked,
  onCheckedChange,
  label,
  description,
  disabled,
  className,
}: {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  label: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <label className={cn("flex cursor-pointer items-start gap-2.5", disabled && "cursor-not-allowed opacity-60", className)}>
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onCheckedChange(e.target.checked)}
        className="accent-primary focus-visible:ring-ring mt-0.5 size-4 shrink-0 rounded focus-visible:ring-3 focus-visible:outline-none"
      />
      <span className="min-w-0">
        <span className="text-foreground block text-[13px] font-medium">{label}</span>
        {description && <span className="text-muted-foreground mt-0.5 block text-xs leading-5">{description}</span>}
      </span>
    </label>
  );
}
