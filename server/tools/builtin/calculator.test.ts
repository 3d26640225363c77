import { describe, expect, it } from "vitest";
import type { GuardedFetch } from "../../security/http";
import { ToolError } from "../builtin-tool";
import { calculatorTool } from "./calculator";

const noNetwork: GuardedFetch = () => Promise.reject(new Error("calculator must not use the network"));
const calculate = (expression: string) =>
  calculatorTool.run(calculatorTool.parameters.parse({ expression }), { http: noNetwork, signal: new AbortController().signal });

async function refusal(expression: string): Promise<string> {
  const error = await calculate(expression).then(
    () => {
      throw new Error(`expected "${expression}" to be refused`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  return (error as ToolError).message;
}

describe("calculator", () => {
  it.each([
    ["2 + 3 * 4", 14],
    ["(1200 * 0.15) / 12", 15],
    ["0.1 + 0.2", 0.3],
    ["2 ^ 10", 1024],
    ["-(3 - 5)", 2],
    ["10 % 3", 1],
    ["5!", 120],
    ["sqrt(16) + cbrt(27)", 7],
    ["round(pi, 2)", 3.14],
    ["2pi", 6.28318530717959],
    ["max(1, 7, 3) - min(4, 2)", 5],
    ["log(e)", 1],
    ["log10(1000) + log(8, 2)", 6],
    ["abs(-2.5) * floor(2.7) + ceil(0.2)", 6],
    ["sin(pi / 2) + cos(0)", 2],
    ["9007199254740991", 9007199254740991],
  ])("%s = %d", async (expression, result) => {
    expect(await calculate(expression)).toEqual({ expression, result });
  });

  it.each([
    ["a = 5", "only arithmetic is supported"],
    ["f(x) = x ^ 2", "only arithmetic is supported"],
    ["1:1e9", "only arithmetic is supported"],
    ["[1, 2, 3]", "only arithmetic is supported"],
    ["{a: 1}", "only arithmetic is supported"],
    ["1 < 2", 'the operator "<" is not supported'],
    ["x + 1", '"x" is not a known constant'],
    ['"abc"', "only numbers are allowed as values"],
    ["zeros(1000000000)", 'the function "zeros" is not supported'],
    ['evaluate("1+1")', 'the function "evaluate" is not supported'],
    ["import({}, {override: true})", 'the function "import" is not supported'],
    ["createUnit('foo')", 'the function "createUnit" is not supported'],
    ["5 cm + 2 inch", '"cm" is not a known constant'],
    ["cos.constructor", "only arithmetic is supported"],
  ])("refuses %s", async (expression, reason) => {
    expect(await refusal(expression)).toContain(`Cannot calculate "${expression}": ${reason}`);
  });

  it("explains results that are not numbers", async () => {
    expect(await refusal("1 / 0")).toBe('Cannot calculate "1 / 0": the result is infinite (division by zero or a number too large)');
    expect(await refusal("sqrt(-1)")).toMatch(/the result is undefined/);
    expect(await refusal("2 +")).toMatch(/^Cannot read the expression "2 \+": Unexpected end of expression/);
  });

  it("limits the expression length", () => {
    expect(calculatorTool.parameters.safeParse({ expression: "1+".repeat(600) + "1" }).success).toBe(false);
    expect(calculatorTool.parameters.safeParse({ expression: "  " }).error?.issues[0]?.message).toBe("Give an expression to calculate");
  });
});
