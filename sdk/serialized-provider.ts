import type * as pulumi from "@pulumi/pulumi";
import type * as providerModule from "../provider";

type Runtime = typeof providerModule;

/**
 * The object Pulumi serialises into every CleantalkAccessKey's state and runs
 * in its dynamic-provider process.
 *
 * Each method only `require`s the provider by package name and delegates.
 * Capturing anything else would drag it into the serialised closure: a zod
 * schema built at module scope cannot be serialised at all ("bound _parse …
 * could not be serialized"), and a module-level undici agent would be copied
 * into state. Resolving by package name finds the copy installed beside the
 * user's program, so upgrading the package upgrades existing resources too.
 *
 * The object is this module's whole `module.exports` (`export =`), and the
 * package exports this file by its path. When the package is installed in
 * node_modules, Pulumi's serialiser recognises a module's exports and stores
 * `require("pulumi-cleantalk/dist/sdk/serialized-provider.js")` instead of the
 * seven functions, twice per key (inputs and outputs); bench/RESULTS.md §1
 * has both sizes. Where the package is not under node_modules (this
 * checkout, a linked copy), the functions are serialised by value, as above.
 */
const serializedProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return (require("pulumi-cleantalk/internal") as Runtime).dynamicProvider.configure(req);
  },
  async check(olds, news) {
    return (require("pulumi-cleantalk/internal") as Runtime).dynamicProvider.check(olds, news);
  },
  async diff(id, olds, news) {
    return (require("pulumi-cleantalk/internal") as Runtime).dynamicProvider.diff(id, olds, news);
  },
  async create(inputs) {
    return (require("pulumi-cleantalk/internal") as Runtime).dynamicProvider.create(inputs);
  },
  async read(id, props) {
    return (require("pulumi-cleantalk/internal") as Runtime).dynamicProvider.read(id, props ?? {});
  },
  async update(id, olds, news) {
    return (require("pulumi-cleantalk/internal") as Runtime).dynamicProvider.update(id, olds, news);
  },
  async delete(id, props) {
    return (require("pulumi-cleantalk/internal") as Runtime).dynamicProvider.delete(id, props);
  },
};

export = serializedProvider;
