import * as pulumi from "@pulumi/pulumi";

// The floor every dynamic-provider resource pays: an empty provider whose
// create returns a fixed id. BENCH_CREATE_SLEEP_MS (read in the provider
// process, so nothing extra is captured into state) stands in for API latency.
const minimalProvider: pulumi.dynamic.ResourceProvider = {
  async create() {
    const ms = Number(process.env.BENCH_CREATE_SLEEP_MS ?? "0");
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    return { id: "fixed", outs: {} };
  },
};

// `props` empty placeholder properties make a "wide" floor with as many
// properties as a CleantalkAccessKey (2 inputs + 2 outputs): the program-side
// cost Pulumi charges per property, without any provider work or state.
class MinimalResource extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, undefined>) {
    super(minimalProvider, name, props, {}, "bench", "Minimal");
  }
}

const config = new pulumi.Config();
const count = config.requireNumber("count");
const width = config.getNumber("props") ?? 0;
// A fresh object per resource: the SDK adds `__provider` to the props it is given.
const props = (): Record<string, undefined> => Object.fromEntries(Array.from({ length: width }, (_, i) => [`p${i}`, undefined]));
for (let i = 0; i < count; i++) new MinimalResource(`res-${i}`, props());
