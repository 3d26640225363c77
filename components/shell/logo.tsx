import { cn } from "../ui/cn";

/** The Agentloom mark: threads woven through a node, on the primary colour. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={cn("size-8", className)} aria-hidden>
      <rect width="32" height="32" rx="9" className="fill-primary" />
      <path d="M8 11.5c5 0 5 9 10 9s5-9 6-9" fill="none" stroke="white" strokeWidth="2.2" strokeLinecap="round" />
      <path d="M8 20.5c5 0 5-9 10-9s5 9 6 9" fill="none" stroke="white" strokeOpacity=".55" strokeWidth="2.2" strokeLinecap="round" />
      <circle cx="16" cy="16" r="2.6" fill="white" />
    </svg>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2.5", className)}>
      <LogoMark />
      <span className="text-foreground text-[17px] font-semibold tracking-tight">Agentloom</span>
    </span>
  );
}
