import { describe, expect, it } from "vitest";
import { NodeError } from "@/server/engine/node-context";
import { createTestContext } from "@/server/engine/testing/test-context";
import { TEMPLATE_FILTERS } from "../references";
import { templateDefinition, type TemplateConfig } from "./definition";
import { executeTemplate } from "./execute";

describe("template definition", () => {
  it("is a plain in/out node with one string output", () => {
    const config = { template: "{{a.b}}" };
    expect(templateDefinition.ports(config)).toEqual({ inputs: ["in"], outputs: ["out"] });
    expect(templateDefinition.outputs(config)).toEqual([{ name: "output", type: "string", description: "The rendered text" }]);
    expect(templateDefinition.streams).toBeUndefined();
  });

  it("flags an empty template and every bad filter", () => {
    expect(templateDefinition.configSchema.safeParse(templateDefinition.defaultConfig).success).toBe(true);
    expect(templateDefinition.validate?.({ template: "" })).toEqual([{ field: "template", message: "Write the template; insert variables such as {{start.name}}" }]);
    expect(templateDefinition.validate?.({ template: "{{a.b | uper}} {{a.c | truncate: x}}" })).toEqual([
      { field: "template", message: `{{a.b | uper}}: unknown filter "uper" (known: ${TEMPLATE_FILTERS.join(", ")})` },
      { field: "template", message: '{{a.c | truncate: x}}: argument 1 of filter "truncate" must be a whole number of 0 or more, got x' },
    ]);
    expect(templateDefinition.validate?.({ template: "{{ a.b | join: \", \" | upper }}" })).toEqual([]);
  });

  it("rejects non-text, oversized and unknown config", () => {
    const issues = (c: unknown) => templateDefinition.configSchema.safeParse(c).error?.issues.map((i) => i.message);
    expect(issues({ template: null })).toEqual(["The template must be text"]);
    expect(issues({ template: "x".repeat(100_001) })).toEqual(["The template is longer than 100000 characters"]);
    expect(issues({ template: "x", engine: "jinja" })).toEqual(['Unrecognized key: "engine"']);
  });
});

describe("executeTemplate", () => {
  const values = {
    start: { name: "  ada  ", tags: ["math", "poetry"] },
    http_1: { body: { items: [{ title: "<b>One</b>" }, { title: "Two" }] } },
  };

  it("renders references with filters into one string", async () => {
    const { ctx } = createTestContext<TemplateConfig>({
      definition: templateDefinition,
      config: {
        template: [
          "Name: {{ start.name | trim | upper }}",
          'Tags: {{ start.tags | join: " & " }} ({{ start.tags | length }})',
          "First: {{ http_1.body.items | first | json }}",
          "Safe: {{ http_1.body.items.0.title | escape }}",
          'Missing: {{ start.age | default: "unknown" }} / [{{ start.age }}]',
          "Not code: {{ 1 + 1 }}",
        ].join("\n"),
      },
      values,
    });
    expect((await executeTemplate(ctx)).outputs.output).toBe(
      [
        "Name: ADA",
        "Tags: math & poetry (2)",
        'First: {\n  "title": "<b>One</b>"\n}',
        "Safe: &lt;b&gt;One&lt;/b&gt;",
        "Missing: unknown / []",
        "Not code: {{ 1 + 1 }}",
      ].join("\n"),
    );
  });

  it("fails without retry when the rendered text is over the size limit", async () => {
    const { ctx } = createTestContext<TemplateConfig>({
      definition: templateDefinition,
      config: { template: "{{big.text}}{{big.text}}" },
      values: { big: { text: "字".repeat(200_000) } },
    });
    const error = await executeTemplate(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect(error).toMatchObject({ code: "output_too_large", retryable: false, details: { bytes: 1_200_000, limit: 1024 * 1024 } });
    expect((error as NodeError).message).toBe("The rendered text is 1.1 MB, over the 1 MB limit; reference less data or cut it with | truncate: N");
  });

  it("stays under the limit when a filter cuts the value", async () => {
    const { ctx } = createTestContext<TemplateConfig>({
      definition: templateDefinition,
      config: { template: "{{big.text | truncate: 10, ''}}" },
      values: { big: { text: "字".repeat(2_000_000) } },
    });
    expect(await executeTemplate(ctx)).toEqual({ outputs: { output: "字".repeat(10) } });
  });
});
