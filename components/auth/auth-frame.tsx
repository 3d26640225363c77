import type { ReactNode } from "react";
import Link from "next/link";
import { LanguageSwitch } from "../i18n/language-switch";
import { Logo } from "../shell/logo";

/** The page around signed-out screens: logo, language switch and a centred column. */
export function AuthFrame({ children }: { children: ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-0 bg-[radial-gradient(ellipse_70%_50%_at_50%_-10%,var(--primary-soft),transparent)]"
      />
      <header className="relative flex items-center justify-between px-5 py-4 sm:px-8">
        <Link href="/" aria-label="Agentloom">
          <Logo />
        </Link>
        <LanguageSwitch />
      </header>
      <main className="relative flex flex-1 items-start justify-center px-4 pt-[6vh] pb-16 sm:items-center sm:pt-0">{children}</main>
    </div>
  );
}
