import Link from "next/link";
import { Compass } from "lucide-react";
import { AuthFrame } from "@/components/auth/auth-frame";
import { getT } from "@/server/i18n/server";

export default async function NotFound() {
  const t = await getT();
  return (
    <AuthFrame>
      <div className="flex max-w-md flex-col items-center text-center">
        <div className="bg-card text-primary border-border mb-5 flex size-14 items-center justify-center rounded-2xl border shadow-sm">
          <Compass className="size-7" aria-hidden />
        </div>
        <p className="text-primary text-sm font-semibold">404</p>
        <h1 className="text-foreground mt-1 text-2xl font-semibold tracking-tight">{t("notFound.title")}</h1>
        <p className="text-muted-foreground mt-2 text-sm leading-6">{t("notFound.description")}</p>
        <Link href="/" className="bg-primary text-primary-foreground hover:bg-primary-hover mt-6 inline-flex h-9 items-center rounded-lg px-4 text-sm font-medium shadow-xs">
          {t("notFound.home")}
        </Link>
      </div>
    </AuthFrame>
  );
}
