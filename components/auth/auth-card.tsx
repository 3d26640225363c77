import type { ReactNode } from "react";

/** The card every signed-out page (sign in, sign up, invitation) is built on. */
export function AuthCard({ title, description, children, footer }: { title: ReactNode; description?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="w-full max-w-[400px]">
      <div className="bg-card border-border rounded-2xl border px-6 py-8 shadow-[0_1px_3px_rgb(16_24_40/0.06),0_12px_32px_-12px_rgb(16_24_40/0.12)] sm:px-8">
        <div className="mb-6 space-y-1.5">
          <h1 className="text-foreground text-xl font-semibold tracking-tight">{title}</h1>
          {description && <div className="text-muted-foreground text-sm leading-6">{description}</div>}
        </div>
        {children}
      </div>
      {footer && <div className="text-muted-foreground mt-5 text-center text-sm">{footer}</div>}
    </div>
  );
}
