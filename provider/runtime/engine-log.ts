import path from "node:path";
import type * as Grpc from "@grpc/grpc-js";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";

// The gRPC library @pulumi/pulumi's generated clients were built with: its
// credentials must come from that same copy of the package.
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] })) as typeof Grpc;

/** Warnings shown by the engine, under the resource they name. */
export interface EngineLog {
  warn(message: string, urn?: string): void;
}

/**
 * The engine's log service, for a provider plugin. The engine hides a
 * plugin's stdout and stderr (only a dynamic provider's are shown), so
 * retry notices and due-key warnings are sent through the engine's own Log
 * call, which also attaches them to the resource's URN.
 */
export function engineLog(engineAddress: string | undefined): EngineLog {
  if (engineAddress === undefined) return { warn: (message) => console.error(message) };
  const client = new engineRpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
  return {
    warn(message, urn) {
      const request = new engineProto.LogRequest();
      request.setSeverity(engineProto.LogSeverity.WARNING);
      request.setMessage(message);
      if (urn !== undefined) request.setUrn(urn);
      // A warning that cannot be delivered is not worth failing a step for.
      client.log(request, () => {});
    },
  };
}

/** The engine's address: the first argument the engine starts a plugin with (flags aside). */
export function engineAddressFrom(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--tracing") {
      i++;
      continue;
    }
    if (arg.startsWith("-")) continue;
    return arg;
  }
  return undefined;
}
