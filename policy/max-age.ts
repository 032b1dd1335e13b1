import type { ResourceValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import { isAccessKeyType } from "../provider/domain/access-key-types";
import { formatDuration } from "../provider/domain/duration";
import { durationMs, durationSetting, keySchedule } from "./key-inputs";
import { policyConfig } from "./policy-config";

const NAME = "cleantalk-max-age";
/** CleanTalk keys are "active for 365 days": a longer maxAge outlives the key it describes. */
const DEFAULT_LIMIT = "365d";
const configSchema = z.object({ maxAge: durationSetting.default(DEFAULT_LIMIT) });

/**
 * A resource policy: maxAge is an input, known at preview, so a key that
 * would be declared with too long a life is refused before it is created.
 */
export const maxAgePolicy: ResourceValidationPolicy = {
  name: NAME,
  description: `A key's maxAge is at most the configured limit (default ${DEFAULT_LIMIT}, CleanTalk's key lifetime), and not "never".`,
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      maxAge: { type: "string", default: DEFAULT_LIMIT, pattern: "^(\\d{1,6}[smhdw])+$", description: 'The longest maxAge allowed, e.g. "365d" or "90d".' },
    },
  },
  validateResource: (args, reportViolation) => {
    if (!isAccessKeyType(args.type)) return;
    const { maxAge: limit } = policyConfig(NAME, configSchema, args.getConfig());
    const limitMs = durationMs(limit) ?? 0;
    const schedule = keySchedule(args.props);
    if (schedule === undefined) return;
    const fix = `set maxAge to ${limit} or less (CleanTalk keys are active for 365 days; a key kept longer stops working before Pulumi rotates it).`;
    if (schedule.maxAgeMs === null) {
      reportViolation(`key '${args.name}' has maxAge "never", so it is never rotated by age; ${fix}`);
    } else if (schedule.maxAgeMs > limitMs) {
      reportViolation(`key '${args.name}' has maxAge ${formatDuration(schedule.maxAgeMs)}, longer than the ${limit} this stack allows; ${fix}`);
    }
  },
};
