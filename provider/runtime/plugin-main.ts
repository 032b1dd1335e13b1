import path from "node:path";
import { main } from "@pulumi/pulumi/provider";
import { engineAddressFrom, engineLog } from "./engine-log";
import { createPluginProvider } from "./plugin-provider";

/**
 * Starts `pulumi-resource-cleantalk`: the engine runs it with its own address
 * as the first argument and reads the port from its first line of output.
 */
export function runPlugin(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  answerEmptyReads();
  const { version } = require(path.join(__dirname, "..", "..", "..", "package.json")) as { version: string };
  const provider = createPluginProvider({ version, log: engineLog(engineAddressFrom(args)), pulumiConfig: process.env.PULUMI_CONFIG });
  return main(provider, [...args]);
}

/**
 * `pulumi import` sends Read with an id and no properties, and the Node
 * provider SDK's server reads them without a check, failing with "Cannot read
 * properties of undefined" before any provider code runs. An empty request
 * reads as empty properties here, so the provider can answer it with the
 * way to adopt a key instead.
 */
function answerEmptyReads(): void {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const load = (request: string) => require(require.resolve(request, { paths: [pulumiDir] }));
  const { ReadRequest } = load("@pulumi/pulumi/proto/provider_pb") as { ReadRequest: { prototype: { getProperties(): unknown } } };
  const { Struct } = load("google-protobuf/google/protobuf/struct_pb") as { Struct: new () => unknown };
  const getProperties = ReadRequest.prototype.getProperties;
  ReadRequest.prototype.getProperties = function (this: unknown) {
    return getProperties.call(this) ?? new Struct();
  };
}
