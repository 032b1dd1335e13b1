// @ts-check
/**
 * The provider of the "stored floor" (bench/programs/minimal with `stored:
 * key`): the floor's empty create, returning what a CleantalkAccessKey stores
 * for one provisioned site, field for field and of the same lengths (its
 * inputs echoed, one secret object, one public object), with no validation,
 * API call or fingerprint.
 *
 * A package of its own, installed into the program's node_modules, for the
 * reason ours is: Pulumi then stores it as a `require` of the package, so
 * its serialised provider is as small as a key's and the comparison is of
 * the stored values alone.
 */

/** @type {import("@pulumi/pulumi").dynamic.ResourceProvider} */
const storedKeyProvider = {
  async create(inputs) {
    const ms = Number(process.env.BENCH_CREATE_SLEEP_MS ?? "0");
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    const createdAt = Date.now();
    const iso = (/** @type {number} */ days) => new Date(createdAt + days * 86_400_000).toISOString();
    const credentials = { authKey: "k".repeat(13), userToken: "t".repeat(32), passwordHash: "h".repeat(32), salt: "s".repeat(22) };
    const details = {
      fingerprint: "ctk_0123456789",
      createdAt: iso(0),
      expiresAt: iso(365),
      rotateAfter: iso(335),
      source: "provisioned",
      serviceId: 123456789,
    };
    return { id: "fixed", outs: { email: inputs.email, website: inputs.website, credentials, details } };
  },
};

module.exports = storedKeyProvider;
