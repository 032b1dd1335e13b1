// @ts-check
/**
 * Provider start-up, measured the way the engine meets it: spawn Pulumi's real
 * dynamic-provider plugin (`node @pulumi/pulumi/cmd/dynamic-provider <engine>`,
 * what `pulumi-resource-pulumi-nodejs` execs), wait for the port it prints,
 * then send Configure and a first Check over gRPC carrying the resource's
 * `__provider` text taken from a real `pulumi stack export`. The first Check
 * is where the host runs getProvider: requireFromString(text).handler(), then
 * provider.configure, then provider.check.
 *
 * Reported per start: spawnToPortMs (node + @pulumi/pulumi + gRPC server; the
 * same for every dynamic provider), firstCheckMs (deserialise + configure +
 * check: what differs between providers) and totalMs (spawn to first answer).
 */
const { spawn } = require("node:child_process");
const path = require("node:path");
const { performance } = require("node:perf_hooks");

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (/** @type {string} */ id) => require(require.resolve(id, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const structproto = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const hostScript = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");

/**
 * @param {{ providerText: string, inputs: Record<string, unknown>, config: Record<string, string>, cwd: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ spawnToPortMs: number, firstCheckMs: number, totalMs: number }>}
 */
async function measureStart(options) {
  const started = performance.now();
  // A dummy engine address: the host only connects to the engine for logging.
  const child = spawn(process.execPath, [hostScript, "127.0.0.1:1"], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  try {
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dynamic provider printed no port in 30 s: ${stderr}`)), 30_000);
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += String(chunk);
        const match = /^(\d+)\s/m.exec(out);
        if (match !== null) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`dynamic provider exited (${code}): ${stderr}`));
      });
    });
    const portAt = performance.now();
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      const configure = new provproto.ConfigureRequest();
      configure.setArgs(structproto.Struct.fromJavaScript(options.config));
      await unary(client, "configure", configure);
      const check = new provproto.CheckRequest();
      check.setUrn("urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource::start");
      check.setOlds(structproto.Struct.fromJavaScript({}));
      check.setNews(structproto.Struct.fromJavaScript({ ...options.inputs, __provider: options.providerText }));
      const response = await unary(client, "check", check);
      const failures = response.getFailuresList();
      if (failures.length > 0) throw new Error(`check failed: ${failures.map((/** @type {any} */ f) => f.getReason()).join("; ")}`);
    } finally {
      client.close();
    }
    const done = performance.now();
    return { spawnToPortMs: portAt - started, firstCheckMs: done - portAt, totalMs: done - started };
  } finally {
    child.kill("SIGKILL");
  }
}

/**
 * @param {any} client
 * @param {string} method
 * @param {unknown} request
 * @returns {Promise<any>}
 */
function unary(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + 30_000 }, (/** @type {Error | null} */ error, /** @type {unknown} */ response) => {
      if (error) reject(error);
      else resolve(response);
    });
  });
}

module.exports = { measureStart };
