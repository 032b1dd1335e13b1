/**
 * The values @pulumi/policy hands a policy, without its proxies.
 *
 * It wraps `props` in proxies that throw on any value unknown at preview, and
 * (in a remediation) hand out a secret's plain value. A property's descriptor
 * is not trapped by either, so it is the wrapped object's own: an unknown
 * value's placeholder, or a `Secret` instance where the engine sent a secret.
 * Stack policies read keys this way to skip the ones a preview has not
 * computed yet, and the secrecy detector to see what was secret.
 */
export function rawValueOf(props: object, name: string): unknown {
  return Object.getOwnPropertyDescriptor(props, name)?.value;
}

export function rawProps(props: object): Record<string, unknown> {
  return Object.fromEntries(Object.keys(props).map((name) => [name, rawValueOf(props, name)]));
}
