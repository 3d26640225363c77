import { describe, expect, it } from "vitest";
import { duplicateNameProblems, variableNameProblem, variableNameSchema } from "./variable-name";

describe("variable names", () => {
  it("accept identifier-like names", () => {
    for (const name of ["a", "_x", "user_name2", "A".repeat(64)]) expect(variableNameProblem(name), name).toBeUndefined();
  });

  it("refuse empty, long, non-identifier and prototype names with one message each", () => {
    expect(variableNameProblem("")).toBe("Name is required");
    expect(variableNameProblem("a".repeat(65))).toBe("Name is longer than 64 characters");
    expect(variableNameProblem("2nd")).toBe('"2nd" is not a valid name: use letters, digits and _, starting with a letter or _');
    expect(variableNameProblem("名字")).toMatch(/is not a valid name/);
    expect(variableNameProblem("a.b")).toMatch(/is not a valid name/);
    expect(variableNameProblem("constructor")).toBe('"constructor" is reserved; choose another name');
    expect(variableNameSchema.safeParse("x y").error?.issues).toHaveLength(1);
    expect(variableNameSchema.safeParse(5).success).toBe(false);
  });

  it("report each repeat of an earlier name", () => {
    expect(duplicateNameProblems([{ name: "a" }, { name: "b" }, { name: "a" }, { name: "a" }], "outputs", "output")).toEqual([
      { field: "outputs.2.name", message: 'Another output is already named "a"' },
      { field: "outputs.3.name", message: 'Another output is already named "a"' },
    ]);
  });
});
