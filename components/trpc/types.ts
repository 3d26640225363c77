import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type WorkspaceSummary = RouterOutputs["workspaces"]["list"][number];
export type Role = WorkspaceSummary["role"];
export type Member = RouterOutputs["members"]["list"][number];
export type Invitation = RouterOutputs["invitations"]["list"][number];
export type InvitationPreview = RouterOutputs["invitations"]["preview"];
