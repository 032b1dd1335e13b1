/**
 * The resource types a CleanTalk Access key is stored under. The TypeScript
 * SDK registers a dynamic resource (`pulumi.dynamic.Resource` with module
 * "cleantalk" and type "AccessKey"); the provider plugin registers its own
 * token. Both keep the same inputs and the same `details` layout, so readers
 * of state (the fleet view, the policy pack) treat them alike.
 */
export const ACCESS_KEY_TYPES = ["pulumi-nodejs:dynamic/cleantalk:AccessKey", "cleantalk:index:AccessKey"] as const;

export type AccessKeyType = (typeof ACCESS_KEY_TYPES)[number];

export function isAccessKeyType(type: string): type is AccessKeyType {
  return (ACCESS_KEY_TYPES as readonly string[]).includes(type);
}

/** A resource's name in its program: the last part of its URN (`urn:pulumi:stack::project::type::name`). */
export function resourceNameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}
