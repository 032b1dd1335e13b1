import { effectiveSettings } from "../state/effective-settings";
import { scheduleFrom } from "../inputs/schedule";
import type { CheckedInputs, KeyCredentials, KeyDetails, KeyOutputs } from "../state/key-state";
import { keyFingerprint } from "./fingerprint";
import { hostnameOf, type KeyMaterial } from "./key-material";

export function scheduleOf(inputs: Pick<CheckedInputs, "rotationBase" | "maxAge" | "renewBefore">): { expiresAt: string; rotateAfter: string } {
  const { maxAgeMs, renewBeforeMs } = effectiveSettings(inputs);
  const schedule = scheduleFrom(new Date(inputs.rotationBase), maxAgeMs, renewBeforeMs);
  return { expiresAt: schedule.expiresAt.toISOString(), rotateAfter: schedule.rotateAfter.toISOString() };
}

/** Outputs = the checked inputs (so diff sees them as olds) plus what CleanTalk gave. */
export function buildOutputs(inputs: CheckedInputs, material: KeyMaterial, now: Date): KeyOutputs {
  const { authKey: _supplied, rotation: _rotation, keyInvalidated: _invalidated, ...settings } = inputs;
  const sites = Object.entries(material.websites);
  // One site's entry is rebuilt from website, hostnames and authKey (siteKeys);
  // only a key of several sites stores its map.
  const singleSite = sites.length === 1 && inputs.website.length === 1 && sites[0]?.[0] === inputs.website[0] && sites[0]?.[1].authKey === material.authKey;
  const credentials: KeyCredentials = {
    authKey: material.authKey,
    ...(material.userToken === undefined ? {} : { userToken: material.userToken }),
    ...(material.passwordHash === undefined ? {} : { passwordHash: material.passwordHash }),
    ...(singleSite ? {} : { sites: material.websites }),
  };
  // Absent values (a valid key, host names that are the URLs' hosts) are not
  // stored: the engine pays per stored value in every checkpoint.
  const hostnames = sites.map(([, site]) => site.hostname);
  const urlHosts = inputs.website.map(hostnameOf);
  const hostnamesDiffer = hostnames.length !== urlHosts.length || hostnames.some((host, i) => host !== urlHosts[i]);
  const details: KeyDetails = {
    fingerprint: keyFingerprint(material.authKey),
    createdAt: now.toISOString(),
    ...scheduleOf(inputs),
    source: material.source,
    ...(hostnamesDiffer ? { hostnames } : {}),
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
