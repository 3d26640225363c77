import type { Metadata } from "next";
import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { LinkIcon } from "lucide-react";
import { AuthCard } from "@/components/auth/auth-card";
import { AuthFrame } from "@/components/auth/auth-frame";
import { authHref } from "@/components/auth/callback-url";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { AcceptInvitation } from "@/components/invite/accept-invitation";
import { InvitationSummary } from "@/components/invite/invitation-summary";
import { RoleBadge } from "@/components/workspace/role-badge";
import { serverCaller } from "@/server/api/server-caller";
import { auth } from "@/server/auth/auth";
import type { MessageKey } from "@/server/i18n/messages/en";
import { getLocale, getT } from "@/server/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("invite.title") };
}

/** Why a link cannot be used, in the reader's language when the reason is one we know. */
function problemKey(error: TRPCError): MessageKey | null {
  if (error.code === "NOT_FOUND") return "invite.error.invalid";
  if (error.code === "BAD_REQUEST" && /expired/i.test(error.message)) return "invite.error.expired";
  if (error.code === "BAD_REQUEST" && /used/i.test(error.message)) return "invite.error.used";
  return null;
}

const linkButton = "inline-flex h-9 w-full items-center justify-center rounded-lg px-4 text-sm font-medium shadow-xs transition-colors";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [t, locale, session, caller] = await Promise.all([getT(), getLocale(), auth(), serverCaller()]);
  const callbackUrl = `/invite/${encodeURIComponent(token)}`;

  const preview = await caller.invitations.preview({ token }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") return error;
    throw error;
  });

  if (preview instanceof TRPCError) {
    const key = problemKey(preview);
    return (
      <AuthFrame>
        <AuthCard title={t("invite.unusable.title")} footer={<Link href="/" className="text-primary font-medium hover:underline">{t("notFound.home")}</Link>}>
          <div className="flex items-start gap-3">
            <div className="bg-danger-soft text-danger flex size-9 shrink-0 items-center justify-center rounded-full">
              <LinkIcon className="size-4" aria-hidden />
            </div>
            <p role="alert" className="text-muted-foreground text-sm leading-6">
              {key ? t(key) : preview.message} {t("invite.unusable.help")}
            </p>
          </div>
        </AuthCard>
      </AuthFrame>
    );
  }

  const expires = new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(preview.expiresAt);
  const details = (
    <>
      {t("invite.expires", { date: expires })}
      {preview.email && <> · {t("invite.forEmail", { email: preview.email })}</>}
    </>
  );
  const signedInEmail = session?.user?.email;

  return (
    <AuthFrame>
      <AuthCard
        title={t("invite.title")}
        description={t("invite.description", { name: preview.invitedBy, workspace: preview.workspaceName })}
        footer={signedInEmail ? <SignOutButton label={t("invite.switchAccount")} redirectTo={callbackUrl} size="sm" /> : undefined}
      >
        <InvitationSummary
          workspaceName={preview.workspaceName}
          invitedByLine={t("invite.invitedBy", { name: preview.invitedBy })}
          roleBadge={<RoleBadge role={preview.role} />}
          details={details}
        />
        {signedInEmail ? (
          <div className="space-y-3">
            <p className="text-muted-foreground text-sm">{t("invite.signedInAs", { email: signedInEmail })}</p>
            <AcceptInvitation token={token} />
          </div>
        ) : (
          <div className="space-y-2.5">
            <p className="text-muted-foreground mb-4 text-sm">{t("invite.signedOutHelp")}</p>
            <Link href={authHref("/sign-in", callbackUrl)} className={`${linkButton} bg-primary text-primary-foreground hover:bg-primary-hover`}>
              {t("invite.signInToAccept")}
            </Link>
            <Link href={authHref("/sign-up", callbackUrl)} className={`${linkButton} border-border-strong bg-card text-foreground hover:bg-accent border`}>
              {t("invite.createAccount")}
            </Link>
          </div>
        )}
      </AuthCard>
    </AuthFrame>
  );
}
