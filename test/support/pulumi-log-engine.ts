import * as grpc from "@grpc/grpc-js";

/** One `pulumi.log.*` message as the engine receives it. */
export interface EngineLog {
  /** "debug" | "info" | "warning" | "error" */
  readonly severity: string;
  readonly message: string;
  /** The URN of the resource the message is attached to; "" when none. */
  readonly urn: string;
}

export interface LogEngine {
  /** What the program logged so far. */
  readonly logs: EngineLog[];
  /** Waits until every log sent before this call has reached the engine. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const severities = ["debug", "info", "warning", "error"];
const FLUSH = "pulumi-cleantalk test: flush";

/**
 * The part of Pulumi's engine that receives `pulumi.log.*`, on loopback.
 *
 * `pulumi.runtime.setMocks` mocks the resource monitor only: without an engine, `pulumi.log`
 * falls back to `console.warn` and drops the resource the message is attached to. The runtime
 * connects to the engine named by PULUMI_NODEJS_ENGINE, so pointing that at this server shows
 * each message as the CLI would get it, with its resource's URN. Start it before `setMocks`.
 */
export async function startLogEngine(): Promise<LogEngine> {
  // Pulumi's own generated service definition and message types, so the wire format is the real one.
  const { EngineService } = require("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineService: grpc.ServiceDefinition };
  const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };
  const logs: EngineLog[] = [];
  const flushed: (() => void)[] = [];
  const server = new grpc.Server();
  server.addService(EngineService, {
    log(call: grpc.ServerUnaryCall<{ getSeverity(): number; getMessage(): string; getUrn(): string }, unknown>, callback: grpc.sendUnaryData<unknown>) {
      const request = call.request;
      if (request.getMessage() === FLUSH) flushed.shift()?.();
      else logs.push({ severity: severities[request.getSeverity()] ?? String(request.getSeverity()), message: request.getMessage(), urn: request.getUrn() });
      callback(null, new Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const previous = process.env.PULUMI_NODEJS_ENGINE;
  process.env.PULUMI_NODEJS_ENGINE = `127.0.0.1:${port}`;
  return {
    logs,
    async flush() {
      // pulumi.log delivers messages one after another, so once this one arrives, every earlier one has.
      const pulumi = await import("@pulumi/pulumi");
      const arrived = new Promise<void>((resolve) => flushed.push(resolve));
      await pulumi.log.debug(FLUSH);
      await arrived;
    },
    stop() {
      if (previous === undefined) delete process.env.PULUMI_NODEJS_ENGINE;
      else process.env.PULUMI_NODEJS_ENGINE = previous;
      return new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}
