import { getT } from "@/server/i18n/server";

/** Shown inside the shell while a workspace page renders on the server. */
export default async function WorkspaceLoading() {
  const t = await getT();
  return (
    <div role="status" aria-label={t("common.loading")} className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-8 sm:py-8">
      <div className="bg-muted h-6 w-40 animate-pulse rounded-md" />
      <div className="bg-muted mt-3 h-4 w-72 max-w-full animate-pulse rounded-md" />
      <div className="bg-card border-border mt-8 h-72 animate-pulse rounded-2xl border" />
    </div>
  );
}
