import { adoptSteps } from "../domain/runbook";
import { LifecycleError } from "../errors/lifecycle-error";

/**
 * The refusals of the lifecycle, one per situation, each with its fix. Host
 * names only: messages never carry a key, token, password hash or email.
 */

export function accountExists(hostnames: readonly string[]): LifecycleError {
  return new LifecycleError(
    "ACCOUNT_EXISTS",
    `CleanTalk answered account_exists for ${hostnames.join(", ")}: the account already has this site and get_api_key no longer returns its key. Nothing was changed.`,
    {
      fix: [
        ...adoptSteps(hostnames),
        'If this resource was only renamed or moved in the program, do not generate a key: add an alias to the old name (aliases: [{ name: "<old name>" }]) or run `pulumi state rename`, then `pulumi up`.',
      ],
    },
  );
}

export function notRotated(hostnames: readonly string[]): LifecycleError {
  return new LifecycleError(
    "KEY_NOT_ROTATED",
    `A new key was demanded for ${hostnames.join(", ")}, but CleanTalk handed back the key already in use (it issues a new key for an existing site only from its dashboard). The current key and state are unchanged.`,
    { fix: adoptSteps(hostnames) },
  );
}

export function keyExpired(hostnames: readonly string[]): LifecycleError {
  return new LifecycleError(
    "KEY_EXPIRED",
    `The key for ${hostnames.join(", ")} is past its maxAge and CleanTalk's API gave no new one (it issues a new key for an existing site only from its dashboard). The current key and state are unchanged.`,
    { fix: [...adoptSteps(hostnames), 'Or, if this key should not expire by age, set maxAge: "never".'] },
  );
}

export function keyInvalid(hostnames: readonly string[]): LifecycleError {
  return new LifecycleError(
    "KEY_INVALID",
    `CleanTalk no longer accepts the key for ${hostnames.join(", ")} (found at the last refresh) and its API gave no new one: the key was probably regenerated in the dashboard. The current state is unchanged.`,
    { fix: adoptSteps(hostnames) },
  );
}

export function keyRejected(hostnames: readonly string[]): LifecycleError {
  return new LifecycleError(
    "KEY_REJECTED",
    `CleanTalk does not accept the supplied authKey for ${hostnames.join(", ")} (notice_paid_till: not valid). Nothing was changed.`,
    {
      fix: [
        "Copy the key currently shown for that site and product in the CleanTalk dashboard (a key regenerated since is a new key), or generate one.",
        ...adoptSteps(hostnames).slice(1),
      ],
    },
  );
}

/** Why the key of an incomplete multi-site create is recorded although the step failed. */
export function incompleteReason(pendingHostnames: readonly string[]): string {
  return (
    `ACCOUNT_EXISTS: CleanTalk gave keys for some sites but answered account_exists for ${pendingHostnames.join(", ")}; the keys it gave are kept in state.\n` +
    `Fix:\n${adoptSteps(pendingHostnames)
      .map((step, i) => `  ${i + 1}. ${step}`)
      .join("\n")}\n  The next \`pulumi up\` adds the supplied keys in place and keeps the others.`
  );
}
