import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { isAccessKeyType } from "../provider/domain/access-key-types";
import { adoptSteps, dueNotice } from "../provider/domain/runbook";
import { DAY_MS } from "../provider/domain/schedule";
import { type KeyStanding, keyStandingAt } from "../provider/schema/key-standing";
import { type ExportedKeyOutputs, exportedKeyOutputsSchema } from "../provider/schema/state-export";
import { rawProps } from "./raw-props";

/**
 * Stack policies: whether a key is due, expired or invalid is in its stored
 * outputs (`details`), and only stack policies see outputs. The engine runs
 * them at the end of a preview, on the outputs the deployment would leave,
 * and again at the end of `pulumi up`, on the outputs it did leave.
 *
 * At preview, a key the plan keeps has its recorded outputs, judged at the
 * preview's clock. A key the plan creates, updates or replaces has no
 * outputs yet (the dynamic provider computes none at preview), so it is
 * judged after the update instead. An expired or invalid key is always
 * planned for replacement by this provider; a preview flags one when the
 * deployment leaves it in place (`--target`, `--exclude`), and `pulumi up`
 * flags any that is still there afterwards.
 */

interface StoredKey {
  readonly resource: PolicyResource;
  readonly outputs: ExportedKeyOutputs;
  readonly standing: KeyStanding;
}

/** The stack's keys that have recorded outputs, where each stands now. */
function storedKeys(resources: readonly PolicyResource[], now: Date): StoredKey[] {
  return resources.flatMap((resource) => {
    if (!isAccessKeyType(resource.type)) return [];
    // Raw values: a key being changed by this deployment has unknown or no
    // details at preview, which @pulumi/policy's proxy would throw on.
    const parsed = exportedKeyOutputsSchema.safeParse(rawProps(resource.props));
    if (!parsed.success) return [];
    return [{ resource, outputs: parsed.data, standing: keyStandingAt(parsed.data.details, parsed.data.website, now) }];
  });
}

function describe(key: StoredKey): string {
  return `key '${key.resource.name}' for ${key.standing.hostnames.join(", ")} (${key.outputs.details.fingerprint})`;
}

function steps(key: StoredKey): string {
  return `Fix:\n${adoptSteps(key.standing.hostnames)
    .map((step, i) => `  ${i + 1}. ${step}`)
    .join("\n")}`;
}

export const usableKeysPolicy: StackValidationPolicy = {
  name: "cleantalk-no-expired-or-invalid-keys",
  description: "No key in the stack is expired, or invalid (refused by CleanTalk at the last refresh).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation: ReportViolation) => {
    const now = new Date();
    for (const key of storedKeys(args.resources, now)) {
      if (key.standing.state === "invalid") {
        reportViolation(`${describe(key)} is no longer accepted by CleanTalk (recorded by the last refresh).\n${steps(key)}`, key.resource.urn);
      } else if (key.standing.state === "expired" && key.outputs.details.expiresAt !== undefined) {
        const { expiresAt } = key.outputs.details;
        // Whole days since expiry, rounded down (daysLeft rounds the other way: −1 a second after).
        const ago = Math.floor((now.getTime() - Date.parse(expiresAt)) / DAY_MS);
        const when = ago === 0 ? "less than a day ago" : ago === 1 ? "1 day ago" : `${ago} days ago`;
        reportViolation(`${describe(key)} expired ${when}, on ${expiresAt.slice(0, 10)}.\n${steps(key)}`, key.resource.urn);
      }
    }
  },
};

export const dueKeysPolicy: StackValidationPolicy = {
  name: "cleantalk-due-keys",
  description: "Reports keys that are due: inside their renewBefore window, still working, to be replaced from the dashboard.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation: ReportViolation) => {
    for (const key of storedKeys(args.resources, new Date())) {
      if (key.standing.state !== "due" || key.outputs.details.expiresAt === undefined) continue;
      reportViolation(
        dueNotice({
          resource: key.resource.name,
          hostnames: key.standing.hostnames,
          fingerprint: key.outputs.details.fingerprint,
          expiresAt: key.outputs.details.expiresAt,
          daysLeft: key.standing.daysLeft ?? 0,
        }),
        key.resource.urn,
      );
    }
  },
};
