import { effectiveSettings } from "../state/effective-settings";
import { scheduleFrom } from "../inputs/schedule";
import type { CheckedInputs, KeyCredentials, KeyDetails, KeyOutputs } from "../state/key-state";
import { keyFingerprint } from "./fingerprint";
import { storedHostnames, storedSites } from "../state/site-keys";
import type { KeyMaterial } from "./key-material";

export function scheduleOf(inputs: Pick<CheckedInputs, "rotationBase" | "maxAge" | "renewBefore">): { expiresAt: string; rotateAfter: string } {
  const { maxAgeMs, renewBeforeMs } = effectiveSettings(inputs);
  const schedule = scheduleFrom(new Date(inputs.rotationBase), maxAgeMs, renewBeforeMs);
  return { expiresAt: schedule.expiresAt.toISOString(), rotateAfter: schedule.rotateAfter.toISOString() };
}

/** Outputs = the checked inputs (so diff sees them as olds) plus what CleanTalk gave. */
export function buildOutputs(inputs: CheckedInputs, material: KeyMaterial, now: Date): KeyOutputs {
  const { authKey: _supplied, rotation: _rotation, keyInvalidated: _invalidated, ...settings } = inputs;
  // What can be rebuilt is not stored (a single site's entry, host names that
  // are the URLs' hosts, a valid status): the engine pays per stored value in
  // every checkpoint.
  const sites = storedSites(inputs.website, material.websites, material.authKey);
  const hostnames = storedHostnames(
    inputs.website,
    Object.values(material.websites).map((site) => site.hostname),
  );
  const credentials: KeyCredentials = {
    authKey: material.authKey,
    ...(material.userToken === undefined ? {} : { userToken: material.userToken }),
    ...(material.passwordHash === undefined ? {} : { passwordHash: material.passwordHash }),
    ...(sites === undefined ? {} : { sites }),
  };
  const details: KeyDetails = {
    fingerprint: keyFingerprint(material.authKey),
    createdAt: now.toISOString(),
    ...scheduleOf(inputs),
    source: material.source,
    ...(hostnames === undefined ? {} : { hostnames }),
    ...(material.serviceId === undefined ? {} : { serviceId: material.serviceId }),
  };
  return { ...settings, credentials, details };
}

/** Rebuilds the inputs check would have stored, for read to hand back with a flag. */
export function inputsFromOutputs(outputs: KeyOutputs): CheckedInputs {
  const { credentials, details, ...settings } = outputs;
  // A supplied key is also an input; read must hand it back unchanged.
  return details.source === "supplied" ? { ...settings, authKey: credentials.authKey } : settings;
}
