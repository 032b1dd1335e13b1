import type { ResourceValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import { isAccessKeyType } from "../provider/domain/access-key-types";

const labelSchema = z.string().trim().min(1);

/** A resource policy: label is an input. Advisory by default: a missing label costs a reader time, not a key. */
export const labelRequiredPolicy: ResourceValidationPolicy = {
  name: "cleantalk-label-required",
  description: "Every key has a label, so the fleet view and the dashboard tell keys apart.",
  enforcementLevel: "advisory",
  validateResource: (args, reportViolation) => {
    if (!isAccessKeyType(args.type)) return;
    if (!labelSchema.safeParse(args.props.label).success) {
      reportViolation(`key '${args.name}' has no label; set label (e.g. "production contact forms") to say what the key is for.`);
    }
  },
};
