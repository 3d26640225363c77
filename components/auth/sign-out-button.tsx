"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { LogOut } from "lucide-react";
import { Button, type ButtonProps } from "../ui/button";

export function SignOutButton({ label, redirectTo = "/sign-in", ...props }: { label: string; redirectTo?: string } & Omit<ButtonProps, "onClick">) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      {...props}
      loading={pending}
      onClick={() => {
        setPending(true);
        void signOut({ redirectTo });
      }}
    >
      {!pending && <LogOut className="size-4" aria-hidden />}
      {label}
    </Button>
  );
}
