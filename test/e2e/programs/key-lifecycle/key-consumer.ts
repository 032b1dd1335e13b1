import * as pulumi from "@pulumi/pulumi";

/**
 * A stand-in for "the rest of the infrastructure": a resource whose input is
 * the Access key. It records the fingerprint of the key it last received, so
 * a test can prove a rotation reached the consumer in the same `up`.
 */
const consumerProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const { keyFingerprint } = require("pulumi-cleantalk/provider");
    return { id: "consumer", outs: { receivedFingerprint: keyFingerprint(inputs.authKey) } };
  },
  async diff(_id, olds, news) {
    const { keyFingerprint } = require("pulumi-cleantalk/provider");
    return { changes: olds.receivedFingerprint !== keyFingerprint(news.authKey) };
  },
  async update(_id, _olds, news) {
    const { keyFingerprint } = require("pulumi-cleantalk/provider");
    return { outs: { receivedFingerprint: keyFingerprint(news.authKey) } };
  },
};

export class KeyConsumer extends pulumi.dynamic.Resource {
  declare readonly receivedFingerprint: pulumi.Output<string>;
  constructor(name: string, authKey: pulumi.Input<string>) {
    super(consumerProvider, name, { authKey, receivedFingerprint: undefined }, {}, "e2e", "KeyConsumer");
  }
}
