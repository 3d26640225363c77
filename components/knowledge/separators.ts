/**
 * Separators are edited one per line, with invisible characters written as escapes:
 * \n (new line), \t (tab), \s (space) and \\ (backslash).
 */
export function separatorsToText(separators: readonly string[]): string {
  return separators
    .filter((s) => s !== "")
    .map((s) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(/ /g, "\\s"))
    .join("\n");
}

export function textToSeparators(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.replace(/\\(\\|n|t|s)/g, (_, c: string) => ({ "\\": "\\", n: "\n", t: "\t", s: " " })[c] ?? c));
}
