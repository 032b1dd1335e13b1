import * as pulumi from "@pulumi/pulumi";

/** A resource unrelated to the key: its change must deploy whatever state the key is in. */
const noteProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "note", outs: { text: inputs.text } };
  },
  async diff(_id, olds, news) {
    return { changes: olds.text !== news.text };
  },
  async update(_id, _olds, news) {
    return { outs: { text: news.text } };
  },
};

export class Note extends pulumi.dynamic.Resource {
  declare readonly text: pulumi.Output<string>;
  constructor(name: string, text: pulumi.Input<string>) {
    super(noteProvider, name, { text }, {}, "e2e", "Note");
  }
}
