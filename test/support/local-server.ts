import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A bare HTTP server on loopback, port 0, for answers the emulator does not give (redirects, huge or endless bodies). */
export interface LocalServer {
  /** e.g. `http://127.0.0.1:39127` */
  readonly url: string;
  /** `127.0.0.1:<port>`, as a client would name the host. */
  readonly host: string;
  /** Requests received so far. */
  requests(): number;
  /** Connections closed so far (by either side). */
  closedConnections(): number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Starts a server whose every request is answered by `handler` once the request body has been read. */
export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  let requests = 0;
  let closed = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on("end", () => handler(req, res));
  });
  server.on("connection", (socket) => socket.on("close", () => closed++));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests: () => requests,
    closedConnections: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
