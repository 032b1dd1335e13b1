import { parseDuration } from "../inputs/duration";
import { scheduleFrom } from "../inputs/schedule";
import type { CheckedInputs, KeyCredentials, KeyDetails, KeyOutputs } from "../state/key-state";
import { keyFingerprint } from "./fingerprint";
import type { KeyMaterial } from "./key-material";

function durationMs(text: string): number {
  const parsed = parseDuration(text);
  // Only check writes these fields, always in a form parseDuration accepts.
  if (!parsed.ok) throw new Error(`stored duration is unreadable: ${parsed.reason}`);
  return parsed.ms;
}

export function scheduleOf(inputs: Pick<CheckedInputs, "rotationBase" | "maxAge" | "renewBefore">): { expiresAt: string; rotateAfter: string } {
  const schedule = scheduleFrom(new Date(inputs.rotationBase), durationMs(inputs.maxAge), durationMs(inputs.renewBefore));
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
  const details: KeyDetails = {
    fingerprint: keyFingerprint(material.authKey),
    createdAt: now.toISOString(),
    ...scheduleOf(inputs),
    source: material.source,
    keyStatus: "valid",
    hostnames: sites.map(([, site]) => site.hostname),
    ...(material.serviceId === undefined ? {} : { serviceId: material.serviceId }),
  };
  return { ...settings, credentials, details };
}

/** Rebuilds the inputs check would have stored, for read to hand back with a flag. */
export function inputsFromOutputs(outputs: KeyOutputs): CheckedInputs {
  const inputs: CheckedInputs = {
    email: outputs.email,
    website: outputs.website,
    productName: outputs.productName,
    maxAge: outputs.maxAge,
    renewBefore: outputs.renewBefore,
    rotationTriggers: outputs.rotationTriggers,
    rotationBase: outputs.rotationBase,
  };
  return {
    ...inputs,
    ...(outputs.platform === undefined ? {} : { platform: outputs.platform }),
    ...(outputs.label === undefined ? {} : { label: outputs.label }),
    // A supplied key is also an input; read must hand it back unchanged.
    ...(outputs.details.source === "supplied" ? { authKey: outputs.credentials.authKey } : {}),
  };
}
