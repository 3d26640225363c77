import type { LucideIcon } from "lucide-react";

export interface FeatureHighlight {
  icon: LucideIcon;
  title: string;
  description: string;
}

/**
 * The empty state of a section whose building tools are still on the way: what will be listed
 * here, when it arrives, and what kinds of things it will hold.
 */
export function FeatureEmptyState({
  icon: Icon,
  title,
  description,
  availability,
  highlightsLabel,
  highlights,
}: {
  icon: LucideIcon;
  title: string;
  description: string;
  availability: string;
  highlightsLabel: string;
  highlights: FeatureHighlight[];
}) {
  return (
    <section aria-label={title} className="bg-card border-border overflow-hidden rounded-2xl border">
      <div className="flex flex-col items-center px-6 pt-12 pb-10 text-center">
        <div className="relative mb-5">
          <div className="bg-primary-soft absolute -inset-3 rounded-3xl" aria-hidden />
          <div className="bg-card text-primary border-border relative flex size-14 items-center justify-center rounded-2xl border shadow-sm">
            <Icon className="size-7" aria-hidden />
          </div>
        </div>
        <h2 className="text-foreground text-base font-semibold">{title}</h2>
        <p className="text-muted-foreground mt-2 max-w-lg text-sm leading-6">{description}</p>
        <p className="bg-muted text-muted-foreground mt-4 inline-flex items-center rounded-full px-3 py-1 text-xs font-medium">{availability}</p>
      </div>
      <div className="bg-background/60 border-border border-t px-6 py-5">
        <h3 className="text-subtle mb-3 text-xs font-medium tracking-wide uppercase">{highlightsLabel}</h3>
        <ul className="grid gap-3 sm:grid-cols-3">
          {highlights.map(({ icon: HighlightIcon, title: highlightTitle, description: text }) => (
            <li key={highlightTitle} className="bg-card border-border flex gap-3 rounded-xl border p-3.5">
              <HighlightIcon className="text-primary mt-0.5 size-4 shrink-0" aria-hidden />
              <div className="min-w-0">
                <div className="text-foreground text-[13px] font-medium">{highlightTitle}</div>
                <div className="text-muted-foreground mt-0.5 text-xs leading-5">{text}</div>
              </div>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
