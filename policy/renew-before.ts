import type { ResourceValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import { isAccessKeyType } from "../provider/domain/access-key-types";
import { formatDuration } from "../provider/domain/duration";
import { DAY_MS } from "../provider/domain/schedule";
import { keySchedule } from "./key-inputs";
import { policyConfig } from "./policy-config";

const NAME = "cleantalk-renew-before";
/**
 * A week: a team that deploys weekly then sees at least one KEY_DUE warning
 * while the old key still works, which is the point of the window.
 */
const DEFAULT_MINIMUM_DAYS = 7;
const configSchema = z.object({ minimumDays: z.number().int().min(0).max(3650).default(DEFAULT_MINIMUM_DAYS) });

/** A resource policy: renewBefore (or its default, from maxAge) is known from the inputs at preview. */
export const renewBeforePolicy: ResourceValidationPolicy = {
  name: NAME,
  description: `A key becomes due at least the configured number of days before it expires (default ${DEFAULT_MINIMUM_DAYS}).`,
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      minimumDays: { type: "integer", minimum: 0, maximum: 3650, default: DEFAULT_MINIMUM_DAYS, description: "The shortest renewBefore allowed, in days." },
    },
  },
  validateResource: (args, reportViolation) => {
    if (!isAccessKeyType(args.type)) return;
    const { minimumDays } = policyConfig(NAME, configSchema, args.getConfig());
    const schedule = keySchedule(args.props);
    // maxAge "never": no expiry, so no window to judge.
    if (schedule === undefined || schedule.maxAgeMs === null) return;
    if (schedule.renewBeforeMs < minimumDays * DAY_MS) {
      reportViolation(
        `key '${args.name}' becomes due only ${formatDuration(schedule.renewBeforeMs)} before it expires (renewBefore), less than the ${minimumDays} days this stack asks for; ` +
          `set renewBefore to "${minimumDays}d" or more, so a new key is generated and rolled out while the old one still works.`,
      );
    }
  },
};
