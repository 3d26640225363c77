import { cn } from "../ui/cn";

const palette = [
  "bg-[#155eef] text-white",
  "bg-[#7839ee] text-white",
  "bg-[#dd2590] text-white",
  "bg-[#ef6820] text-white",
  "bg-[#099250] text-white",
  "bg-[#0e9384] text-white",
  "bg-[#4e5ba6] text-white",
];

function colorFor(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return palette[Math.abs(hash) % palette.length] ?? palette[0]!;
}

/** A coloured square with the first letter of the name; the colour is stable per id. */
export function WorkspaceAvatar({ id, name, className }: { id: string; name: string; className?: string }) {
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? "?";
  return (
    <span aria-hidden className={cn("flex size-7 shrink-0 items-center justify-center rounded-lg text-[13px] font-semibold", colorFor(id), className)}>
      {initial}
    </span>
  );
}

/** Round initials for a person. */
export function UserAvatar({ name, className }: { name: string; className?: string }) {
  const initials = name
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => Array.from(part)[0]?.toUpperCase() ?? "")
    .join("");
  return (
    <span aria-hidden className={cn("bg-primary-soft text-primary flex size-8 shrink-0 items-center justify-center rounded-full text-xs font-semibold", className)}>
      {initials || "?"}
    </span>
  );
}
