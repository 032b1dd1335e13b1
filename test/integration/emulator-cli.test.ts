import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorControl } from "../../emulator";
import { parseCliArgs } from "../../emulator/cli-args";
import { parseDuration } from "../../emulator/duration";
import { callApi, uniqueSite } from "../support/emulator-http";
import { runEmulatorCli, spawnEmulatorCli } from "../support/emulator-process";

jest.setTimeout(20_000);

describe("emulator CLI", () => {
  it("parses durations and flags", () => {
    expect([parseDuration("90s"), parseDuration("10m"), parseDuration("365d"), parseDuration("250ms"), parseDuration("5")]).toEqual([
      90_000, 600_000, 31_536_000_000, 250, 5_000,
    ]);
    expect(parseDuration("ten minutes")).toBeUndefined();
    expect(parseCliArgs(["--port", "0", "--key-lifetime", "90s", "--rate-limit", "100/60"])).toEqual({
      kind: "run",
      quiet: false,
      options: { port: 0, keyLifetimeMs: 90_000, rateLimit: { calls: 100, windowMs: 60_000 } },
    });
    // The undocumented reissue-on-expiry is opt-in only.
    expect(parseCliArgs(["--port", "0", "--reissue-after-expiry"])).toEqual({ kind: "run", quiet: false, options: { port: 0, reissueAfterExpiry: true } });
    expect(parseCliArgs(["--key-lifetime", "90s"])).not.toHaveProperty("options.reissueAfterExpiry");
    expect(parseCliArgs(["--rate-limit", "100"])).toMatchObject({ kind: "error" });
    expect(parseCliArgs(["--bogus"])).toMatchObject({ kind: "error" });
  });

  it("serves, logs without secrets, persists, and stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cleantalk-emulator-cli-"));
    const stateFile = join(dir, "state.json");
    const emulator = await spawnEmulatorCli([
      "--port",
      "0",
      "--state-file",
      stateFile,
      "--same-key-window",
      "10s",
      "--key-lifetime",
      "90s",
      "--rate-limit",
      "100/60",
    ]);
    try {
      const control = new EmulatorControl(emulator.url);
      expect(await control.config()).toEqual({
        sameKeyWindowMs: 10_000,
        keyLifetimeMs: 90_000,
        // The documented behaviour: no new key through the API once a key expired.
        reissueAfterExpiry: false,
        rateLimit: { calls: 100, windowMs: 60_000 },
        errorHttpStatus: 200,
        latencyMs: 0,
      });
      const { email, website, hostname } = uniqueSite("cli");
      const answer = await callApi(emulator.url, { method_name: "get_api_key", email, website });
      expect(answer.status).toBe(200);
      const issued = await control.issued();
      expect(JSON.parse(readFileSync(stateFile, "utf8")).sites).toHaveLength(1);

      const code = await emulator.stop("SIGTERM");
      expect(code).toBe(0);
      const out = emulator.stdout();
      expect(out).toContain(`POST get_api_key host=${hostname} status=200`);
      expect(out).toContain("stopping (SIGTERM)");
      for (const secret of [...issued.authKeys, ...issued.userTokens, ...issued.passwordHashes, email]) {
        expect(out).not.toContain(secret);
      }
    } finally {
      if (emulator.child.exitCode === null) await emulator.stop("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints usage on --help and exits 2 on a bad flag", async () => {
    const [help, bad] = await Promise.all([runEmulatorCli(["--help"]), runEmulatorCli(["--key-lifetime", "forever"])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--rate-limit CALLS/SECS");
    expect(help.stdout).toContain("--reissue-after-expiry");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--key-lifetime: not a duration");
  });
});
