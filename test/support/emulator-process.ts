import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

export interface EmulatorProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Sends the signal and resolves with the exit code; SIGKILLs after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
}

/**
 * Runs `emulator/cli.ts` as a real process (through ts-node, so no build is needed) and waits
 * for its "listening on" line. Bounded by `startTimeoutMs`.
 */
export function spawnEmulatorCli(args: readonly string[], startTimeoutMs = 15_000): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), join(ROOT, "emulator", "cli.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, "tsconfig.json") },
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`emulator CLI did not start in ${startTimeoutMs} ms; stderr: ${err}`));
    }, startTimeoutMs);
    const poll = setInterval(() => {
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] === undefined) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        child,
        url: match[1],
        stdout: () => out,
        stop: async (signal = "SIGTERM", graceMs = 5_000) => {
          child.kill(signal);
          const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
          const code = await exited;
          clearTimeout(kill);
          return code;
        },
      });
    }, 25);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`emulator CLI exited with ${code} before listening; stderr: ${err}`));
    });
  });
}

/** Runs the CLI to completion (for --help and bad flags). */
export function runEmulatorCli(args: readonly string[], timeoutMs = 15_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), join(ROOT, "emulator", "cli.ts"), ...args], {
      cwd: ROOT,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
