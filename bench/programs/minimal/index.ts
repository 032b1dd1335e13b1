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

// The "stored floor": the same empty create, returning what a key stores
// (bench/programs/stored-key-provider, which bench/run.js installs beside
// this program; loaded only when asked for).
const storedKeyProvider = (): pulumi.dynamic.ResourceProvider => require("bench-stored-key-provider");

// `props` empty placeholder properties make a "wide" floor with as many
// properties as a CleantalkAccessKey (2 inputs + 2 outputs): the program-side
// cost Pulumi charges per property, without any provider work or state.
class MinimalResource extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>, storedKey: boolean) {
    super(storedKey ? storedKeyProvider() : minimalProvider, name, props, storedKey ? { additionalSecretOutputs: ["credentials"] } : {}, "bench", "Minimal");
  }
}

const config = new pulumi.Config();
const count = config.requireNumber("count");
const width = config.getNumber("props") ?? 0;
// `stored: key`: the stored floor, registering the properties a key registers.
const storedKey = config.get("stored") === "key";
// A fresh object per resource: the SDK adds `__provider` to the props it is given.
const props = (i: number): Record<string, unknown> =>
  storedKey
    ? { email: `floor-${i}@example.com`, website: [`https://site-${i}.floor.example.com`], credentials: undefined, details: undefined }
    : Object.fromEntries(Array.from({ length: width }, (_, p) => [`p${p}`, undefined]));
for (let i = 0; i < count; i++) new MinimalResource(`res-${i}`, props(i), storedKey);
