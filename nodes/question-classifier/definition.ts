import { z } from "zod";
import { FAIL_HANDLE, defineNode, type ConfigProblem } from "../node-definition";
import { IDENTIFIER_PATTERN, completionParamsSchema, jsonModeSchema, memorySchema, modelIdSchema, repeatedIndexes, templateSchema } from "../llm/model-settings";
import { unusedName } from "../variable-name";

const classSchema = z.strictObject({
  /** The branch handle this class's edges leave from; stable while names and descriptions change. */
  id: z.string().regex(IDENTIFIER_PATTERN, "Class ids start with a letter and use letters, digits or _ (max 64), e.g. class_1"),
  name: z.string().max(200, "Class names are at most 200 characters"),
  description: z.string().max(2000, "Descriptions are at most 2,000 characters").optional(),
});
export type QuestionClass = z.output<typeof classSchema>;

export const MAX_CLASSES = 50;

export const questionClassifierConfigSchema = z.strictObject({
  model: modelIdSchema,
  completionParams: completionParamsSchema,
  /** A template rather than a selector, so text from several variables can be classified together. */
  query: templateSchema.default("{{sys.query}}"),
  classes: z.array(classSchema).max(MAX_CLASSES, `At most ${MAX_CLASSES} classes`),
  /** Extra guidance for the model (e.g. how to treat ambiguous questions); may use variables. */
  instructions: templateSchema.default(""),
  memory: memorySchema,
  jsonMode: jsonModeSchema,
});
export type QuestionClassifierConfig = z.output<typeof questionClassifierConfigSchema>;

function validateClassifier(config: QuestionClassifierConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.query.trim() === "") problems.push({ field: "query", message: "Choose what to classify, e.g. {{sys.query}}" });
  if (config.classes.length < 2) problems.push({ field: "classes", message: "Add at least two classes to choose between" });
  config.classes.forEach((c, i) => {
    if (c.name.trim() === "") problems.push({ field: `classes.${i}.name`, message: "Name the class: the model chooses by name and description" });
    if (c.id === FAIL_HANDLE) problems.push({ field: `classes.${i}.id`, message: `"${FAIL_HANDLE}" is reserved for the error branch` });
  });
  for (const i of repeatedIndexes(config.classes, (c) => c.id)) {
    problems.push({ field: `classes.${i}.id`, message: "Another class already has this id" });
  }
  // The model may answer with a name instead of an id; two classes with one name could not be told apart.
  for (const i of repeatedIndexes(config.classes, (c) => c.name.trim().toLowerCase())) {
    if (config.classes[i]?.name.trim() !== "") problems.push({ field: `classes.${i}.name`, message: "Another class already has this name" });
  }
  return problems;
}

export const questionClassifierDefinition = defineNode<QuestionClassifierConfig>({
  type: "question-classifier",
  label: "Question classifier",
  icon: "split",
  category: "model",
  configSchema: questionClassifierConfigSchema,
  defaultConfig: {
    completionParams: {},
    query: "{{sys.query}}",
    classes: [
      { id: "class_1", name: "" },
      { id: "class_2", name: "" },
    ],
    instructions: "",
    memory: { enabled: false, window: 10 },
    jsonMode: "json_schema",
  },
  ports: (config) => ({ inputs: ["in"], outputs: config.classes.map((c) => c.id) }),
  outputs: () => [
    { name: "class_id", type: "string", description: "The id of the chosen class (also the branch taken)" },
    { name: "class_name", type: "string", description: "The name of the chosen class" },
    { name: "usage", type: "object", description: "{ inputTokens, outputTokens }" },
  ],
  validate: validateClassifier,
});

/** The next free `class_N` id, for a class added in the panel. */
export function nextClassId(classes: readonly QuestionClass[]): string {
  return unusedName("class_", classes.map((c) => c.id));
}
