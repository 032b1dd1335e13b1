import * as pulumi from "@pulumi/pulumi";

// One inline dynamic resource whose inputs come from stack config: a policy
// pack judges it (compliant or not, depending on the stack's config), and
// the S3 backend tests create it and read its state back.
const widgetProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "widget", outs: inputs };
  },
};

interface WidgetArgs {
  readonly size: pulumi.Input<number>;
  readonly label?: pulumi.Input<string> | undefined;
}

class Widget extends pulumi.dynamic.Resource {
  constructor(name: string, args: WidgetArgs) {
    super(widgetProvider, name, { ...args }, undefined, "policy-fixture", "Widget");
  }
}

const config = new pulumi.Config();
new Widget("widget", { size: config.requireNumber("size"), label: config.get("label") });
