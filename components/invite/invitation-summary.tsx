import type { ReactNode } from "react";
import { WorkspaceAvatar } from "../workspace/workspace-avatar";

/** The workspace an invitation leads to, with who sent it and the role it grants. */
export function InvitationSummary({ workspaceName, invitedByLine, roleBadge, details }: { workspaceName: string; invitedByLine: string; roleBadge: ReactNode; details?: ReactNode }) {
  return (
    <div className="bg-background border-border mb-6 rounded-xl border p-4">
      <div className="flex items-center gap-3">
        <WorkspaceAvatar id={workspaceName} name={workspaceName} className="size-10 rounded-xl text-base" />
        <div className="min-w-0 flex-1">
          <div className="text-foreground truncate text-[15px] font-semibold">{workspaceName}</div>
          <div className="text-muted-foreground truncate text-xs">{invitedByLine}</div>
        </div>
        {roleBadge}
      </div>
      {details && <div className="text-muted-foreground border-border mt-3 border-t pt-3 text-xs leading-5">{details}</div>}
    </div>
  );
}
