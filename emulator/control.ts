import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { type ClockState, CONTROL_PREFIX, clockRequestSchema, configPatchSchema, faultSpecSchema, generateKeyRequestSchema } from "./control-schemas";
import { DashboardInputError, type EmulatorCore } from "./emulator";
import { readBody, sendJson } from "./http-io";

export { CONTROL_PREFIX };

type Handler = (body: unknown) => unknown;
type Route = Readonly<Partial<Record<"GET" | "POST" | "DELETE", Handler>>>;

class BadRequest extends Error {
  constructor(
    message: string,
    readonly issues: readonly unknown[] = [],
  ) {
    super(message);
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new BadRequest(
      "request body does not match the schema",
      result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
    );
  }
  return result.data;
}

export function clockState(core: EmulatorCore): ClockState {
  const now = core.clock.now();
  return { now: new Date(now).toISOString(), nowMs: now, offsetMs: core.clock.offset() };
}

function routes(core: EmulatorCore): Readonly<Record<string, Route>> {
  return {
    "/health": { GET: () => ({ ok: true }) },
    "/dashboard/generate-key": {
      POST: (body) => {
        const request = parse(generateKeyRequestSchema, body);
        try {
          return { authKey: core.generateKey(request) };
        } catch (error) {
          if (error instanceof DashboardInputError) throw new BadRequest(error.message);
          throw error;
        }
      },
    },
    "/faults": {
      GET: () => ({ faults: core.faults.list() }),
      POST: (body) => core.addFault(parse(faultSpecSchema, body)),
      DELETE: () => {
        core.faults.clear();
        return { faults: [] };
      },
    },
    "/clock": {
      GET: () => clockState(core),
      POST: (body) => {
        const request = parse(clockRequestSchema, body);
        if ("set" in request) core.clock.set(Date.parse(request.set));
        else core.clock.advance(request.advanceMs);
        return clockState(core);
      },
    },
    "/config": {
      GET: () => core.currentConfig(),
      POST: (body) => core.configure(parse(configPatchSchema, body)),
    },
    "/counters": { GET: () => core.counters.snapshot() },
    "/issued": { GET: () => core.issued() },
    "/sites": { GET: () => ({ sites: core.sites() }) },
    "/reset": {
      POST: () => {
        core.reset();
        return { ok: true };
      },
    },
  };
}

/**
 * The control surface: JSON in, JSON out. Tests, the quickstart and benchmarks use it to play
 * the dashboard, inject faults and read counters; the provider must never call it.
 */
export function createControlHandler(core: EmulatorCore) {
  const table = routes(core);
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<number> => {
    const route = table[path.slice(CONTROL_PREFIX.length).replace(/\/+$/, "")];
    if (route === undefined) {
      sendJson(res, 404, { error: "unknown control path" });
      return 404;
    }
    const method = req.method as keyof Route;
    const handler = route[method];
    if (handler === undefined) {
      sendJson(res, 405, { error: `method not allowed; use ${Object.keys(route).join(", ")}` }, { allow: Object.keys(route).join(", ") });
      return 405;
    }
    try {
      const read = await readBody(req);
      if (!read.ok) throw new BadRequest("body too large");
      const text = read.body.toString("utf8").trim();
      let body: unknown = {};
      if (text !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          throw new BadRequest("body is not JSON");
        }
      }
      sendJson(res, 200, handler(body));
      return 200;
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      sendJson(res, 400, { error: error.message, issues: error.issues });
      return 400;
    }
  };
}
