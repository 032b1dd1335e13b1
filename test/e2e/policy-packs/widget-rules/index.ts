import { PolicyPack } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";

const WIDGET_TYPE = "pulumi-nodejs:dynamic/policy-fixture:Widget";

// One policy of each enforcement level, plus a config schema, which is all the
// engine-to-host path varies on. The stack's name in the mandatory message
// proves that the stack settings reached the pack before it started.
new PolicyPack("widget-rules", {
  policies: [
    {
      name: "widget-size-limit",
      description: "A widget's size stays within the configured limit.",
      enforcementLevel: "mandatory",
      configSchema: { properties: { maxSize: { type: "integer", default: 10 } } },
      validateResource: (args, reportViolation) => {
        if (args.type !== WIDGET_TYPE) return;
        const { maxSize } = args.getConfig<{ maxSize: number }>();
        const size = Number(args.props.size);
        if (size > maxSize) reportViolation(`widget ${args.name} in stack ${pulumi.getStack()} has size ${size}, above the limit of ${maxSize}`);
      },
    },
    {
      name: "widget-label-required",
      description: "Every widget has a label.",
      enforcementLevel: "advisory",
      validateResource: (args, reportViolation) => {
        if (args.type === WIDGET_TYPE && !args.props.label) reportViolation(`widget ${args.name} has no label`);
      },
    },
  ],
});
