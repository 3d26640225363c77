"use client";

import { useT } from "../i18n/i18n-provider";
import type { Role } from "../trpc/types";
import { Badge } from "../ui/badge";

export function RoleBadge({ role, className }: { role: Role; className?: string }) {
  const t = useT();
  return (
    <Badge tone={role === "owner" ? "primary" : role === "admin" ? "warning" : "neutral"} className={className}>
      {t(`role.${role}`)}
    </Badge>
  );
}
