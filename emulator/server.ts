import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { serveApi } from "./api-endpoint";
import { CONTROL_PREFIX, createControlHandler } from "./control";
import type { EmulatorCore } from "./emulator";
import { sendJson, splitUrl } from "./http-io";
import { formatLogLine, type LogEntry, type LogSink } from "./request-log";
import { isStoppedError, type TimerRegistry } from "./timer-registry";

/** node:http server routing `/` to the CleanTalk API and `/__emulator/...` to control. */
export function createEmulatorServer(core: EmulatorCore, timers: TimerRegistry, log: LogSink | undefined): Server {
  const control = createControlHandler(core);

  async function handle(req: IncomingMessage, res: ServerResponse, finish: (entry: Omit<LogEntry, "httpMethod" | "durationMs">) => void): Promise<void> {
    const { path, query } = splitUrl(req.url);
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      const status = await control(req, res, path);
      finish({ target: path, outcome: status });
      return;
    }
    if (path !== "/") {
      sendJson(res, 404, { error: "not found; the CleanTalk API is POST /" });
      finish({ target: "(path)", outcome: 404 });
      return;
    }
    if (req.method !== "POST" && req.method !== "GET") {
      sendJson(res, 405, { error: "use POST" }, { allow: "POST, GET" });
      finish({ target: "(none)", outcome: 405 });
      return;
    }
    await serveApi(req, res, query, core, timers, finish);
  }

  return createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    const start = performance.now();
    const finish = (entry: Omit<LogEntry, "httpMethod" | "durationMs">): void => {
      if (log !== undefined) {
        log(formatLogLine({ ...entry, httpMethod: req.method ?? "?", durationMs: performance.now() - start }));
      }
    };
    handle(req, res, finish).catch((error: unknown) => {
      if (isStoppedError(error)) {
        res.socket?.destroy();
        return;
      }
      // Only the error's name reaches the log: a message could quote request data.
      const name = error instanceof Error ? error.name : "unknown";
      if (!res.headersSent) sendJson(res, 500, { error: "internal emulator error" });
      else res.socket?.destroy();
      finish({ target: "(error)", outcome: `500 ${name}` });
    });
  });
}
