"use client";

import { useRef, useState } from "react";
import { Upload } from "lucide-react";
import { useT } from "../i18n/i18n-provider";
import { cn } from "../ui/cn";

/** Drop files here or click to choose them; `accept` lists extensions like ".pdf". */
export function FileDropZone({ accept, onFiles, hint }: { accept: readonly string[]; onFiles: (files: File[]) => void; hint: string }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      data-testid="file-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        onFiles([...e.dataTransfer.files]);
      }}
      className={cn("border-border-strong flex flex-col items-center gap-2 rounded-xl border-2 border-dashed px-4 py-8 text-center transition-colors", over && "border-primary bg-primary-soft")}
    >
      <Upload className="text-muted-foreground size-6" aria-hidden />
      <p className="text-sm">
        {t("knowledge.upload.drop")}{" "}
        <button type="button" className="text-primary font-medium underline-offset-2 hover:underline" onClick={() => input.current?.click()}>
          {t("knowledge.upload.choose")}
        </button>
      </p>
      <p className="text-muted-foreground text-xs">{hint}</p>
      <input
        ref={input}
        type="file"
        multiple
        accept={accept.join(",")}
        className="sr-only"
        aria-label={t("knowledge.upload.choose")}
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = "";
        }}
      />
    </div>
  );
}
