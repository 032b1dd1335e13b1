// @ts-check
/**
 * The emulator in its own process (dist/emulator/cli.js), so the code under
 * measurement and the server it calls do not share one event loop; control
 * (latency, counters) goes through its HTTP control surface.
 */
const { spawn } = require("node:child_process");
const path = require("node:path");
const { EmulatorControl } = require("../../dist/emulator");

/** @returns {Promise<{ url: string, control: any, stop: () => Promise<void> }>} */
function startEmulatorProcess() {
  const cli = path.join(__dirname, "..", "..", "dist", "emulator", "cli.js");
  const child = spawn(process.execPath, [cli, "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("emulator did not start within 15 s"));
    }, 15_000);
    child.once("exit", (code) => reject(new Error(`emulator exited early (${code})`)));
    child.stdout.on("data", (chunk) => {
      buffered += String(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(buffered);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      child.removeAllListeners("exit");
      const url = /** @type {string} */ (match[1]);
      const stop = () =>
        new Promise((done) => {
          if (child.exitCode !== null) return done(undefined);
          child.once("exit", () => done(undefined));
          child.kill("SIGTERM");
        }).then(() => undefined);
      resolve({ url, control: new EmulatorControl(url), stop });
    });
  });
}

module.exports = { startEmulatorProcess };
