import * as pulumi from "@pulumi/pulumi";

/**
 * A stand-in for "the rest of the infrastructure": a resource whose input is
 * the key's secret credentials. It records the fingerprint of the key it last
 * received (keyed with the credentials' salt, as the key's own fingerprint
 * is), so a test can prove a rotation reached the consumer in the same `up`.
 */
const consumerProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const { keyFingerprint } = require("pulumi-cleantalk/internal");
    return { id: "consumer", outs: { receivedFingerprint: keyFingerprint(inputs.credentials.authKey, inputs.credentials.salt) } };
  },
  async diff(_id, olds, news) {
    // At preview the credentials of a key being updated are not known yet.
    if (typeof news.credentials !== "object" || news.credentials === null) return { changes: true };
    const { keyFingerprint } = require("pulumi-cleantalk/internal");
    return { changes: olds.receivedFingerprint !== keyFingerprint(news.credentials.authKey, news.credentials.salt) };
  },
  async update(_id, _olds, news) {
    const { keyFingerprint } = require("pulumi-cleantalk/internal");
    return { outs: { receivedFingerprint: keyFingerprint(news.credentials.authKey, news.credentials.salt) } };
  },
};

export class KeyConsumer extends pulumi.dynamic.Resource {
  declare readonly receivedFingerprint: pulumi.Output<string>;
  constructor(name: string, credentials: pulumi.Input<{ authKey: string; salt: string }>) {
    super(consumerProvider, name, { credentials, receivedFingerprint: undefined }, {}, "e2e", "KeyConsumer");
  }
}
