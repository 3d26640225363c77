import { describe, expect, it } from "vitest";
import { separatorsToText, textToSeparators } from "./separators";

describe("separator text", () => {
  it("round-trips invisible characters and backslashes", () => {
    const separators = ["\n\n", "\n", "。", ". ", "\t", "a\\b"];
    expect(separatorsToText(separators)).toBe("\\n\\n\n\\n\n。\n.\\s\n\\t\na\\\\b");
    expect(textToSeparators(separatorsToText(separators))).toEqual(separators);
  });

  it("drops the empty separator (the server always splits by character last) and blank lines", () => {
    expect(separatorsToText(["\n", ""])).toBe("\\n");
    expect(textToSeparators("\\n\n\n。")).toEqual(["\n", "。"]);
  });
});
