"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";

/** Lines → keywords (blank lines dropped); shared by the moderation panel and the assistant settings. */
export function parseKeywordLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** A keyword list edited as one keyword per line; the text is kept locally so a new empty line can be typed. */
export function KeywordListField({
  label,
  hint,
  error,
  value,
  onChange,
  disabled,
}: {
  label: string;
  hint?: string;
  error?: string;
  value: readonly string[];
  onChange: (keywords: string[]) => void;
  disabled?: boolean;
}) {
  const [text, setText] = useState(() => value.join("\n"));
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <Textarea
          {...control}
          rows={4}
          value={text}
          disabled={disabled}
          onChange={(e) => {
            setText(e.target.value);
            onChange(parseKeywordLines(e.target.value));
          }}
        />
      )}
    </Field>
  );
}
