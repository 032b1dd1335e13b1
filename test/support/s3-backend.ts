import { type ChildProcessByStdio, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { REPO_ROOT, type StackBackend } from "./pulumi-cli";

let python: string | undefined;

/**
 * The Python interpreter of our cached moto install (scripts/s3-server.sh
 * installs it from PyPI the first time). Throws if it cannot be had: tests
 * of the S3 backend never skip.
 */
export function s3ServerPython(): string {
  python ??= execFileSync("bash", [path.join(REPO_ROOT, "scripts", "s3-server.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  return python;
}

export interface S3BackendOptions {
  /**
   * The bucket created for the state.
   * @default "pulumi-state"
   */
  readonly bucket?: string;
  /**
   * How long the server may take to start and report its port. Importing
   * moto takes a second or two on an idle machine; allow for a loaded one.
   * @default 30_000
   */
  readonly startTimeoutMs?: number;
  /**
   * How long `stop()` waits for the server to exit after closing its stdin,
   * before it kills it.
   * @default 10_000
   */
  readonly stopTimeoutMs?: number;
}

/** A running S3-compatible server on loopback holding one empty bucket, usable as a Pulumi backend. */
export interface S3Backend extends StackBackend {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly bucket: string;
  /**
   * The same backend as `url`, written with the parameters of the AWS SDK v1
   * that Pulumi's documentation shows (`disableSSL`, an endpoint without a
   * scheme). Pulumi 3.248 translates them for the v2 SDK it now uses.
   */
  readonly legacyUrl: string;
  /** The keys of every object in the bucket (up to 1,000, one listing page). */
  objectKeys(): Promise<string[]>;
  /** Stops the server and waits for it to exit; the bucket's contents go with it. */
  stop(): Promise<void>;
}

type ServerProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/** Requests to the server give up after this long; it answers in milliseconds. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How much of the server's stderr a failure message quotes. */
const STDERR_TAIL_CHARS = 4_000;

/**
 * Starts moto's S3 server on a free loopback port and creates the bucket.
 * Everything stays in the server's memory, so each call starts empty.
 */
export async function startS3Backend(options: S3BackendOptions = {}): Promise<S3Backend> {
  const bucket = options.bucket ?? "pulumi-state";
  const server: ServerProcess = spawn(s3ServerPython(), [path.join(REPO_ROOT, "tools", "s3-server", "serve.py")], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  server.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  const stop = () => stopServer(server, options.stopTimeoutMs ?? 10_000);

  try {
    const port = await readPort(server, options.startTimeoutMs ?? 30_000, () => stderr);
    const endpoint = `http://127.0.0.1:${port}`;
    // S3's CreateBucket: moto accepts it unsigned.
    const created = await fetch(`${endpoint}/${bucket}`, { method: "PUT", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (!created.ok) throw new Error(`creating bucket ${bucket} answered ${created.status}: ${await created.text()}`);
    return {
      endpoint,
      bucket,
      url: `s3://${bucket}?endpoint=${endpoint}&s3ForcePathStyle=true`,
      legacyUrl: `s3://${bucket}?endpoint=127.0.0.1:${port}&disableSSL=true&s3ForcePathStyle=true`,
      env: {
        // Dummy credentials: moto checks none, but the AWS SDK signs every request.
        AWS_ACCESS_KEY_ID: "local-test-access-key",
        AWS_SECRET_ACCESS_KEY: "local-test-secret-key",
        AWS_REGION: "us-east-1",
        // Nothing but this server may be asked: no instance metadata service,
        // and none of the shared profiles of whoever runs the tests.
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_PROFILE: "",
      },
      objectKeys: () => listKeys(endpoint, bucket),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The port the server prints on its first line, or why it never did. */
async function readPort(server: ServerProcess, timeoutMs: number, stderr: () => string): Promise<number> {
  const lines = createInterface({ input: server.stdout });
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const exited = once(server, "exit", { signal }).then(([code]) => {
      throw new Error(`the S3 server exited (${code}) before it reported its port:\n${stderr()}`);
    });
    const [first] = await Promise.race([once(lines, "line", { signal }), exited]);
    const port = Number(first);
    if (!Number.isInteger(port) || port <= 0) throw new Error(`the S3 server printed ${JSON.stringify(first)} instead of its port:\n${stderr()}`);
    return port;
  } catch (error) {
    if (signal.aborted) throw new Error(`the S3 server did not report its port within ${timeoutMs} ms:\n${stderr()}`);
    throw error;
  } finally {
    lines.close();
  }
}

/** Closes the server's stdin, which ends it (tools/s3-server/serve.py), and kills it if it lingers. */
async function stopServer(server: ServerProcess, timeoutMs: number): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, "exit");
  server.stdin.end();
  const timer = setTimeout(() => server.kill("SIGKILL"), timeoutMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

async function listKeys(endpoint: string, bucket: string): Promise<string[]> {
  const response = await fetch(`${endpoint}/${bucket}?list-type=2`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = await response.text();
  if (!response.ok) throw new Error(`listing bucket ${bucket} answered ${response.status}: ${body}`);
  return [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => match[1] ?? "");
}
