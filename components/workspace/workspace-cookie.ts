/** Cookie remembering the last workspace opened, so `/` can return to it. */
export const WORKSPACE_COOKIE = "agentloom-workspace";

/** Browser only. */
export function rememberWorkspace(workspaceId: string): void {
  document.cookie = `${WORKSPACE_COOKIE}=${encodeURIComponent(workspaceId)}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
}
