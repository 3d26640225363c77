import { all, create, type MathNode } from "mathjs";
import { z } from "zod";
import { defineBuiltinTool, ToolError } from "../builtin-tool";

/**
 * Arithmetic through mathjs's parser, never eval/Function. mathjs expressions are a language of
 * their own (assignments, function definitions, matrices, ranges like 1:1e9, units, strings,
 * property access), so instead of disabling risky functions one by one (mathjs's security
 * notes) the parsed tree is checked against an allow-list: numbers, arithmetic operators,
 * parentheses, a few constants and pure numeric functions. Anything else is refused before
 * evaluation, which also rules out memory-hungry inputs.
 */
// predictable: sqrt(-1) is NaN (reported as an error) instead of a complex number. The typings
// declare `all` possibly undefined only because they destructure it from an index signature.
const math = create(all!, { predictable: true });

const OPERATORS: ReadonlySet<string> = new Set(["add", "subtract", "multiply", "divide", "pow", "mod", "unaryMinus", "unaryPlus", "factorial"]);
const CONSTANTS: ReadonlySet<string> = new Set(["pi", "e", "tau", "phi"]);
const FUNCTIONS: ReadonlySet<string> = new Set([
  "abs",
  "ceil",
  "floor",
  "round",
  "fix",
  "sign",
  "sqrt",
  "cbrt",
  "exp",
  "log",
  "log10",
  "log2",
  "pow",
  "mod",
  "min",
  "max",
  "hypot",
  "gcd",
  "lcm",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "atan2",
  "sinh",
  "cosh",
  "tanh",
]);

const MAX_EXPRESSION_LENGTH = 1000;

const parameters = z.strictObject({
  expression: z
    .string()
    .trim()
    .min(1, "Give an expression to calculate")
    .max(MAX_EXPRESSION_LENGTH, `Expressions are limited to ${MAX_EXPRESSION_LENGTH} characters`)
    .describe("An arithmetic expression, e.g. (1200 * 0.15) / 12 or sqrt(2) ^ 3. Supports + - * / ^ %, parentheses, pi, e and functions like sqrt, round, min, max, log, sin."),
});

/** The first construct outside the allow-list, described for the user; null when all allowed. */
function findDisallowed(root: MathNode): string | null {
  let problem: string | null = null;
  root.traverse((node, path, parent) => {
    if (problem !== null) return;
    if (math.isConstantNode(node)) {
      if (typeof node.value !== "number") problem = "only numbers are allowed as values";
    } else if (math.isOperatorNode(node)) {
      if (!OPERATORS.has(node.fn)) problem = `the operator "${node.op}" is not supported`;
    } else if (math.isFunctionNode(node)) {
      const name = math.isSymbolNode(node.fn) ? node.fn.name : null;
      if (name === null || !FUNCTIONS.has(name)) problem = `the function "${name ?? node.fn.toString()}" is not supported`;
    } else if (math.isSymbolNode(node)) {
      // A function's own name is a SymbolNode child of its FunctionNode, checked above.
      const isFunctionName = parent !== null && math.isFunctionNode(parent) && path === "fn";
      if (!isFunctionName && !CONSTANTS.has(node.name)) problem = `"${node.name}" is not a known constant (use numbers, pi or e)`;
    } else if (!math.isParenthesisNode(node)) {
      problem = "only arithmetic is supported (no variables, assignments, matrices, ranges, units or comparisons)";
    }
  });
  return problem;
}

/** Float noise such as 0.1 + 0.2 = 0.30000000000000004 is not what a calculator should show. */
function tidy(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(15));
}

export const calculatorTool = defineBuiltinTool({
  name: "calculator",
  description: "Evaluates an arithmetic expression exactly and returns the number. Use it for any calculation instead of doing math in your head.",
  parameters,
  run: async ({ expression }) => {
    let tree: MathNode;
    try {
      tree = math.parse(expression);
    } catch (error) {
      throw new ToolError(`Cannot read the expression "${expression}": ${error instanceof Error ? error.message : String(error)}`);
    }
    const problem = findDisallowed(tree);
    if (problem !== null) throw new ToolError(`Cannot calculate "${expression}": ${problem}`);

    let value: unknown;
    try {
      value = tree.evaluate();
    } catch (error) {
      throw new ToolError(`Cannot calculate "${expression}": ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof value !== "number") throw new ToolError(`Cannot calculate "${expression}": the result is not a single number`);
    if (Number.isNaN(value)) throw new ToolError(`Cannot calculate "${expression}": the result is undefined (for example the square root or logarithm of a negative number)`);
    if (!Number.isFinite(value)) throw new ToolError(`Cannot calculate "${expression}": the result is infinite (division by zero or a number too large)`);
    return { expression, result: tidy(value) };
  },
});
